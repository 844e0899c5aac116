package io.mpcium.examples.node;

/** What {@link NodeStatistics} shows over JMX; read-only. */
public interface NodeStatisticsMXBean {
  /** Protocol sessions running now (zero when the node is idle). */
  int getActiveSessions();
}
