package io.mpcium.protocol.dkls23;

import static io.mpcium.protocol.dkls23.Dkls23Fixtures.parties;
import static io.mpcium.protocol.dkls23.Dkls23Fixtures.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpcium.PartyId;
import io.mpcium.crypto.GroupElement;
import io.mpcium.crypto.Lagrange;
import io.mpcium.crypto.Scalar;
import io.mpcium.crypto.secp256k1.EcdsaSignature;
import io.mpcium.crypto.secp256k1.Secp256k1Group;
import io.mpcium.protocol.LocalSimulation;
import io.mpcium.protocol.LocalSimulation.Tamperer;
import io.mpcium.protocol.ProtocolAbort;
import io.mpcium.protocol.dkg.KeyShare;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class Dkls23SignTest {
  private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
  private static final ECDomainParameters DOMAIN = new ECDomainParameters(CURVE);
  private static final SecureRandom RNG = new SecureRandom();
  private static Map<PartyId, Dkls23KeyShare> shares;
  private static final List<PartyId> P = parties(3);

  @BeforeAll
  static void keygen() {
    shares = Dkls23Fixtures.keygen(3, 2, RNG);
  }

  private static byte[] digest() {
    byte[] d = new byte[32];
    RNG.nextBytes(d);
    return d;
  }

  /** BouncyCastle's verifier, low S, and key recovery from (r, s, recid) by curve math. */
  static void assertValid(GroupElement publicKey, byte[] digest, EcdsaSignature signature) {
    ECPoint q = CURVE.getCurve().decodePoint(publicKey.encode());
    BigInteger r = new BigInteger(1, signature.r());
    BigInteger s = new BigInteger(1, signature.s());
    ECDSASigner verifier = new ECDSASigner();
    verifier.init(false, new ECPublicKeyParameters(q, DOMAIN));
    assertThat(verifier.verifySignature(digest, r, s)).as("BouncyCastle verifies").isTrue();
    BigInteger n = CURVE.getN();
    assertThat(s).isLessThanOrEqualTo(n.shiftRight(1));
    // recover: R from x = r (+ n) and the parity bit, then Q = r^-1 (s·R − e·G)
    BigInteger x = (signature.recoveryId() & 2) != 0 ? r.add(n) : r;
    byte[] compressed = new byte[33];
    compressed[0] = (byte) ((signature.recoveryId() & 1) == 1 ? 3 : 2);
    byte[] xb = x.toByteArray();
    int len = Math.min(32, xb.length);
    System.arraycopy(xb, xb.length - len, compressed, 33 - len, len);
    ECPoint bigR = CURVE.getCurve().decodePoint(compressed);
    BigInteger e = new BigInteger(1, digest).mod(n);
    BigInteger rInv = r.modInverse(n);
    ECPoint recovered = ECAlgorithms.sumOfTwoMultiplies(bigR, s.multiply(rInv).mod(n),
        CURVE.getG(), e.negate().multiply(rInv).mod(n)).normalize();
    assertThat(recovered).isEqualTo(q.normalize());
    // the other parity recovers a different key
    compressed[0] ^= 1;
    ECPoint wrong = ECAlgorithms.sumOfTwoMultiplies(CURVE.getCurve().decodePoint(compressed),
        s.multiply(rInv).mod(n), CURVE.getG(), e.negate().multiply(rInv).mod(n)).normalize();
    assertThat(wrong).isNotEqualTo(q.normalize());
  }

  private static EcdsaSignature signOnce(Map<PartyId, Dkls23KeyShare> keys,
      List<PartyId> signers, byte[] digest) {
    LocalSimulation.Outcome<EcdsaSignature> outcome =
        sign(keys, signers, digest, Tamperer.NONE, RNG);
    assertThat(outcome.aborts()).isEmpty();
    assertThat(outcome.results()).hasSize(signers.size());
    EcdsaSignature first = outcome.results().get(signers.get(0));
    assertThat(outcome.results().values()).allMatch(first::equals);
    return first;
  }

  @Test
  void everyPairOfSignersProducesAValidLowSSignatureWithItsRecoveryId() {
    GroupElement pk = shares.get(P.get(0)).publicKey();
    for (List<PartyId> signers : List.of(List.of(P.get(0), P.get(1)),
        List.of(P.get(0), P.get(2)), List.of(P.get(1), P.get(2)), P)) {
      byte[] digest = digest();
      assertValid(pk, digest, signOnce(shares, signers, digest));
    }
  }

  @Test
  void keysOfBothParitiesRecoverCorrectlyOverManySignatures() {
    // negating every share (and the public data) gives the key -x with the other y parity
    Map<PartyId, Dkls23KeyShare> negated = new TreeMap<>();
    for (Map.Entry<PartyId, Dkls23KeyShare> e : shares.entrySet()) {
      negated.put(e.getKey(), negate(e.getValue()));
    }
    int[] parities = new int[2];
    int[] highBefore = new int[1];
    for (Map<PartyId, Dkls23KeyShare> keys : List.of(shares, negated)) {
      GroupElement pk = keys.get(P.get(0)).publicKey();
      parities[pk.encode()[0] - 2]++;
      for (int k = 0; k < 8; k++) {
        byte[] digest = digest();
        EcdsaSignature sig = signOnce(keys, List.of(P.get(0), P.get(2)), digest);
        assertValid(pk, digest, sig);
        highBefore[0] += sig.recoveryId() & 1;
      }
    }
    assertThat(parities).containsExactly(1, 1);
    assertThat(highBefore[0]).isBetween(1, 15);
  }

  private static Dkls23KeyShare negate(Dkls23KeyShare share) {
    KeyShare k = share.keyShare();
    List<GroupElement> ys = new ArrayList<>();
    k.verifyingShares().forEach(y -> ys.add(y.negate()));
    KeyShare neg = new KeyShare(k.group(), k.participants(), k.threshold(), k.self(),
        k.secretShare().negate(), k.publicKey().negate(), ys);
    Map<PartyId, PairwiseSetup> pairwise = new TreeMap<>();
    for (PartyId other : k.participants()) {
      if (!other.equals(k.self())) {
        pairwise.put(other, share.pairwise(other));
      }
    }
    return new Dkls23KeyShare(neg, share.keyId(), pairwise, share.banned());
  }

  @Test
  void threeOfFiveSigns() {
    Map<PartyId, Dkls23KeyShare> five = Dkls23Fixtures.keygen(5, 3, RNG);
    List<PartyId> p = parties(5);
    GroupElement pk = five.get(p.get(0)).publicKey();
    for (List<PartyId> signers : List.of(List.of(p.get(0), p.get(1), p.get(2)),
        List.of(p.get(1), p.get(3), p.get(4)), List.of(p.get(0), p.get(2), p.get(4)))) {
      byte[] digest = digest();
      assertValid(pk, digest, signOnce(five, signers, digest));
    }
    // the shares really are Shamir shares of the key: any three interpolate to it
    Secp256k1Group g = Secp256k1Group.INSTANCE;
    List<Scalar> ids = List.of(g.scalarField().of(2), g.scalarField().of(4),
        g.scalarField().of(5));
    Scalar x = g.scalarField().zero();
    for (int i = 0; i < 3; i++) {
      PartyId party = p.get(List.of(1, 3, 4).get(i));
      x = x.add(Lagrange.coefficientAtZero(ids.get(i), ids)
          .mul(five.get(party).keyShare().secretShare()));
    }
    assertThat(g.mulBase(x)).isEqualTo(pk);
  }

  @Test
  void theSameDigestSignedTwiceGivesDifferentSignatures() {
    byte[] digest = digest();
    List<PartyId> signers = List.of(P.get(0), P.get(1));
    EcdsaSignature a = signOnce(shares, signers, digest);
    EcdsaSignature b = signOnce(shares, signers, digest);
    assertThat(a.r()).isNotEqualTo(b.r());
    assertThat(a).isNotEqualTo(b);
  }

  private static UnaryOperator<byte[]> flip(int offset) {
    return payload -> {
      payload[offset] ^= 1;
      return payload;
    };
  }

  private static void assertBanned(LocalSimulation.Outcome<EcdsaSignature> outcome,
      PartyId victim, PartyId cheater, String check) {
    assertThat(outcome.results()).isEmpty();
    ProtocolAbort abort = outcome.aborts().get(victim);
    assertThat(abort).isNotNull();
    assertThat(abort.culprits()).containsExactly(cheater);
    assertThat(abort.banned()).containsExactly(cheater);
    assertThat(abort.check()).contains(check);
    assertThat(abort.getMessage()).contains("must be banned");
  }

  @Test
  void aFlippedBitInAnyOtExtensionMessageBansItsSender() {
    PartyId victim = P.get(0);
    PartyId cheater = P.get(2);
    List<PartyId> signers = List.of(victim, cheater);
    int kos = 64;
    // the nonce, u (first, middle, last byte), ŷ, a t̂ row
    for (int offset : new int[] {3, kos, kos + 9_999, kos + Kos.KAPPA * Kos.ROW_BYTES - 1,
        kos + Kos.KAPPA * Kos.ROW_BYTES + 2, kos + Kos.MESSAGE_BYTES - 1}) {
      assertBanned(sign(shares, signers, digest(), Tamperer.change(1, cheater, victim,
          flip(offset)), RNG), victim, cheater, "OT-extension");
    }
  }

  @Test
  void aFlippedBitInTheMultiplicationTransferValuesBansItsSender() {
    PartyId victim = P.get(1);
    PartyId cheater = P.get(0);
    List<PartyId> signers = List.of(cheater, victim);
    int tau = 33 + 32 + 33 + 33 + 33 + 32;
    int mulLength = Multiplication.senderMessageLength(Secp256k1Group.INSTANCE);
    for (int offset : new int[] {tau + 31, tau + 32 * 700 + 31, tau + mulLength - 65,
        tau + mulLength - 1}) {
      assertBanned(sign(shares, signers, digest(), Tamperer.change(2, cheater, victim,
          flip(offset)), RNG), victim, cheater, "multiplication");
    }
  }

  @Test
  void inconsistentGammaOrPsiIsCaughtAndBanned() {
    PartyId victim = P.get(1);
    PartyId cheater = P.get(2);
    List<PartyId> signers = List.of(victim, cheater);
    Secp256k1Group g = Secp256k1Group.INSTANCE;
    // replace Γ_u with Γ_u + G (still a valid point): the χ·R_j check fails
    UnaryOperator<byte[]> shiftGamma = payload -> {
      try {
        int at = 33 + 32 + 33;
        byte[] gamma = java.util.Arrays.copyOfRange(payload, at, at + 33);
        byte[] moved = g.decodeElement(gamma).add(g.generator()).encode();
        System.arraycopy(moved, 0, payload, at, 33);
        return payload;
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    };
    assertBanned(sign(shares, signers, digest(), Tamperer.change(2, cheater, victim,
        shiftGamma), RNG), victim, cheater, "inconsistent");
  }

  @Test
  void aFlippedBitInTheCommitmentOrItsOpeningBansItsSender() {
    PartyId victim = P.get(2);
    PartyId cheater = P.get(1);
    List<PartyId> signers = List.of(cheater, victim);
    // the commitment (round 1), the salt of the opening (round 2)
    assertBanned(sign(shares, signers, digest(), Tamperer.change(1, cheater, victim, flip(40)),
        RNG), victim, cheater, "commitment");
    assertBanned(sign(shares, signers, digest(), Tamperer.change(2, cheater, victim, flip(40)),
        RNG), victim, cheater, "commitment");
    // R_j replaced by another valid point
    UnaryOperator<byte[]> otherR = payload -> {
      byte[] fresh = Secp256k1Group.INSTANCE.mulBase(
          Secp256k1Group.INSTANCE.scalarField().random(RNG)).encode();
      System.arraycopy(fresh, 0, payload, 0, 33);
      return payload;
    };
    assertBanned(sign(shares, signers, digest(), Tamperer.change(2, cheater, victim, otherR),
        RNG), victim, cheater, "commitment");
  }

  @Test
  void publicKeySharesThatDoNotSumToTheKeyAbort() {
    // p1 signs with a share shifted by δ (self-consistent, so every pairwise check passes)
    PartyId honest = P.get(0);
    PartyId shifted = P.get(1);
    Dkls23KeyShare original = shares.get(shifted);
    KeyShare k = original.keyShare();
    Secp256k1Group g = Secp256k1Group.INSTANCE;
    Scalar delta = g.scalarField().random(RNG);
    List<GroupElement> ys = new ArrayList<>(k.verifyingShares());
    ys.set(1, ys.get(1).add(g.mulBase(delta)));
    KeyShare bad = new KeyShare(k.group(), k.participants(), k.threshold(), k.self(),
        k.secretShare().add(delta), k.publicKey(), ys);
    Map<PartyId, PairwiseSetup> pairwise = new TreeMap<>();
    for (PartyId other : List.of(P.get(0), P.get(2))) {
      pairwise.put(other, original.pairwise(other));
    }
    Map<PartyId, Dkls23KeyShare> keys = new TreeMap<>(shares);
    keys.put(shifted, new Dkls23KeyShare(bad, original.keyId(), pairwise, List.of()));
    LocalSimulation.Outcome<EcdsaSignature> outcome =
        sign(keys, List.of(honest, shifted), digest(), Tamperer.NONE, RNG);
    assertThat(outcome.results()).isEmpty();
    ProtocolAbort abort = outcome.aborts().get(honest);
    assertThat(abort.check()).contains("do not sum to the public key");
    assertThat(abort.culprits()).containsExactly(shifted);
    assertThat(abort.banned()).isEmpty();
  }

  @Test
  void aTamperedFinalShareYieldsNoSignature() {
    PartyId honest = P.get(2);
    PartyId cheater = P.get(0);
    LocalSimulation.Outcome<EcdsaSignature> outcome = sign(shares, List.of(cheater, honest),
        digest(), Tamperer.change(3, cheater, honest, flip(63)), RNG);
    assertThat(outcome.results()).doesNotContainKey(honest);
    ProtocolAbort abort = outcome.aborts().get(honest);
    assertThat(abort.check()).contains("does not verify");
    assertThat(abort.culprits()).containsExactly(cheater);
  }

  @Test
  void aMessageReplayedFromAnotherSessionAborts() {
    PartyId victim = P.get(0);
    PartyId replayer = P.get(1);
    List<PartyId> signers = List.of(victim, replayer);
    AtomicReference<byte[]> round1 = new AtomicReference<>();
    AtomicReference<byte[]> round2 = new AtomicReference<>();
    byte[] digest = digest();
    LocalSimulation.Outcome<EcdsaSignature> recorded = sign(shares, signers, digest,
        (from, to, round, payload) -> {
          if (from.equals(replayer) && to.equals(victim)) {
            (round == 1 ? round1 : round2).compareAndSet(null, payload.clone());
          }
          return payload;
        }, RNG);
    assertThat(recorded.aborts()).isEmpty();
    LocalSimulation.Outcome<EcdsaSignature> replayed1 = sign(shares, signers, digest,
        Tamperer.change(1, replayer, victim, p -> round1.get()), RNG);
    assertThat(replayed1.results()).isEmpty();
    assertThat(replayed1.aborts().get(victim).culprits()).containsExactly(replayer);
    LocalSimulation.Outcome<EcdsaSignature> replayed2 = sign(shares, signers, digest,
        Tamperer.change(2, replayer, victim, p -> round2.get()), RNG);
    assertThat(replayed2.results()).isEmpty();
    assertThat(replayed2.aborts().get(victim).culprits()).containsExactly(replayer);
  }

  @Test
  void aBannedPartyIsRefusedAfterwards() {
    PartyId cheater = P.get(2);
    LocalSimulation.Outcome<EcdsaSignature> outcome = sign(shares, List.of(P.get(0), cheater),
        digest(), Tamperer.change(1, cheater, P.get(0), flip(100)), RNG);
    List<PartyId> banned = outcome.aborts().get(P.get(0)).banned();
    Dkls23KeyShare updated = shares.get(P.get(0)).withBanned(banned);
    assertThat(updated.banned()).containsExactly(cheater);
    assertThatThrownBy(() -> new Dkls23Sign(updated, new byte[32], List.of(P.get(0), cheater),
        digest()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(cheater.toString())
        .hasMessageContaining("banned");
    // survives encoding, and the other pair still signs
    Dkls23KeyShare reloaded = decode(updated.encode());
    assertThat(reloaded.banned()).containsExactly(cheater);
    assertThatThrownBy(() -> new Dkls23Sign(reloaded, new byte[32], P, digest()))
        .hasMessageContaining(cheater.toString());
    Map<PartyId, Dkls23KeyShare> keys = new TreeMap<>(shares);
    keys.put(P.get(0), reloaded);
    byte[] digest = digest();
    assertValid(reloaded.publicKey(), digest, signOnce(keys, List.of(P.get(0), P.get(1)),
        digest));
  }

  @Test
  void signerSetsAreValidated() {
    Dkls23KeyShare share = shares.get(P.get(0));
    assertThatThrownBy(() -> new Dkls23Sign(share, new byte[32], List.of(P.get(0)), digest()))
        .hasMessageContaining("threshold");
    assertThatThrownBy(() -> new Dkls23Sign(share, new byte[32], List.of(P.get(1), P.get(2)),
        digest())).hasMessageContaining("not among the signers");
    assertThatThrownBy(() -> new Dkls23Sign(share, new byte[32], List.of(P.get(1), P.get(0)),
        digest())).hasMessageContaining("sorted");
    assertThatThrownBy(() -> new Dkls23Sign(share, new byte[32], List.of(P.get(0),
        PartyId.of("stranger")), digest())).hasMessageContaining("share of the key");
    assertThatThrownBy(() -> new Dkls23Sign(share, new byte[32], P, new byte[31]))
        .hasMessageContaining("32 bytes");
  }

  static Dkls23KeyShare decode(byte[] encoded) {
    try {
      return Dkls23KeyShare.decode(encoded);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
