package io.mpcium.protocol.frost;

import static io.mpcium.protocol.ProtocolFixtures.SUITE;
import static io.mpcium.protocol.ProtocolFixtures.keygen;
import static io.mpcium.protocol.ProtocolFixtures.signing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpcium.PartyId;
import io.mpcium.crypto.Group;
import io.mpcium.protocol.LocalSimulation;
import io.mpcium.protocol.LocalSimulation.Tamperer;
import io.mpcium.protocol.dkg.KeyShare;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.Test;

class FrostSignTest {
  private final SecureRandom rng = new SecureRandom();
  private final Group group = SUITE.group();

  /** BouncyCastle's standard RFC 8032 verifier, independent of our arithmetic. */
  static boolean bcVerify(byte[] publicKey, byte[] message, byte[] signature) {
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
    verifier.update(message, 0, message.length);
    return verifier.verifySignature(signature);
  }

  @Test
  void everyTwoOfThreeSignerSubsetProducesAStandardSignature() {
    Map<PartyId, KeyShare> shares = keygen(3, 2, rng);
    byte[] publicKey = shares.values().iterator().next().publicKey().encode();
    List<PartyId> parties = new ArrayList<>(shares.keySet());
    for (int a = 0; a < 3; a++) {
      for (int b = a + 1; b < 3; b++) {
        List<PartyId> signers = List.of(parties.get(a), parties.get(b));
        byte[] message = ("pay 1 SOL, signers " + signers).getBytes(StandardCharsets.UTF_8);
        LocalSimulation.Outcome<byte[]> outcome =
            new LocalSimulation<>(signing(shares, signers, message)).run(rng);

        assertThat(outcome.aborts()).isEmpty();
        byte[] signature = outcome.results().get(signers.get(0));
        assertThat(outcome.results().get(signers.get(1))).isEqualTo(signature);
        assertThat(signature).hasSize(64);
        assertThat(bcVerify(publicKey, message, signature)).isTrue();
        byte[] other = "another message".getBytes(StandardCharsets.UTF_8);
        assertThat(bcVerify(publicKey, other, signature)).isFalse();
      }
    }
  }

  @Test
  void threeOfFiveSignsWithSeveralSubsetsAndMoreThanThreshold() {
    Map<PartyId, KeyShare> shares = keygen(5, 3, rng);
    byte[] publicKey = shares.values().iterator().next().publicKey().encode();
    List<PartyId> parties = new ArrayList<>(shares.keySet());
    List<List<PartyId>> subsets = List.of(
        List.of(parties.get(0), parties.get(1), parties.get(2)),
        List.of(parties.get(0), parties.get(3), parties.get(4)),
        List.of(parties.get(1), parties.get(2), parties.get(4)),
        List.of(parties.get(0), parties.get(1), parties.get(2), parties.get(3), parties.get(4)));
    for (List<PartyId> signers : subsets) {
      byte[] message = new byte[1 + signers.size()];
      rng.nextBytes(message);
      LocalSimulation.Outcome<byte[]> outcome =
          new LocalSimulation<>(signing(shares, signers, message)).run(rng);
      assertThat(outcome.aborts()).isEmpty();
      assertThat(bcVerify(publicKey, message, outcome.results().get(signers.get(0)))).isTrue();
    }
  }

  @Test
  void fewerSignersThanTheThresholdAreRefused() {
    Map<PartyId, KeyShare> shares = keygen(5, 3, rng);
    List<PartyId> parties = new ArrayList<>(shares.keySet());
    assertThatThrownBy(() -> new FrostSign(SUITE, shares.get(parties.get(0)),
        parties.subList(0, 2), new byte[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fewer than the threshold");
  }

  @Test
  void aBadSignatureShareIsBlamedOnItsSigner() {
    Map<PartyId, KeyShare> shares = keygen(3, 2, rng);
    List<PartyId> parties = new ArrayList<>(shares.keySet());
    List<PartyId> signers = List.of(parties.get(0), parties.get(2));
    PartyId cheater = parties.get(2);
    LocalSimulation.Outcome<byte[]> outcome = new LocalSimulation<>(
        signing(shares, signers, new byte[] {42}), Tamperer.change(2, cheater, share -> {
          try {
            return group.encodeScalar(group.decodeScalar(share).add(group.scalarField().one()));
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        })).run(rng);

    assertThat(outcome.results()).doesNotContainKey(parties.get(0));
    assertThat(outcome.aborts().get(parties.get(0)).culprits()).containsExactly(cheater);
    assertThat(outcome.aborts().get(parties.get(0)).check())
        .isEqualTo("signature share does not verify");
  }

  @Test
  void anIdentityNonceCommitmentIsRejected() {
    Map<PartyId, KeyShare> shares = keygen(3, 2, rng);
    List<PartyId> parties = new ArrayList<>(shares.keySet());
    List<PartyId> signers = List.of(parties.get(0), parties.get(1));
    byte[] identity = group.identity().encode();
    LocalSimulation.Outcome<byte[]> outcome = new LocalSimulation<>(
        signing(shares, signers, new byte[] {7}), Tamperer.change(1, parties.get(1), message -> {
          System.arraycopy(identity, 0, message, 32, 32); // E_i := identity
          return message;
        })).run(rng);

    assertThat(outcome.aborts().get(parties.get(0)).culprits()).containsExactly(parties.get(1));
  }

  @Test
  void noncesAreFreshForEverySignature() {
    Map<PartyId, KeyShare> shares = keygen(3, 2, rng);
    List<PartyId> signers = new ArrayList<>(shares.keySet()).subList(0, 2);
    Set<String> seenR = new java.util.HashSet<>();
    for (int i = 0; i < 5; i++) {
      byte[] signature = new LocalSimulation<>(signing(shares, signers, new byte[] {1}))
          .run(rng).results().get(signers.get(0));
      assertThat(seenR.add(java.util.HexFormat.of().formatHex(signature, 0, 32))).isTrue();
    }
  }
}
