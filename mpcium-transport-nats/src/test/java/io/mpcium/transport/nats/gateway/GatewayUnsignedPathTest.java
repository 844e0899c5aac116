package io.mpcium.transport.nats.gateway;

import static io.mpcium.transport.nats.gateway.GatewayTest.await;
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
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A gateway configured to refuse Mpcium's unsigned {@code derivation_path}
 * ({@link GatewayConfig#withUnsignedDerivationPaths}) refuses requests carrying one, and still
 * signs with the wallet's key, against a real nats-server.
 */
class GatewayUnsignedPathTest {
  @RegisterExtension
  static final NatsServerExtension NATS = new NatsServerExtension();

  @Test
  void unsignedDerivationPathsAreRefusedWhenConfiguredSo() throws Exception {
    Initiator initiator = Initiator.generateEd25519(new SecureRandom());
    RequestPolicy policy = RequestPolicy.builder().initiator(initiator.publicKey()).build();
    List<AutoCloseable> open = new ArrayList<>();
    try {
      open.add(new GatewayCluster(NATS.url(), policy,
          GatewayConfig.defaults().withUnsignedDerivationPaths(false), Duration.ofSeconds(10)));
      Connection connection = NatsConnections.connect(NATS.url(), "client");
      open.add(0, connection);
      MpcClient client = MpcClient.create(connection, initiator, Optional.of("strict"));
      open.add(0, client);
      String wallet = "w-" + UUID.randomUUID();
      KeygenResultEvent created = await(client.createWalletAsync(wallet));
      byte[] tx = {7, 7};
      SigningResultEvent refused = await(client.signAsync(new SignTxMessage("ed25519", wallet,
          "net", "t-" + UUID.randomUUID(), tx, null, List.of(44L, 501L), List.of())));
      assertThat(refused.isSuccess()).isFalse();
      assertThat(refused.errorCode()).isEqualTo("ERROR_MSG_VALIDATION");
      assertThat(refused.errorReason()).contains("derivation_path is not covered by the "
          + "initiator's signature");
      SigningResultEvent master = await(client.signAsync(new SignTxMessage("ed25519", wallet,
          "net", "t-" + UUID.randomUUID(), tx, null, null, List.of())));
      assertThat(GatewayTest.verifies(created.eddsaPubKey(), tx, master.signature())).isTrue();
    } finally {
      for (AutoCloseable closeable : open) {
        closeable.close();
      }
    }
  }
}
