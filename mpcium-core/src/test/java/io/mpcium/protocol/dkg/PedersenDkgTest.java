package io.mpcium.protocol.dkg;

import static io.mpcium.protocol.ProtocolFixtures.SUITE;
import static io.mpcium.protocol.ProtocolFixtures.dkg;
import static io.mpcium.protocol.ProtocolFixtures.parties;
import static org.assertj.core.api.Assertions.assertThat;

import io.mpcium.PartyId;
import io.mpcium.crypto.Group;
import io.mpcium.crypto.GroupElement;
import io.mpcium.crypto.Lagrange;
import io.mpcium.crypto.Scalar;
import io.mpcium.protocol.LocalSimulation;
import io.mpcium.protocol.LocalSimulation.Tamperer;
import io.mpcium.protocol.ProtocolAbort;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PedersenDkgTest {
  private final SecureRandom rng = new SecureRandom();
  private final Group group = SUITE.group();

  private byte[] sessionId() {
    byte[] sid = new byte[32];
    rng.nextBytes(sid);
    return sid;
  }

  @ParameterizedTest
  @CsvSource({"2, 3", "3, 5", "2, 2", "5, 9"})
  void everyPartyEndsWithAConsistentShareOfOneKey(int t, int n) {
    List<PartyId> parties = parties(n);
    LocalSimulation.Outcome<KeyShare> outcome =
        new LocalSimulation<>(dkg(sessionId(), parties, t)).run(rng);

    assertThat(outcome.aborts()).isEmpty();
    Map<PartyId, KeyShare> shares = outcome.results();
    assertThat(shares).hasSize(n);
    GroupElement publicKey = shares.get(parties.get(0)).publicKey();
    for (KeyShare share : shares.values()) {
      assertThat(share.publicKey()).isEqualTo(publicKey);
      assertThat(share.verifyingShares()).isEqualTo(shares.get(parties.get(0)).verifyingShares());
      assertThat(group.mulBase(share.secretShare())).isEqualTo(share.verifyingShare(share.self()));
    }
    // Any t shares interpolate to the secret key of the public key; t-1 do not.
    List<Scalar> ids = new ArrayList<>();
    for (int i = 0; i < t; i++) {
      ids.add(group.scalarField().of(i + 1L));
    }
    Scalar secret = group.scalarField().zero();
    for (int i = 0; i < t; i++) {
      Scalar lambda = Lagrange.coefficientAtZero(ids.get(i), ids);
      secret = secret.add(lambda.mul(shares.get(parties.get(i)).secretShare()));
    }
    assertThat(group.mulBase(secret)).isEqualTo(publicKey);
    if (t > 1) {
      List<Scalar> fewer = ids.subList(0, t - 1);
      Scalar partial = group.scalarField().zero();
      for (int i = 0; i < t - 1; i++) {
        partial = partial.add(Lagrange.coefficientAtZero(fewer.get(i), fewer)
            .mul(shares.get(parties.get(i)).secretShare()));
      }
      assertThat(group.mulBase(partial)).isNotEqualTo(publicKey);
    }
  }

  @Test
  void aTamperedShareIsBlamedOnItsDealer() {
    List<PartyId> parties = parties(3);
    PartyId cheater = parties.get(2);
    PartyId victim = parties.get(0);
    LocalSimulation.Outcome<KeyShare> outcome = new LocalSimulation<>(dkg(sessionId(), parties, 2),
        Tamperer.change(2, cheater, victim,
            share -> group.encodeScalar(decodeScalar(share).add(group.scalarField().one()))))
        .run(rng);

    assertThat(outcome.results()).isEmpty();
    ProtocolAbort abort = outcome.aborts().get(victim);
    assertThat(abort.culprits()).containsExactly(cheater);
    assertThat(abort.check()).contains("Feldman");
  }

  @Test
  void aBadProofOfKnowledgeIsBlamedOnItsSender() {
    List<PartyId> parties = parties(3);
    PartyId cheater = parties.get(1);
    LocalSimulation.Outcome<KeyShare> outcome = new LocalSimulation<>(dkg(sessionId(), parties, 2),
        Tamperer.change(1, cheater, message -> flip(message, message.length - 32))) // μ
        .run(rng);

    assertThat(outcome.results()).isEmpty();
    honest(outcome, cheater).forEach(abort -> {
      assertThat(abort.culprits()).containsExactly(cheater);
      assertThat(abort.check()).contains("proof of knowledge");
    });
  }

  @Test
  void aRogueKeyWithoutAProofIsRejected() {
    // The cheater replaces its constant-term commitment (e.g. to cancel the others' keys) but
    // cannot produce a proof of knowledge for it.
    List<PartyId> parties = parties(3);
    PartyId cheater = parties.get(2);
    GroupElement rogue = group.mulBase(group.scalarField().random(rng));
    LocalSimulation.Outcome<KeyShare> outcome = new LocalSimulation<>(dkg(sessionId(), parties, 2),
        Tamperer.change(1, cheater, message -> overwrite(message, 4, rogue.encode()))).run(rng);

    assertThat(outcome.results()).isEmpty();
    honest(outcome, cheater).forEach(a -> {
      assertThat(a.culprits()).containsExactly(cheater);
      assertThat(a.check()).contains("proof of knowledge");
    });
  }

  @Test
  void aDifferentKeyConfirmationIsBlamedAndNoKeyIsOutputByItsReceiver() {
    List<PartyId> parties = parties(3);
    PartyId cheater = parties.get(2);
    PartyId victim = parties.get(0);
    LocalSimulation.Outcome<KeyShare> outcome = new LocalSimulation<>(dkg(sessionId(), parties, 2),
        Tamperer.change(3, cheater, victim, digest -> flip(digest, 0))).run(rng);

    assertThat(outcome.results()).doesNotContainKey(victim);
    assertThat(outcome.aborts().get(victim).culprits()).containsExactly(cheater);
    assertThat(outcome.aborts().get(victim).check()).contains("confirmed a different");
  }

  @Test
  void aMixedOrderCommitmentIsRejected() {
    // B + T for the torsion point T = (0, -1): (x, y) -> (-x, -y). On the curve, not in the
    // prime-order subgroup.
    java.math.BigInteger p = java.math.BigInteger.TWO.pow(255).subtract(
        java.math.BigInteger.valueOf(19));
    io.mpcium.crypto.ed25519.Ed25519Point base =
        (io.mpcium.crypto.ed25519.Ed25519Point) group.generator();
    java.math.BigInteger x = littleEndian(base.affineX());
    java.math.BigInteger y = littleEndian(base.affineY());
    java.math.BigInteger negX = p.subtract(x).mod(p);
    byte[] mixed = toLittleEndian(p.subtract(y).mod(p));
    mixed[31] |= (byte) (negX.testBit(0) ? 0x80 : 0);

    List<PartyId> parties = parties(3);
    PartyId cheater = parties.get(1);
    LocalSimulation.Outcome<KeyShare> outcome = new LocalSimulation<>(dkg(sessionId(), parties, 2),
        Tamperer.change(1, cheater, message -> overwrite(message, 4 + 32, mixed))).run(rng);

    assertThat(outcome.results()).isEmpty();
    honest(outcome, cheater).forEach(a -> {
      assertThat(a.culprits()).containsExactly(cheater);
      assertThat(a.check()).contains("invalid round 1 commitments");
    });
  }

  private static java.math.BigInteger littleEndian(byte[] bytes) {
    byte[] be = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      be[i] = bytes[bytes.length - 1 - i];
    }
    return new java.math.BigInteger(1, be);
  }

  private static byte[] toLittleEndian(java.math.BigInteger value) {
    byte[] out = new byte[32];
    byte[] be = value.toByteArray();
    for (int i = 0; i < be.length && i < 32; i++) {
      out[i] = be[be.length - 1 - i];
    }
    return out;
  }

  @Test
  void aProofReplayedFromAnotherSessionIsRejected() {
    List<PartyId> parties = parties(3);
    PartyId cheater = parties.get(1);
    Map<PartyId, byte[]> recorded = new HashMap<>();
    new LocalSimulation<>(dkg(sessionId(), parties, 2), (from, to, round, payload) -> {
      if (round == 1) {
        recorded.put(from, payload);
      }
      return payload;
    }).run(rng);

    LocalSimulation.Outcome<KeyShare> outcome = new LocalSimulation<>(dkg(sessionId(), parties, 2),
        Tamperer.change(1, cheater, message -> recorded.get(cheater))).run(rng);

    assertThat(outcome.results()).isEmpty();
    honest(outcome, cheater).forEach(abort -> {
      assertThat(abort.culprits()).containsExactly(cheater);
      assertThat(abort.check()).contains("proof of knowledge");
    });
  }

  @Test
  void aProofCopiedFromAnotherPartyIsRejected() {
    List<PartyId> parties = parties(3);
    byte[][] first = new byte[1][];
    LocalSimulation.Outcome<KeyShare> outcome = new LocalSimulation<>(dkg(sessionId(), parties, 2),
        (from, to, round, payload) -> {
          if (round == 1 && from.equals(parties.get(0)) && first[0] == null) {
            first[0] = payload;
          }
          if (round == 1 && from.equals(parties.get(1))) {
            return first[0];
          }
          return payload;
        }).run(rng);

    assertThat(outcome.aborts().get(parties.get(2)).culprits()).containsExactly(parties.get(1));
  }

  @Test
  void malformedAndIdentityCommitmentsAreBlamedOnTheSender() {
    List<PartyId> parties = parties(3);
    PartyId cheater = parties.get(0);
    LocalSimulation.Outcome<KeyShare> truncated = new LocalSimulation<>(
        dkg(sessionId(), parties, 2), Tamperer.change(1, cheater,
            message -> java.util.Arrays.copyOf(message, message.length - 1))).run(rng);
    assertThat(truncated.results()).isEmpty();
    honest(truncated, cheater).forEach(a -> assertThat(a.culprits()).containsExactly(cheater));

    byte[] identity = group.identity().encode();
    LocalSimulation.Outcome<KeyShare> withIdentity = new LocalSimulation<>(
        dkg(sessionId(), parties, 2),
        Tamperer.change(1, cheater, message -> overwrite(message, 4 + 32, identity))).run(rng);
    assertThat(withIdentity.results()).isEmpty();
    honest(withIdentity, cheater).forEach(a -> {
      assertThat(a.culprits()).containsExactly(cheater);
      assertThat(a.check()).contains("invalid round 1 commitments");
    });
  }

  @Test
  void aSilentPartyIsNamed() {
    List<PartyId> parties = parties(3);
    PartyId silent = parties.get(1);
    LocalSimulation.Outcome<KeyShare> outcome = new LocalSimulation<>(dkg(sessionId(), parties, 2),
        (from, to, round, payload) -> from.equals(silent) ? null : payload).run(rng);

    assertThat(outcome.aborts().get(parties.get(0)).culprits()).containsExactly(silent);
    assertThat(outcome.aborts().get(parties.get(2)).culprits()).containsExactly(silent);
  }

  /** The message with one bit of byte {@code index} flipped (the array is a copy). */
  private static byte[] flip(byte[] message, int index) {
    message[index] ^= 1;
    return message;
  }

  /** The message with {@code bytes} written at {@code offset} (the array is a copy). */
  private static byte[] overwrite(byte[] message, int offset, byte[] bytes) {
    System.arraycopy(bytes, 0, message, offset, bytes.length);
    return message;
  }

  /** The aborts of every party but the cheater (which only sees the others stop answering). */
  private static List<ProtocolAbort> honest(LocalSimulation.Outcome<KeyShare> outcome,
      PartyId cheater) {
    List<ProtocolAbort> aborts = new ArrayList<>();
    outcome.aborts().forEach((party, abort) -> {
      if (!party.equals(cheater)) {
        aborts.add(abort);
      }
    });
    assertThat(aborts).hasSize(outcome.aborts().size() - 1).isNotEmpty();
    return aborts;
  }

  private Scalar decodeScalar(byte[] bytes) {
    try {
      return group.decodeScalar(bytes);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
