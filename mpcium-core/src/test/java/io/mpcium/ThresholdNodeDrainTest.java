package io.mpcium;

import static io.mpcium.testing.TestCluster.party;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpcium.testing.TestCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link ThresholdNode#drain} and {@link SessionListener}. */
class ThresholdNodeDrainTest {
  @Test
  void aDrainingNodeFinishesItsSessionLeavesTheReadySetAndRefusesNewRequests()
      throws Exception {
    try (TestCluster cluster = new TestCluster(3, 2)) {
      KeyGenResult key = cluster.generate(0, "wallet-d").get(30, TimeUnit.SECONDS);
      byte[] message = "drain".getBytes(StandardCharsets.UTF_8);
      CompletableFuture<SignatureResult> running = cluster.sign(0, "wallet-d", message,
          List.of(party(0), party(2)));
      // Node 2 keeps joining sessions proposed during the settle time, then waits for them.
      assertThat(cluster.node(2).drain(Duration.ofMillis(300), Duration.ofSeconds(20)))
          .isZero();
      assertThat(running.get(30, TimeUnit.SECONDS).signature()).hasSize(64);
      assertThat(key.publicKey()).hasSize(32);
      // The coordinator may see the result before node 2's last round ends: drain waits.
      assertThat(cluster.node(2).drain(Duration.ZERO, Duration.ofSeconds(20))).isZero();
      assertThat(cluster.node(2).activeSessions()).isZero();
      assertThat(cluster.registry().readyPeers()).containsExactlyInAnyOrder(party(0),
          party(1));

      byte[] other = "after".getBytes(StandardCharsets.UTF_8);
      SignRequest request = cluster.signRequest("wallet-d", other);
      assertThatThrownBy(() -> cluster.node(2).sign(request, cluster.initiator().sign(
          request.signingBytes())).get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class).hasMessageContaining("shutting down");
      // The others sign without it: node 0 chooses the only other ready node.
      SignRequest next = cluster.signRequest("wallet-d", other);
      assertThat(cluster.node(0).sign(next, cluster.initiator().sign(next.signingBytes()))
          .get(30, TimeUnit.SECONDS).signature()).hasSize(64);
    }
  }

  @Test
  void theSessionListenerSeesEachRequestStartAndEndWithItsOutcome() throws Exception {
    try (TestCluster cluster = new TestCluster(3, 2)) {
      List<String> events = new CopyOnWriteArrayList<>();
      SessionListener listener = new SessionListener() {
        @Override
        public void started(Operation operation, KeyScheme scheme) {
          events.add("started " + operation + " " + scheme);
        }

        @Override
        public void finished(Operation operation, KeyScheme scheme, Optional<String> failure,
            Duration elapsed) {
          assertThat(elapsed.isNegative()).isFalse();
          events.add("finished " + operation + " " + scheme + " " + failure.orElse("ok"));
        }
      };
      cluster.node(0).close();
      ThresholdNode observed = ThresholdNode.builder()
          .identity(cluster.identity(0))
          .transport(cluster.transport())
          .peerRegistry(cluster.registry())
          .keyStore(cluster.store(0))
          .vaultPassphrase(TestCluster.PASSPHRASE)
          .insecureFastVaultKdfForTesting()
          .requestPolicy(cluster.policy())
          .threshold(2)
          .sessionListener(listener)
          .build();
      observed.start();
      cluster.replace(0, observed, cluster.store(0));
      cluster.generate(0, "wallet-l").get(30, TimeUnit.SECONDS);
      cluster.sign(0, "wallet-l", new byte[] {1}, List.of(party(0), party(1)))
          .get(30, TimeUnit.SECONDS);
      assertThatThrownBy(() -> cluster.sign(0, "no-wallet", new byte[] {1},
          List.of(party(0), party(1))).get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class);
      assertThat(events).containsExactly(
          "started KEYGEN ED25519", "finished KEYGEN ED25519 ok",
          "started SIGN ED25519", "finished SIGN ED25519 ok",
          "started SIGN ED25519", "finished SIGN ED25519 invalid_request");
      assertThat(SessionListener.category(new IllegalArgumentException("x")))
          .isEqualTo("invalid_request");
      assertThat(SessionListener.category(new java.util.concurrent.CompletionException(
          new io.mpcium.protocol.ProtocolAbort(List.of(party(1)), "bad")))).isEqualTo("aborted");
      assertThat(SessionListener.category(new IllegalStateException("not ready")))
          .isEqualTo("unavailable");
    }
  }
}
