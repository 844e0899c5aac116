package io.mpcium.transport.nats;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpcium.NodeIdentity;
import io.mpcium.PartyId;
import io.mpcium.spi.PeerRegistry;
import io.mpcium.spi.PeerRegistryContract;
import io.mpcium.transport.nats.testing.NatsServerExtension;
import io.nats.client.Connection;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The registry contract on a real JetStream bucket, plus readiness across connections. */
@SuppressWarnings("try") // jnats' Connection.close() declares InterruptedException
class NatsPeerRegistryTest extends PeerRegistryContract {
  @RegisterExtension
  static final NatsServerExtension NATS = new NatsServerExtension();
  private static final AtomicInteger BUCKETS = new AtomicInteger();

  private Connection connection;

  @Override
  protected PeerRegistry newRegistry() throws Exception {
    connection = NatsConnections.connect(NATS.url(), "registry-test");
    // A fresh, empty bucket per test; heartbeat subjects are shared but carry registered ids.
    return NatsPeerRegistry.builder(connection).bucket("reg" + BUCKETS.incrementAndGet())
        .build();
  }

  @AfterEach
  void closeConnection() throws InterruptedException {
    connection.close();
  }

  @Test
  void anotherProcessSeesANodeReadyAndThenGone() throws Exception {
    String bucket = "shared" + BUCKETS.incrementAndGet();
    NodeIdentity node = NodeIdentity.generate(PartyId.of("remote-node"), new SecureRandom());
    try (Connection c1 = NatsConnections.connect(NATS.url(), "r1");
        Connection c2 = NatsConnections.connect(NATS.url(), "r2")) {
      NatsPeerRegistry writer = NatsPeerRegistry.builder(c1).bucket(bucket)
          .liveness(Duration.ofMillis(200), Duration.ofMillis(700)).build();
      NatsPeerRegistry reader = NatsPeerRegistry.builder(c2).bucket(bucket)
          .liveness(Duration.ofMillis(200), Duration.ofMillis(700)).build();
      writer.register(node.peerInfo());
      writer.setReady(node.id(), true);

      assertThat(reader.awaitReady(List.of(node.id()), Duration.ofSeconds(10))).isTrue();
      assertThat(reader.peers()).containsExactly(node.peerInfo());

      writer.close();
      // The goodbye arrives as a message; readiness ends without waiting for the liveness time.
      assertThat(reader.awaitReadiness(ready -> !ready.contains(node.id()),
          Duration.ofSeconds(10))).isTrue();
      reader.close();
    }
  }
}
