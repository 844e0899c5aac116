package io.mpcium.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpcium.KeyScheme;
import io.mpcium.PartyId;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PeerRegistry} must do. A registry module's test extends this class and says
 * how to make a fresh, empty registry.
 */
public abstract class PeerRegistryContract {
  private final SecureRandom rng = new SecureRandom();
  protected PeerRegistry registry;

  /** A new, empty registry. */
  protected abstract PeerRegistry newRegistry() throws Exception;

  @BeforeEach
  void open() throws Exception {
    registry = newRegistry();
  }

  @AfterEach
  void close() {
    registry.close();
  }

  private PeerInfo peer(String id) {
    byte[] signing = new byte[32];
    byte[] agreement = new byte[32];
    rng.nextBytes(signing);
    rng.nextBytes(agreement);
    return new PeerInfo(PartyId.of(id), signing, agreement);
  }

  @Test
  void registrationIsIdempotentAndAnIdKeepsItsIdentity() throws Exception {
    PeerInfo node0 = peer("node0");
    registry.register(node0);
    registry.register(node0);
    assertThatThrownBy(() -> registry.register(peer("node0")))
        .isInstanceOf(RegistryException.class).hasMessageContaining("node0");

    assertThat(registry.peer(PartyId.of("node0"))).contains(node0);
    assertThat(registry.peer(PartyId.of("node9"))).isEmpty();
  }

  @Test
  void peersAreListedByIdAndReadinessFollowsTheNodes() throws Exception {
    PeerInfo b = peer("b");
    PeerInfo a = peer("a");
    registry.register(b);
    registry.register(a);
    assertThat(registry.peers()).containsExactly(a, b);
    assertThat(registry.readyPeers()).isEmpty();

    registry.setReady(a.id(), true);
    registry.setReady(b.id(), true);
    registry.setReady(b.id(), false);
    assertThat(registry.readyPeers()).containsExactly(a.id());
    assertThatThrownBy(() -> registry.setReady(PartyId.of("stranger"), true))
        .isInstanceOf(RegistryException.class);
  }

  @Test
  void keyMetadataIsRecordedOnceAndTheNewestVersionIsKept() throws Exception {
    List<PartyId> three = List.of(PartyId.of("a"), PartyId.of("b"), PartyId.of("c"));
    for (PartyId participant : three) {
      registry.register(peer(participant.value())); // key metadata names registered nodes
    }
    KeyInfo v1 = new KeyInfo("w", KeyScheme.ED25519, 1, 2, three);
    registry.putKeyInfo(v1);
    registry.putKeyInfo(v1);
    assertThatThrownBy(() -> registry.putKeyInfo(
        new KeyInfo("w", KeyScheme.ED25519, 1, 3, three)))
        .isInstanceOf(RegistryException.class);
    assertThat(registry.keyInfo("ed25519:w")).contains(v1);

    KeyInfo v2 = new KeyInfo("w", KeyScheme.ED25519, 2, 3, three);
    registry.putKeyInfo(v2);
    registry.putKeyInfo(v1);
    assertThat(registry.keyInfo("ed25519:w")).contains(v2);
    assertThat(registry.keyInfo("ed25519:none")).isEmpty();
  }
}
