package io.mpcium.examples.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpcium.NodeIdentity;
import io.mpcium.PartyId;
import io.mpcium.inmemory.InMemoryPeerRegistry;
import io.mpcium.spi.RegistryException;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Peers pinned to the keys of their Mpcium identity files. */
class PinnedPeerRegistryTest {
  private final SecureRandom rng = new SecureRandom();

  @Test
  void aNodeWithAnotherKeyOrNotInThePeersFileIsRefusedOrLeftOut() throws Exception {
    NodeIdentity node0 = NodeIdentity.generate(PartyId.of("node0"), rng);
    NodeIdentity node1 = NodeIdentity.generate(PartyId.of("node1"), rng);
    NodeIdentity impostor = NodeIdentity.generate(PartyId.of("node1"), rng);
    NodeIdentity stranger = NodeIdentity.generate(PartyId.of("node9"), rng);
    InMemoryPeerRegistry shared = new InMemoryPeerRegistry();
    PinnedPeerRegistry pinned = new PinnedPeerRegistry(shared, Map.of(
        node0.id(), node0.peerInfo().signingKey(), node1.id(), node1.peerInfo().signingKey()));

    pinned.register(node0.peerInfo());
    shared.register(impostor.peerInfo()); // someone else claims node1's name first
    shared.register(stranger.peerInfo());
    shared.setReady(impostor.id(), true);
    shared.setReady(stranger.id(), true);
    shared.setReady(node0.id(), true);

    assertThat(pinned.peer(node0.id())).isPresent();
    assertThatThrownBy(() -> pinned.peer(PartyId.of("node1")))
        .isInstanceOf(RegistryException.class).hasMessageContaining("identity file");
    assertThatThrownBy(() -> pinned.peer(stranger.id()))
        .isInstanceOf(RegistryException.class).hasMessageContaining("not in the peers file");
    assertThat(pinned.peers()).extracting(p -> p.id().value()).containsExactly("node0");
    // The impostor's and the stranger's readiness do not count.
    assertThat(pinned.readyPeers()).containsExactly(node0.id());
    assertThatThrownBy(() -> pinned.register(impostor.peerInfo()))
        .isInstanceOf(RegistryException.class);
  }
}
