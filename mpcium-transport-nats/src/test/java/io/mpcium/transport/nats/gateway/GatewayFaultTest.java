package io.mpcium.transport.nats.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpcium.Initiator;
import io.mpcium.RequestPolicy;
import io.mpcium.transport.nats.NatsConnections;
import io.mpcium.transport.nats.client.MpcClient;
import io.mpcium.transport.nats.testing.NatsServerExtension;
import io.mpcium.transport.nats.wire.KeygenResultEvent;
import io.mpcium.transport.nats.wire.SignTxMessage;
import io.mpcium.transport.nats.wire.SigningResultEvent;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Nats;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The NATS server restarts while signing requests are in flight: every request is answered
 * exactly once, with a verifying signature or an error result.
 */
@SuppressWarnings("try") // jnats' Connection.close() declares InterruptedException
class GatewayFaultTest {
  @RegisterExtension
  static final NatsServerExtension NATS = new NatsServerExtension();

  @Test
  void everyRequestIsAnsweredExactlyOnceAcrossAServerRestart() throws Exception {
    SecureRandom rng = new SecureRandom();
    Initiator initiator = Initiator.generateEd25519(rng);
    RequestPolicy policy = RequestPolicy.builder().initiator(initiator.publicKey()).build();
    // A short request ack wait, so that a request whose delivery was lost with the server is
    // redelivered within the test (Mpcium's 30 s would only make it slower).
    GatewayConfig config = new GatewayConfig(2, 32, Duration.ofSeconds(3),
        Authorizers.disabled());
    AtomicInteger reconnects = new AtomicInteger();
    CountDownLatch clientBack = new CountDownLatch(1);
    try (GatewayCluster cluster = new GatewayCluster(NATS.url(), policy, config,
        Duration.ofSeconds(10));
        Connection connection = Nats.connect(NatsConnections.options(NATS.url(), "client")
            .connectionListener((c, event) -> {
              // After the subscriptions are restored: a request published before then could
              // lose its acknowledgement (the reply subscription is not back yet).
              if (event == ConnectionListener.Events.RESUBSCRIBED) {
                reconnects.incrementAndGet();
                clientBack.countDown();
              }
            }).build());
        MpcClient client = MpcClient.create(connection, initiator, Optional.of("fault"))) {
      KeygenResultEvent wallet = client.createWalletAsync("w-fault").get(60, TimeUnit.SECONDS);
      assertThat(wallet.isSuccess()).as(wallet.toString()).isTrue();

      Map<String, List<SigningResultEvent>> results = new ConcurrentHashMap<>();
      Map<String, byte[]> messages = new ConcurrentHashMap<>();
      int total = 40;
      CountDownLatch answered = new CountDownLatch(total);
      client.onSignResult(event -> {
        List<SigningResultEvent> list = results.computeIfAbsent(event.txId(),
            id -> java.util.Collections.synchronizedList(new ArrayList<>()));
        list.add(event);
        if (list.size() == 1 && messages.containsKey(event.txId())) {
          answered.countDown();
        }
      });
      List<String> txIds = new ArrayList<>();
      for (int i = 0; i < total; i++) {
        if (i == total / 2) {
          NATS.restart();
          assertThat(clientBack.await(60, TimeUnit.SECONDS)).as(NATS::diagnostics).isTrue();
        }
        String txId = "tx-" + i + "-" + UUID.randomUUID();
        byte[] tx = new byte[32];
        rng.nextBytes(tx);
        messages.put(txId, tx);
        txIds.add(txId);
        try {
          client.signTransaction(new SignTxMessage("ed25519", "w-fault", "net", txId, tx, null,
              null, List.of()));
        } catch (java.io.IOException e) {
          throw new AssertionError("publishing " + txId + " failed; " + NATS.diagnostics(), e);
        }
      }
      assertThat(answered.await(2, TimeUnit.MINUTES))
          .as(() -> "answered: " + results.size() + " of " + total + "; " + state(connection))
          .isTrue();

      // A last round trip after everything was answered: no late duplicate may have arrived.
      CompletableFuture<SigningResultEvent> sentinel = client.signAsync("ed25519", "w-fault",
          "net", new byte[] {1});
      assertThat(sentinel.get(60, TimeUnit.SECONDS).txId()).isNotEmpty();
      int signed = 0;
      for (String txId : txIds) {
        List<SigningResultEvent> forTx = results.get(txId);
        assertThat(forTx).as(txId).hasSize(1);
        SigningResultEvent result = forTx.get(0);
        if (result.isSuccess()) {
          signed++;
          assertThat(verifies(wallet.eddsaPubKey(), messages.get(txId), result.signature()))
              .isTrue();
        } else {
          assertThat(result.errorCode()).isNotEmpty();
          assertThat(result.errorReason()).isNotEmpty();
        }
      }
      assertThat(reconnects.get()).isEqualTo(1);
      assertThat(signed).as("requests sent after the restart are signed").isGreaterThan(0);
    }
  }

  private static String state(Connection connection) {
    try {
      var jsm = connection.jetStreamManagement();
      var requests = jsm.getConsumerInfo("mpc-signing", "mpc_signing_consumer");
      var results = jsm.getConsumerInfo("mpc", "mpc_signing_result_fault");
      return "requests: pending " + requests.getNumPending() + ", ack pending "
          + requests.getNumAckPending() + ", redelivered " + requests.getRedelivered()
          + "; results: pending " + results.getNumPending() + ", ack pending "
          + results.getNumAckPending() + ", stream " + jsm.getStreamInfo("mpc")
          .getStreamState().getMsgCount() + " messages; " + NATS.diagnostics();
    } catch (Exception e) {
      return "state unavailable: " + e;
    }
  }

  private static boolean verifies(byte[] publicKey, byte[] message, byte[] signature) {
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
    verifier.update(message, 0, message.length);
    return verifier.verifySignature(signature);
  }
}
