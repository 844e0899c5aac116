package io.mpcium.registry.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpcium.KeyScheme;
import io.mpcium.NodeIdentity;
import io.mpcium.PartyId;
import io.mpcium.registry.consul.testing.ConsulAgentExtension;
import io.mpcium.spi.KeyInfo;
import io.mpcium.spi.PeerInfo;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Consul agent goes away and comes back empty (a development agent keeps nothing): while it
 * is away the nodes report that readiness is unknown but still know the identities they have
 * seen; when it is back they register again by themselves, under the same node ids, with their
 * ready keys and the key metadata they wrote.
 */
class ConsulRecoveryTest {
  @RegisterExtension
  static final ConsulAgentExtension CONSUL = new ConsulAgentExtension();

  private static final PartyId A = PartyId.of("node0");
  private static final PartyId B = PartyId.of("node1");
  private static final String PREFIX = "recovery/";

  private final SecureRandom rng = new SecureRandom();

  private ConsulPeerRegistry registry() {
    return ConsulPeerRegistry.builder().address(CONSUL.address()).keyPrefix(PREFIX)
        .sessionTtl(Duration.ofSeconds(2)).waitTime(Duration.ofSeconds(5)).build();
  }

  @Test
  void nodesRegisterAgainByThemselvesAfterTheAgentRestarts() throws Exception {
    PeerInfo a = NodeIdentity.generate(A, rng).peerInfo();
    PeerInfo b = NodeIdentity.generate(B, rng).peerInfo();
    try (ConsulPeerRegistry nodeA = registry(); ConsulPeerRegistry nodeB = registry();
        ConsulPeerRegistry observer = registry()) {
      nodeA.register(a);
      nodeB.register(b);
      nodeA.setReady(A, true);
      nodeB.setReady(B, true);
      KeyInfo key = new KeyInfo("wallet-1", KeyScheme.ED25519, 1, 2, List.of(A, B));
      nodeA.putKeyInfo(key);
      String idA = nodeA.nodeId(A).orElseThrow();
      String idB = nodeB.nodeId(B).orElseThrow();
      assertThat(nodeB.peer(A)).contains(a);

      ReadinessEvents events = new ReadinessEvents();
      ConsulPeerRegistry.Subscription watching = observer.watchReadiness(events);
      try {
        events.await("both ready", Set.of(A, B)::equals, Duration.ofSeconds(30));

        events.clear();
        CONSUL.stop();
        assertThatThrownBy(nodeA::readyPeers).isInstanceOf(ConsulUnavailableException.class)
            .hasMessageContaining(CONSUL.address());
        assertThatThrownBy(() -> nodeA.putKeyInfo(key))
            .isInstanceOf(ConsulUnavailableException.class);
        // Identities already seen are still served, so running sessions can verify envelopes.
        assertThat(nodeB.peer(A)).contains(a);

        CONSUL.start();
        // The watch reports the set again once Consul is back, and every change after that.
        events.await("both ready again", Set.of(A, B)::equals, Duration.ofSeconds(30));
      } finally {
        watching.close();
      }
      assertThat(observer.peers()).containsExactly(a, b);
      assertThat(observer.nodeId(A)).contains(idA);
      assertThat(observer.nodeId(B)).contains(idB);
      assertThat(observer.readyPeers()).containsExactlyInAnyOrder(A, B);
      assertThat(observer.keyInfo(key.keyId())).contains(key);
    }
  }
}
