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
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three node processes that share nothing but a real nats-server; the Java client creates a
 * wallet and signs through the gateway; then a node is killed mid-session and every request is
 * still answered, and signing goes on with the two survivors.
 */
@SuppressWarnings("try") // jnats' Connection.close() declares InterruptedException
class MultiProcessClusterTest {
  @RegisterExtension
  static final NatsServerExtension NATS = new NatsServerExtension();

  @TempDir
  Path work;

  @Test
  void threeProcessesGenerateAndSignThroughTheGatewayAndSurviveALostNode() throws Exception {
    SecureRandom rng = new SecureRandom();
    Initiator initiator = Initiator.generateEd25519(rng);
    // Short round timeout and request ack wait: a dead node is noticed within seconds.
    NodeProcesses.Options options = new NodeProcesses.Options(3, 1, 32, Duration.ofSeconds(8),
        List.of("request_ack_wait_ms: 2000"));
    try (NodeProcesses nodes = NodeProcesses.start(NATS.url(), initiator.publicKey(), options,
        work, Duration.ofSeconds(90));
        Connection connection = NatsConnections.connect(NATS.url(), "test-client");
        MpcClient client = MpcClient.create(connection, initiator, Optional.of("test"))) {
      NatsPeerRegistry registry = NatsPeerRegistry.builder(connection).build();
      assertThat(registry.awaitReady(nodes.ids(), Duration.ofSeconds(30))).isTrue();

      KeygenResultEvent wallet = client.createWalletAsync("wallet-mp")
          .get(60, TimeUnit.SECONDS);
      assertThat(wallet.isSuccess()).as(wallet.toString()).isTrue();
      byte[] publicKey = wallet.eddsaPubKey();

      List<byte[]> messages = new ArrayList<>();
      List<CompletableFuture<SigningResultEvent>> results = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        byte[] tx = new byte[40];
        rng.nextBytes(tx);
        messages.add(tx);
        results.add(client.signAsync("ed25519", "wallet-mp", "test-net", tx));
      }
      for (int i = 0; i < results.size(); i++) {
        SigningResultEvent result = results.get(i).get(60, TimeUnit.SECONDS);
        assertThat(result.isSuccess()).as(result.toString()).isTrue();
        assertThat(SignatureCheck.ed25519(publicKey, messages.get(i), result.signature()))
            .isTrue();
      }

      // A node dies while sessions are running. Every request is still answered, never left
      // hanging: signed by the survivors, refused with an error that names the dead node (a
      // session it was part of), or, for a request the dead node was coordinating and that
      // JetStream redelivered to a survivor, refused as a duplicate (the survivors joined its
      // first session and never sign one request twice).
      List<CompletableFuture<SigningResultEvent>> inFlight = new ArrayList<>();
      List<byte[]> sent = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        byte[] tx = {(byte) i, 9, 9};
        sent.add(tx);
        inFlight.add(client.signAsync("ed25519", "wallet-mp", "test-net", tx));
      }
      nodes.kill(2);
      for (int i = 0; i < inFlight.size(); i++) {
        SigningResultEvent result = inFlight.get(i).get(60, TimeUnit.SECONDS);
        if (result.isSuccess()) {
          assertThat(SignatureCheck.ed25519(publicKey, sent.get(i), result.signature())).isTrue();
        } else if (!result.errorCode().equals("ERROR_SESSION_DUPLICATE")) {
          assertThat(result.errorReason()).as(result.toString()).contains("node2");
        }
      }
      assertThat(registry.awaitReadiness(ready -> !ready.contains(nodes.ids().get(2)),
          Duration.ofSeconds(10))).isTrue();
      for (int i = 0; i < 3; i++) {
        SigningResultEvent after = client.signAsync("ed25519", "wallet-mp", "test-net",
            new byte[] {1, (byte) i}).get(60, TimeUnit.SECONDS);
        assertThat(after.isSuccess()).as(after.toString()).isTrue();
      }
      registry.close();
    }
  }
}
