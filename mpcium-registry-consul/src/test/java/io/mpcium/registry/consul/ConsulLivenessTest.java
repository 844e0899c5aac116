package io.mpcium.registry.consul;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpcium.PartyId;
import io.mpcium.registry.consul.testing.ConsulAgentExtension;
import io.mpcium.spi.PeerInfo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node process killed with SIGKILL (no goodbye, no cleanup) is seen as not ready by the others
 * once Consul expires its session, without anyone deleting anything.
 */
class ConsulLivenessTest {
  @RegisterExtension
  static final ConsulAgentExtension CONSUL = new ConsulAgentExtension();

  private static final Duration TTL = Duration.ofSeconds(2);
  private static final PartyId NODE = PartyId.of("node-k");

  @Test
  void aKilledNodeIsSeenNotReadyOnceItsSessionExpires(TestReporter report) throws Exception {
    String prefix = "liveness-" + UUID.randomUUID() + "/";
    try (ConsulPeerRegistry observer = ConsulPeerRegistry.builder().address(CONSUL.address())
        .keyPrefix(prefix).sessionTtl(TTL).waitTime(Duration.ofSeconds(10)).build()) {
      ReadinessEvents events = new ReadinessEvents();
      ConsulPeerRegistry.Subscription watching = observer.watchReadiness(events);
      try {
        Process node = startNode(prefix);
        try {
          StringBuilder output = new StringBuilder();
          String nodeId = readyLine(node, output).get(60, TimeUnit.SECONDS);
          events.await("node-k ready", ready -> ready.contains(NODE), Duration.ofSeconds(30));

          long killed = System.nanoTime();
          node.destroyForcibly();
          assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
          assertThat(node.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);

          // Consul expires a session between one and two TTLs after its last renewal.
          events.await("node-k not ready", ready -> !ready.contains(NODE),
              TTL.multipliedBy(2).plusSeconds(4));
          long seenMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
          report.publishEntry("killed node seen not ready after (ms)", Long.toString(seenMillis));

          assertThat(observer.readyPeers()).doesNotContain(NODE);
          assertThat(observer.peers()).extracting(PeerInfo::id).containsExactly(NODE);
          assertThat(observer.nodeId(NODE)).contains(nodeId);
        } finally {
          node.destroyForcibly();
        }
      } finally {
        watching.close();
      }
    }
  }

  private static Process startNode(String prefix) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
        ReadyNodeMain.class.getName(), CONSUL.address(), prefix, NODE.value(),
        Long.toString(TTL.toSeconds()));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  /** Completes with the node id from the child's {@code READY <nodeId>} line. */
  private static CompletableFuture<String> readyLine(Process node, StringBuilder output) {
    CompletableFuture<String> ready = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          synchronized (output) {
            output.append(line).append('\n');
          }
          if (line.startsWith("READY ")) {
            ready.complete(line.substring("READY ".length()).strip());
          }
        }
      } catch (IOException e) {
        // The process ended.
      }
      synchronized (output) {
        ready.completeExceptionally(new AssertionError("the node exited before it was ready:\n"
            + output));
      }
    }, "ready-node-output");
    reader.setDaemon(true);
    reader.start();
    return ready;
  }
}
