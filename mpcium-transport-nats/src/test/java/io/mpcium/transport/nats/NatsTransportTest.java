package io.mpcium.transport.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpcium.PartyId;
import io.mpcium.spi.Transport;
import io.mpcium.spi.TransportContract;
import io.mpcium.spi.TransportException;
import io.mpcium.transport.nats.testing.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Nats;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The transport contract over a real nats-server, plus NATS-specific behaviour. */
@SuppressWarnings("try") // jnats' Connection.close() declares InterruptedException
class NatsTransportTest extends TransportContract {
  @RegisterExtension
  static final NatsServerExtension NATS = new NatsServerExtension();

  private Connection connection;

  @Override
  protected Transport newTransport() throws Exception {
    connection = NatsConnections.connect(NATS.url(), "transport-test");
    return NatsTransport.over(connection);
  }

  @AfterEach
  void closeConnection() throws InterruptedException {
    connection.close();
  }

  @Test
  void framesCrossConnectionsAndSurviveAServerRestart() throws Exception {
    CompletableFuture<Void> senderBack = new CompletableFuture<>();
    CompletableFuture<Void> receiverBack = new CompletableFuture<>();
    try (Connection sending = connectNotifying("sender", senderBack);
        Connection receivingConnection = connectNotifying("receiver", receiverBack);
        NatsTransport sender = NatsTransport.over(sending);
        NatsTransport receiving = NatsTransport.over(receivingConnection)) {
      CompletableFuture<byte[]> first = new CompletableFuture<>();
      CompletableFuture<byte[]> second = new CompletableFuture<>();
      receiving.subscribe(PartyId.of("node.1"), frame -> {
        if (!first.complete(frame)) {
          second.complete(frame);
        }
      });
      sender.send(PartyId.of("a"), PartyId.of("node.1"), new byte[] {1});
      assertThat(first.get(30, TimeUnit.SECONDS)).containsExactly(1);

      NATS.restart();
      // Both clients reconnect by themselves and restore their subscriptions.
      assertThat(senderBack).as(NATS::diagnostics).succeedsWithin(Duration.ofSeconds(60));
      assertThat(receiverBack).as(NATS::diagnostics).succeedsWithin(Duration.ofSeconds(60));
      receivingConnection.flush(Duration.ofSeconds(10));
      sender.send(PartyId.of("a"), PartyId.of("node.1"), new byte[] {2});
      assertThat(second.get(30, TimeUnit.SECONDS)).containsExactly(2);
    }
  }

  private static Connection connectNotifying(String name, CompletableFuture<Void> reconnected)
      throws Exception {
    return Nats.connect(NatsConnections.options(NATS.url(), name)
        .connectionListener((c, event) -> {
          if (event == ConnectionListener.Events.RESUBSCRIBED) {
            reconnected.complete(null);
          }
        }).build());
  }

  @Test
  void aFrameAboveTheServersPayloadLimitIsRefusedNotDropped() {
    byte[] tooLarge = new byte[(int) connection.getMaxPayload() + 1];
    assertThatThrownBy(() -> transport.send(PartyId.of("a"), PartyId.of("b"), tooLarge))
        .isInstanceOf(TransportException.class).hasMessageContaining("max_payload");
  }

  @Test
  void subjectsAreOneTokenPerParty() {
    NatsTransport nats = (NatsTransport) transport;
    assertThat(nats.subject(PartyId.of("node0"))).isEqualTo("mpcium.p2p.node0");
    assertThat(nats.subject(PartyId.of("eu.node-1"))).isEqualTo("mpcium.p2p.eu~node-1");
  }
}
