package io.mpcium.examples.node;

import io.mpcium.ThresholdNode;
import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * A standalone node's figures as a platform MXBean, {@code io.mpcium:type=Node,name=<node>}:
 * JMX tools and the soak test read them next to the JVM's own (heap, threads). Holds no secret.
 * Closing it unregisters it. Thread-safe.
 */
public final class NodeStatistics implements NodeStatisticsMXBean, AutoCloseable {
  private final ThresholdNode node;
  private final ObjectName name;

  private NodeStatistics(ThresholdNode node, ObjectName name) {
    this.node = node;
    this.name = name;
  }

  /** The JMX name of {@code nodeName}'s statistics. */
  public static ObjectName objectName(String nodeName) throws JMException {
    return new ObjectName("io.mpcium:type=Node,name=" + ObjectName.quote(nodeName));
  }

  /** Registers {@code node}'s statistics with the platform MBean server. */
  public static NodeStatistics register(ThresholdNode node) throws JMException {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    NodeStatistics statistics = new NodeStatistics(node, objectName(node.id().value()));
    server.registerMBean(statistics, statistics.name);
    return statistics;
  }

  @Override
  public int getActiveSessions() {
    return node.activeSessions();
  }

  @Override
  public void close() throws JMException {
    ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
  }
}
