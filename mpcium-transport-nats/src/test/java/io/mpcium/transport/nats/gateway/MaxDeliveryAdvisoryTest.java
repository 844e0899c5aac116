package io.mpcium.transport.nats.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpcium.Initiator;
import io.mpcium.RequestPolicy;
import io.mpcium.transport.nats.NatsConnections;
import io.mpcium.transport.nats.client.MpcClient;
import io.mpcium.transport.nats.testing.NatsServerExtension;
import io.mpcium.transport.nats.wire.MpciumStreams;
import io.mpcium.transport.nats.wire.MpciumSubjects;
import io.mpcium.transport.nats.wire.SignTxMessage;
import io.mpcium.transport.nats.wire.SigningResultEvent;
import io.nats.client.Connection;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A signing request that ran out of deliveries is answered with {@code
 * ERROR_MAX_DELIVERY_ATTEMPTS} and {@code is_timeout: true}, once, although every node hears
 * the advisory.
 */
@SuppressWarnings("try") // jnats' Connection.close() declares InterruptedException
class MaxDeliveryAdvisoryTest {
  @RegisterExtension
  static final NatsServerExtension NATS = new NatsServerExtension();

  @Test
  void anExhaustedSigningRequestGetsMpciumsTimeoutError() throws Exception {
    Initiator initiator = Initiator.generateEd25519(new SecureRandom());
    RequestPolicy policy = RequestPolicy.builder().initiator(initiator.publicKey()).build();
    try (Connection connection = NatsConnections.connect(NATS.url(), "advisory-test")) {
      var jsm = connection.jetStreamManagement();
      MpciumStreams.ensureStreams(jsm);
      // A request stored before the nodes' consumer exists, and a consumer that only delivers
      // new requests: this one is never delivered, as if every delivery had been lost.
      SignTxMessage unsigned = new SignTxMessage("ed25519", "w-adv", "net", "tx-adv",
          new byte[] {1}, null, null, List.of());
      Headers headers = new Headers().put(MpciumSubjects.CLIENT_ID_HEADER, "adv");
      long sequence = connection.jetStream().publish("mpc.signing_request.tx-adv", headers,
          unsigned.withSignature(initiator.sign(unsigned.raw())).toJson()).getSeqno();
      jsm.addOrUpdateConsumer(MpciumSubjects.SIGNING_STREAM, ConsumerConfiguration.builder()
          .durable(MpciumSubjects.SIGNING_CONSUMER).filterSubject(MpciumSubjects.SIGNING_REQUESTS)
          .ackPolicy(AckPolicy.Explicit).deliverPolicy(DeliverPolicy.New).build());

      try (GatewayCluster cluster = new GatewayCluster(NATS.url(), policy,
          GatewayConfig.defaults(), Duration.ofSeconds(5));
          MpcClient client = MpcClient.create(connection, initiator, Optional.of("adv"))) {
        List<SigningResultEvent> results = new CopyOnWriteArrayList<>();
        CompletableFuture<SigningResultEvent> first = new CompletableFuture<>();
        client.onSignResult(event -> {
          results.add(event);
          first.complete(event);
        });
        // What JetStream publishes when the request exhausts its deliveries.
        connection.publish(MpciumSubjects.MAX_DELIVERIES_ADVISORY, ("{\"type\":"
            + "\"io.nats.jetstream.advisory.v1.max_deliver\",\"stream\":\"mpc-signing\","
            + "\"consumer\":\"mpc_signing_consumer\",\"stream_seq\":" + sequence
            + ",\"deliveries\":4}").getBytes(StandardCharsets.UTF_8));

        SigningResultEvent result = first.get(30, TimeUnit.SECONDS);
        assertThat(result.errorCode()).isEqualTo("ERROR_MAX_DELIVERY_ATTEMPTS");
        assertThat(result.isTimeout()).isTrue();
        assertThat(result.errorReason())
            .isEqualTo("Signing failed: maximum delivery attempts exceeded");
        assertThat(result.txId()).isEqualTo("tx-adv");
        assertThat(result.walletId()).isEqualTo("w-adv");
        assertThat(result.networkInternalCode()).isEqualTo("net");

        // A later round trip: the two other nodes' copies were dropped by de-duplication.
        SigningResultEvent later = client.signAsync("ed25519", "w-adv", "net", new byte[] {2})
            .get(30, TimeUnit.SECONDS);
        assertThat(later.errorCode()).isEqualTo("ERROR_KEY_NOT_FOUND");
        assertThat(results).hasSize(2);
      }
    }
  }
}
