package io.mpcium.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.tools.attach.VirtualMachine;
import io.mpcium.Initiator;
import io.mpcium.KeyScheme;
import io.mpcium.examples.node.NodeProcesses;
import io.mpcium.examples.node.NodeStatistics;
import io.mpcium.transport.nats.NatsConnections;
import io.mpcium.transport.nats.NatsPeerRegistry;
import io.mpcium.transport.nats.client.MpcClient;
import io.mpcium.transport.nats.testing.NatsServerExtension;
import io.mpcium.transport.nats.wire.KeygenResultEvent;
import io.mpcium.transport.nats.wire.SigningResultEvent;
import io.nats.client.Connection;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded soak of the three-process NATS cluster: a fixed number of mixed keygen and signing
 * requests (both key types) in concurrent batches, with a node killed (SIGKILL) and restarted at
 * seeded random points. Every request must get exactly one answer (a correct signature, a
 * wallet, or an error), and afterwards every node must be idle (no session left), with heap
 * after a full GC and thread count within bounds of the warm-up readings, read over JMX from
 * each node process.
 *
 * <p>CI runs the short version with the suite ({@value #DEFAULT_OPERATIONS} operations); the
 * long one: {@code mvn -B verify -pl mpcium-examples -am -Dtest=SoakTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dmpcium.soak.operations=20000
 * -Dmpcium.soak.restarts=40} (a seed is printed and can be given with {@code
 * -Dmpcium.soak.seed}).
 */
@Tag("soak")
@SuppressWarnings("try") // jnats' Connection.close() declares InterruptedException
class SoakTest {
  static final int DEFAULT_OPERATIONS = 200;
  private static final int BATCH = 10;
  private static final long HEAP_SLACK = 64L << 20;
  private static final int THREAD_SLACK = 30;

  @RegisterExtension
  static final NatsServerExtension NATS = new NatsServerExtension();

  @TempDir
  Path work;

  /** A JMX connection to one node process. */
  private record Probe(JMXConnector connector, MemoryMXBean memory, ThreadMXBean threads,
      MBeanServerConnection server, String node) implements AutoCloseable {
    static Probe attach(Process process, String node) throws Exception {
      VirtualMachine vm = VirtualMachine.attach(String.valueOf(process.pid()));
      String address;
      try {
        address = vm.startLocalManagementAgent();
      } finally {
        vm.detach();
      }
      JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
      MBeanServerConnection server = connector.getMBeanServerConnection();
      return new Probe(connector,
          ManagementFactory.newPlatformMXBeanProxy(server, ManagementFactory.MEMORY_MXBEAN_NAME,
              MemoryMXBean.class),
          ManagementFactory.newPlatformMXBeanProxy(server, ManagementFactory.THREAD_MXBEAN_NAME,
              ThreadMXBean.class), server, node);
    }

    long heapAfterGc() {
      memory.gc();
      return memory.getHeapMemoryUsage().getUsed();
    }

    int activeSessions() throws Exception {
      return (Integer) server.getAttribute(NodeStatistics.objectName(node), "ActiveSessions");
    }

    @Override
    public void close() throws Exception {
      connector.close();
    }

    /** Closes the connection to a process that is gone. */
    void closeQuietly() {
      try {
        connector.close();
      } catch (Exception gone) {
        // The process was killed: nothing to close on its side.
      }
    }
  }

  private record Reading(long heap, int threads) { }

  @Test
  void everyRequestGetsExactlyOneAnswerAndNodesStayFlat() throws Exception {
    int operations = Integer.getInteger("mpcium.soak.operations", DEFAULT_OPERATIONS);
    int restarts = Integer.getInteger("mpcium.soak.restarts", 2);
    long seed = Long.getLong("mpcium.soak.seed", new SecureRandom().nextLong());
    System.out.println("soak: " + operations + " operations, " + restarts
        + " restarts, seed " + seed);
    Random random = new Random(seed);
    SecureRandom rng = new SecureRandom();
    Initiator initiator = Initiator.generateEd25519(rng);
    NodeProcesses.Options options = new NodeProcesses.Options(3, 1, 16, Duration.ofSeconds(8),
        List.of("request_ack_wait_ms: 3000"));
    List<Integer> restartAt = new ArrayList<>();
    for (int i = 0; i < restarts; i++) {
      restartAt.add(BATCH * (1 + random.nextInt(Math.max(1, operations / BATCH - 1))));
    }
    long started = System.nanoTime();
    try (NodeProcesses nodes = NodeProcesses.start(NATS.url(), initiator.publicKey(), options,
        work, Duration.ofSeconds(90));
        Connection connection = NatsConnections.connect(NATS.url(), "soak-client");
        MpcClient client = MpcClient.create(connection, initiator, Optional.of("soak"))) {
      NatsPeerRegistry registry = NatsPeerRegistry.builder(connection).build();
      assertThat(registry.awaitReady(nodes.ids(), Duration.ofSeconds(30))).isTrue();
      Map<String, AtomicInteger> signAnswers = new ConcurrentHashMap<>();
      Map<String, AtomicInteger> keygenAnswers = new ConcurrentHashMap<>();
      client.onSignResult(e -> signAnswers.computeIfAbsent(e.txId(), t -> new AtomicInteger())
          .incrementAndGet());
      client.onWalletCreationResult(e -> keygenAnswers.computeIfAbsent(e.walletId(),
          w -> new AtomicInteger()).incrementAndGet());

      List<Wallet> wallets = new ArrayList<>();
      Workload workload = new Workload(client, random, wallets);
      // Warm-up: two wallets and a batch of signatures, then the baseline readings.
      for (int i = 0; i < 2; i++) {
        workload.keygen().get(120, TimeUnit.SECONDS);
      }
      workload.batch(BATCH, 0).get(300, TimeUnit.SECONDS);
      List<Probe> probes = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        probes.add(Probe.attach(nodes.process(i), nodes.ids().get(i).value()));
      }
      List<Reading> baseline = new ArrayList<>();
      for (Probe probe : probes) {
        baseline.add(new Reading(probe.heapAfterGc(), probe.threads().getThreadCount()));
      }

      int done = 0;
      while (done < operations) {
        int size = Math.min(BATCH, operations - done);
        CompletableFuture<Void> batch = workload.batch(size, 0.1);
        if (restartAt.contains(done)) {
          int victim = random.nextInt(3);
          nodes.kill(victim);
          nodes.restart(victim).get(90, TimeUnit.SECONDS);
          assertThat(registry.awaitReady(nodes.ids(), Duration.ofSeconds(60))).isTrue();
          probes.get(victim).closeQuietly();
          probes.set(victim, Probe.attach(nodes.process(victim), nodes.ids().get(victim)
              .value()));
        }
        batch.get(300, TimeUnit.SECONDS);
        done += size;
      }

      // Exactly one answer per request, as the client sees them.
      assertThat(signAnswers.keySet()).containsAll(workload.txIds);
      assertThat(keygenAnswers.keySet()).containsAll(workload.walletIds);
      assertThat(signAnswers.values()).allMatch(n -> n.get() == 1);
      assertThat(keygenAnswers.values()).allMatch(n -> n.get() == 1);
      // Idle, flat nodes.
      for (int i = 0; i < 3; i++) {
        Probe probe = probes.get(i);
        Reading end = new Reading(probe.heapAfterGc(), probe.threads().getThreadCount());
        System.out.printf("soak: node%d heap after GC %d KiB -> %d KiB, threads %d -> %d%n", i,
            baseline.get(i).heap() >> 10, end.heap() >> 10, baseline.get(i).threads(),
            end.threads());
        assertThat(probe.activeSessions()).as("sessions left at node%d", i).isZero();
        assertThat(end.heap()).as("heap of node%d", i)
            .isLessThanOrEqualTo(2 * baseline.get(i).heap() + HEAP_SLACK);
        assertThat(end.threads()).as("threads of node%d", i)
            .isLessThanOrEqualTo(baseline.get(i).threads() + THREAD_SLACK);
        probe.close();
      }
      System.out.printf("soak: %d operations (%d signatures, %d wallets, %d errors) in %d s%n",
          operations, workload.txIds.size(), workload.walletIds.size(), workload.errors.get(),
          TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
      registry.close();
    }
  }

  private record Wallet(String id, Map<KeyScheme, byte[]> keys) { }

  /** Mixed requests; checks each answer (signatures with standard verifiers). */
  private static final class Workload {
    final MpcClient client;
    final Random random;
    final List<Wallet> wallets;
    final List<String> txIds = new ArrayList<>();
    final List<String> walletIds = new ArrayList<>();
    final AtomicInteger errors = new AtomicInteger();

    Workload(MpcClient client, Random random, List<Wallet> wallets) {
      this.client = client;
      this.random = random;
      this.wallets = wallets;
    }

    CompletableFuture<Void> keygen() {
      String id = "soak-" + UUID.randomUUID();
      synchronized (walletIds) {
        walletIds.add(id);
      }
      return client.createWalletAsync(id).thenAccept(result -> check(result, id));
    }

    private void check(KeygenResultEvent result, String id) {
      if (result.isSuccess()) {
        synchronized (wallets) {
          wallets.add(new Wallet(id, GatewayResults.publicKeys(result)));
        }
      } else {
        errors.incrementAndGet();
      }
    }

    /** {@code size} requests at once, a share {@code keygenShare} of them key generations. */
    CompletableFuture<Void> batch(int size, double keygenShare) throws Exception {
      List<CompletableFuture<Void>> answers = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        if (random.nextDouble() < keygenShare) {
          answers.add(keygen());
          continue;
        }
        Wallet wallet;
        synchronized (wallets) {
          wallet = wallets.get(random.nextInt(wallets.size()));
        }
        byte[] tx = new byte[32];
        random.nextBytes(tx);
        KeyScheme scheme = random.nextBoolean() ? KeyScheme.SECP256K1 : KeyScheme.ED25519;
        CompletableFuture<SigningResultEvent> answer =
            client.signAsync(scheme.label(), wallet.id(), "soak", tx);
        answers.add(answer.thenAccept(result -> {
          synchronized (txIds) {
            txIds.add(result.txId());
          }
          if (!result.isSuccess()) {
            errors.incrementAndGet();
            return;
          }
          byte[] key = wallet.keys().get(scheme);
          assertThat(SignatureCheck.verifies(GatewayResults.signature(wallet.id(), scheme, key,
              tx, result))).as("a correct signature").isTrue();
        }));
      }
      return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new));
    }
  }

}
