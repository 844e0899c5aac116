package io.mpcium.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpcium.Initiator;
import io.mpcium.examples.node.NodeProcesses;
import io.mpcium.transport.nats.NatsConnections;
import io.mpcium.transport.nats.NatsPeerRegistry;
import io.mpcium.transport.nats.client.MpcClient;
import io.mpcium.transport.nats.testing.NatsServerExtension;
import io.mpcium.transport.nats.wire.KeygenResultEvent;
import io.mpcium.transport.nats.wire.SigningResultEvent;
import io.nats.client.Connection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to a node process in the middle of a stream of signing requests: the node stops
 * taking requests, finishes what it runs, leaves the cluster and exits; every request is
 * answered exactly once, with a valid signature; restarted, the node rejoins by itself. The
 * nodes run with {@code environment: production}, so their logs are JSON lines.
 */
@SuppressWarnings("try") // jnats' Connection.close() declares InterruptedException
class GracefulShutdownTest {
  @RegisterExtension
  static final NatsServerExtension NATS = new NatsServerExtension();

  @TempDir
  Path work;

  private static String readLog(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }

  @Test
  void sigtermDuringAStreamOfSigningRequestsLosesNoneAndTheNodeRejoins() throws Exception {
    SecureRandom rng = new SecureRandom();
    Initiator initiator = Initiator.generateEd25519(rng);
    NodeProcesses.Options options = new NodeProcesses.Options(3, 1, 16, Duration.ofSeconds(10),
        List.of("request_ack_wait_ms: 3000", "shutdown_timeout_ms: 15000",
            "environment: production"));
    try (NodeProcesses nodes = NodeProcesses.start(NATS.url(), initiator.publicKey(), options,
        work, Duration.ofSeconds(90));
        Connection connection = NatsConnections.connect(NATS.url(), "test-client");
        MpcClient client = MpcClient.create(connection, initiator, Optional.of("sigterm"))) {
      NatsPeerRegistry registry = NatsPeerRegistry.builder(connection).build();
      assertThat(registry.awaitReady(nodes.ids(), Duration.ofSeconds(30))).isTrue();
      KeygenResultEvent wallet = client.createWalletAsync("wallet-term")
          .get(60, TimeUnit.SECONDS);
      assertThat(wallet.isSuccess()).as(wallet.toString()).isTrue();
      byte[] publicKey = wallet.eddsaPubKey();

      Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
      client.onSignResult(result -> answers.computeIfAbsent(result.txId(),
          id -> new AtomicInteger()).incrementAndGet());

      List<byte[]> messages = new ArrayList<>();
      List<CompletableFuture<SigningResultEvent>> results = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        byte[] tx = ("tx " + i).getBytes(StandardCharsets.UTF_8);
        messages.add(tx);
        results.add(client.signAsync("ed25519", "wallet-term", "test-net", tx));
        if (i == 20) {
          nodes.process(2).destroy(); // SIGTERM while requests keep coming
        }
        if (i == 40) {
          assertThat(nodes.process(2).waitFor(30, TimeUnit.SECONDS))
              .as(() -> readLog(work.resolve("node2.log"))).isTrue();
          assertThat(registry.awaitReadiness(ready -> !ready.contains(nodes.ids().get(2)),
              Duration.ofSeconds(10))).isTrue();
        }
      }
      for (int i = 0; i < results.size(); i++) {
        SigningResultEvent result = results.get(i).get(90, TimeUnit.SECONDS);
        assertThat(result.isSuccess()).as(() -> result + "\n" + readLog(work.resolve("node2.log"))
            + "\nnode0:\n" + readLog(work.resolve("node0.log"))).isTrue();
        assertThat(SignatureCheck.ed25519(publicKey, messages.get(i), result.signature()))
            .isTrue();
      }
      String log = Files.readString(work.resolve("node2.log"));
      assertThat(log).contains("node2 draining").contains("node node2 closed");
      // environment: production logs one JSON object per line.
      com.fasterxml.jackson.databind.ObjectMapper json =
          new com.fasterxml.jackson.databind.ObjectMapper();
      List<String> lines = log.lines().filter(line -> !line.isBlank()).toList();
      assertThat(lines).hasSizeGreaterThan(5);
      for (String line : lines) {
        com.fasterxml.jackson.databind.JsonNode event = json.readTree(line);
        assertThat(event.has("level") && event.has("formattedMessage")).as(line).isTrue();
      }

      nodes.restart(2).get(60, TimeUnit.SECONDS);
      assertThat(registry.awaitReady(nodes.ids(), Duration.ofSeconds(30))).isTrue();
      List<CompletableFuture<SigningResultEvent>> after = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        after.add(client.signAsync("ed25519", "wallet-term", "test-net", new byte[] {7,
            (byte) i}));
      }
      for (CompletableFuture<SigningResultEvent> future : after) {
        SigningResultEvent result = future.get(60, TimeUnit.SECONDS);
        assertThat(result.isSuccess()).as(result.toString()).isTrue();
      }
      // Results arrive in stream order: once the last one is in, a duplicate of any earlier
      // one would have been too.
      assertThat(answers).hasSize(results.size() + after.size());
      answers.forEach((tx, count) -> assertThat(count.get()).as(tx).isEqualTo(1));
      registry.close();
    }
  }
}
