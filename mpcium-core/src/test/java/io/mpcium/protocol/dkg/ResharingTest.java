package io.mpcium.protocol.dkg;

import static io.mpcium.protocol.ProtocolFixtures.keygen;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpcium.PartyId;
import io.mpcium.crypto.Group;
import io.mpcium.crypto.GroupElement;
import io.mpcium.crypto.Lagrange;
import io.mpcium.crypto.Scalar;
import io.mpcium.crypto.secp256k1.Bip340;
import io.mpcium.crypto.secp256k1.Bip340Reference;
import io.mpcium.protocol.LocalSimulation;
import io.mpcium.protocol.LocalSimulation.Tamperer;
import io.mpcium.protocol.ProtocolAbort;
import io.mpcium.protocol.ProtocolFixtures;
import io.mpcium.protocol.frost.Ciphersuite;
import io.mpcium.protocol.frost.Ed25519Sha512;
import io.mpcium.protocol.frost.FrostSign;
import io.mpcium.protocol.frost.Secp256k1Taproot;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Resharing and refresh of FROST keys (Ed25519 and BIP340), all parties in one thread. */
class ResharingTest {
  private static final Ciphersuite ED25519 = Ed25519Sha512.INSTANCE;
  private static final Ciphersuite SCHNORR = Secp256k1Taproot.INSTANCE;
  private final SecureRandom rng = new SecureRandom();

  static Stream<Ciphersuite> suites() {
    return Stream.of(ED25519, SCHNORR);
  }

  private static List<PartyId> ids(String... names) {
    return Stream.of(names).map(PartyId::of).sorted().toList();
  }

  private byte[] sessionId() {
    byte[] sid = new byte[32];
    rng.nextBytes(sid);
    return sid;
  }

  /** One protocol per party of {@code dealers ∪ newParticipants}. */
  static Map<PartyId, Resharing> reshare(Ciphersuite suite, byte[] sid,
      Map<PartyId, KeyShare> old, List<PartyId> dealers, List<PartyId> newParticipants,
      int newThreshold) {
    Map<PartyId, Resharing> protocols = new TreeMap<>();
    List<PartyId> all = new ArrayList<>(dealers);
    newParticipants.stream().filter(p -> !all.contains(p)).forEach(all::add);
    for (PartyId party : all) {
      Optional<KeyShare> share = dealers.contains(party) ? Optional.of(old.get(party))
          : Optional.empty();
      protocols.put(party, new Resharing(suite, sid, party, share, dealers, newParticipants,
          newThreshold, DkgExtension.NONE));
    }
    return protocols;
  }

  private LocalSimulation.Outcome<Reshared<KeyShare>> run(Ciphersuite suite,
      Map<PartyId, KeyShare> old, List<PartyId> dealers, List<PartyId> newParticipants,
      int newThreshold, Tamperer tamperer) {
    return new LocalSimulation<>(reshare(suite, sessionId(), old, dealers, newParticipants,
        newThreshold), tamperer).run(rng);
  }

  /** Reshares cleanly and returns the new committee's shares. */
  private Map<PartyId, KeyShare> reshareOk(Ciphersuite suite, Map<PartyId, KeyShare> old,
      List<PartyId> dealers, List<PartyId> newParticipants, int newThreshold) {
    LocalSimulation.Outcome<Reshared<KeyShare>> outcome =
        run(suite, old, dealers, newParticipants, newThreshold, Tamperer.NONE);
    assertThat(outcome.aborts()).isEmpty();
    Map<PartyId, KeyShare> shares = new TreeMap<>();
    outcome.results().forEach((party, result) -> {
      assertThat(result.participants()).isEqualTo(newParticipants);
      assertThat(result.threshold()).isEqualTo(newThreshold);
      assertThat(result.share().isPresent()).isEqualTo(newParticipants.contains(party));
      result.share().ifPresent(s -> shares.put(party, s));
    });
    return shares;
  }

  private byte[] sign(Ciphersuite suite, Map<PartyId, KeyShare> shares, List<PartyId> signers,
      byte[] message) {
    Map<PartyId, FrostSign> protocols = new TreeMap<>();
    for (PartyId signer : signers) {
      protocols.put(signer, suite == SCHNORR
          ? FrostSign.bip340(shares.get(signer), signers, message, Optional.empty())
          : new FrostSign(suite, shares.get(signer), signers, message));
    }
    LocalSimulation.Outcome<byte[]> outcome = new LocalSimulation<>(protocols).run(rng);
    assertThat(outcome.aborts()).isEmpty();
    return outcome.results().get(signers.get(0));
  }

  /** An independent verifier: BouncyCastle for Ed25519, the BIP340 reference for Schnorr. */
  private static boolean verifies(Ciphersuite suite, GroupElement publicKey, byte[] message,
      byte[] signature) {
    if (suite == SCHNORR) {
      return Bip340Reference.verify(Bip340.xOnly(publicKey), message, signature);
    }
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, new Ed25519PublicKeyParameters(publicKey.encode(), 0));
    verifier.update(message, 0, message.length);
    return verifier.verifySignature(signature);
  }

  private void everySubsetSigns(Ciphersuite suite, Map<PartyId, KeyShare> shares, int t,
      GroupElement publicKey) {
    List<PartyId> committee = new ArrayList<>(shares.keySet());
    for (List<PartyId> signers : ProtocolFixtures.subsets(committee, t)) {
      byte[] message = ("reshared " + signers).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      byte[] signature = sign(suite, shares, signers, message);
      assertThat(verifies(suite, publicKey, message, signature)).as("signers %s", signers)
          .isTrue();
    }
  }

  @ParameterizedTest
  @MethodSource("suites")
  void twoOfThreeToThreeOfFiveToTwoOfFourKeepsThePublicKey(Ciphersuite suite) {
    Map<PartyId, KeyShare> first = keygen(suite, 3, 2, rng);
    GroupElement publicKey = first.values().iterator().next().publicKey();

    // p0 and p2 deal; p1 is in both committees without dealing; p3 and p4 join
    Map<PartyId, KeyShare> second = reshareOk(suite, first, ids("p0", "p2"),
        ids("p0", "p1", "p2", "p3", "p4"), 3);
    assertThat(second).hasSize(5);
    second.values().forEach(s -> assertThat(s.publicKey()).isEqualTo(publicKey));
    everySubsetSigns(suite, second, 3, publicKey);

    // p0 and p2 leave, p5 joins; three of the five deal
    Map<PartyId, KeyShare> third = reshareOk(suite, second, ids("p1", "p3", "p4"),
        ids("p1", "p3", "p4", "p5"), 2);
    assertThat(third.keySet()).containsExactlyElementsOf(ids("p1", "p3", "p4", "p5"));
    third.values().forEach(s -> assertThat(s.publicKey()).isEqualTo(publicKey));
    everySubsetSigns(suite, third, 2, publicKey);
  }

  @Test
  void theNewSharesInterpolateToTheSameSecretAndTooFewDoNot() {
    Group group = ED25519.group();
    Map<PartyId, KeyShare> old = keygen(ED25519, 3, 2, rng);
    GroupElement publicKey = old.values().iterator().next().publicKey();
    Map<PartyId, KeyShare> fresh = reshareOk(ED25519, old, ids("p1", "p2"),
        ids("p0", "p1", "p2", "p3", "p4"), 3);
    assertThat(group.mulBase(interpolate(group, fresh, ids("p0", "p3", "p4"))))
        .isEqualTo(publicKey);
    assertThat(group.mulBase(interpolate(group, fresh, ids("p0", "p3"))))
        .isNotEqualTo(publicKey);
  }

  /** The Lagrange combination at zero of the given parties' secret shares. */
  static Scalar interpolate(Group group, Map<PartyId, KeyShare> shares, List<PartyId> parties) {
    List<Scalar> ids = parties.stream().map(p -> shares.get(p).identifier(p)).toList();
    Scalar secret = group.scalarField().zero();
    for (PartyId party : parties) {
      KeyShare share = shares.get(party);
      secret = secret.add(Lagrange.coefficientAtZero(share.identifier(party), ids)
          .mul(share.secretShare()));
    }
    return secret;
  }

  @ParameterizedTest
  @MethodSource("suites")
  void refreshKeepsTheKeyAndOldSharesNoLongerCombineWithNewOnes(Ciphersuite suite) {
    Group group = suite.group();
    Map<PartyId, KeyShare> old = keygen(suite, 3, 2, rng);
    GroupElement publicKey = old.values().iterator().next().publicKey();
    List<PartyId> committee = new ArrayList<>(old.keySet());
    Map<PartyId, KeyShare> fresh = reshareOk(suite, old, committee, committee, 2);
    for (PartyId party : committee) {
      assertThat(fresh.get(party).secretShare()).isNotEqualTo(old.get(party).secretShare());
      assertThat(fresh.get(party).publicKey()).isEqualTo(publicKey);
    }
    everySubsetSigns(suite, fresh, 2, publicKey);

    // An old share and a new one interpolate to some other secret...
    Map<PartyId, KeyShare> mixed = new TreeMap<>(Map.of(committee.get(0), old.get(committee.get(0)),
        committee.get(1), fresh.get(committee.get(1))));
    Scalar combined = interpolate(group, mixed, committee.subList(0, 2));
    assertThat(group.mulBase(combined)).isNotEqualTo(publicKey);
    // ...and a signing session mixing them fails: each signer checks the other's signature
    // share against its own (different) verifying shares
    Map<PartyId, FrostSign> protocols = new TreeMap<>();
    byte[] message = "mixed".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    for (PartyId signer : committee.subList(0, 2)) {
      KeyShare share = mixed.get(signer);
      protocols.put(signer, suite == SCHNORR
          ? FrostSign.bip340(share, committee.subList(0, 2), message, Optional.empty())
          : new FrostSign(suite, share, committee.subList(0, 2), message));
    }
    LocalSimulation.Outcome<byte[]> outcome = new LocalSimulation<>(protocols).run(rng);
    assertThat(outcome.succeeded()).isFalse();
    outcome.results().values().forEach(sig ->
        assertThat(verifies(suite, publicKey, message, sig)).isFalse());
  }

  @Test
  void aDealerSendingAnInconsistentSubShareIsNamed() {
    Map<PartyId, KeyShare> old = keygen(ED25519, 3, 2, rng);
    PartyId cheat = PartyId.of("p2");
    PartyId victim = PartyId.of("p3");
    LocalSimulation.Outcome<Reshared<KeyShare>> outcome = run(ED25519, old, ids("p0", "p2"),
        ids("p0", "p1", "p3"), 2, Tamperer.change(2, cheat, victim, payload -> {
          // flip the low bit of the little-endian sub-share: no longer on g_i
          payload[0] ^= 1;
          return payload;
        }));
    // the victim names the dealer; the others never get its confirmation, so nobody finishes
    assertThat(outcome.results()).isEmpty();
    ProtocolAbort abort = outcome.aborts().get(victim);
    assertThat(abort.culprits()).containsExactly(cheat);
    assertThat(abort.check()).isEqualTo("sub-share does not match the dealer's Feldman "
        + "commitments");
  }

  @Test
  void aDealerCommittingToAWrongConstantTermIsNamed() {
    Map<PartyId, KeyShare> old = keygen(ED25519, 3, 2, rng);
    PartyId cheat = PartyId.of("p0");
    // The cheat deals g(0) = x_i instead of λ_i·x_i: a consistent Feldman sharing of the wrong
    // constant. Simulated by handing its protocol a share with the weight folded out: replace
    // its broadcast constant commitment by the unweighted verifying share X_i.
    GroupElement unweighted = old.get(cheat).verifyingShare(cheat);
    int elementLength = ED25519.group().elementLength();
    LocalSimulation.Outcome<Reshared<KeyShare>> outcome = run(ED25519, old, ids("p0", "p1"),
        ids("p0", "p1", "p2", "p3"), 2, Tamperer.change(1, cheat, payload -> {
          // the commitments follow the package: u32 count, then t elements; E_0 is first
          int at = payload.length - 2 * elementLength;
          System.arraycopy(unweighted.encode(), 0, payload, at, elementLength);
          return payload;
        }));
    assertThat(outcome.results()).isEmpty();
    for (ProtocolAbort abort : withoutParty(outcome.aborts(), cheat).values()) {
      assertThat(abort.culprits()).containsExactly(cheat);
      assertThat(abort.check()).isEqualTo("constant-term commitment does not match the "
          + "dealer's Lagrange-weighted verifying share");
    }
  }

  @Test
  void aDealerLyingAboutTheOldKeyIsNamedByTheOtherDealer() {
    Map<PartyId, KeyShare> old = keygen(ED25519, 3, 2, rng);
    Map<PartyId, KeyShare> other = keygen(ED25519, 3, 2, rng);
    PartyId cheat = PartyId.of("p1");
    // p1 deals from a share of a different key: its package differs from p0's
    Map<PartyId, KeyShare> mixed = new TreeMap<>(old);
    mixed.put(cheat, other.get(cheat));
    LocalSimulation.Outcome<Reshared<KeyShare>> outcome = run(ED25519, mixed, ids("p0", "p1"),
        ids("p0", "p1", "p2"), 2, Tamperer.NONE);
    assertThat(outcome.results()).isEmpty();
    assertThat(outcome.aborts().get(PartyId.of("p0")).culprits()).containsExactly(cheat);
    // p2 (new only) sees two packages and cannot tell which dealer lies: it names the minority,
    // here a tie, so no honest party accepts the key
    assertThat(outcome.aborts().get(PartyId.of("p2")).check())
        .isEqualTo("dealers sent different public packages of the old key");
  }

  @Test
  void aNewPartyRefusesDealersPassingOffAKeyOfTheirOwn() {
    // The wallet's key is 2-of-3 among p0, p1, p2. p0 and p1 collude and deal a 2-of-2 key of
    // their own to a committee with the newcomer p3, which knows the wallet's key from its
    // registry record: it must not accept the other key as the wallet's.
    Map<PartyId, KeyShare> forged = keygen(ED25519, 2, 2, rng);
    Resharing.OldKey known = new Resharing.OldKey(ids("p0", "p1", "p2"), 2);
    byte[] sid = sessionId();
    List<PartyId> dealers = ids("p0", "p1");
    List<PartyId> committee = ids("p0", "p1", "p3");
    Map<PartyId, Resharing> protocols = new TreeMap<>();
    for (PartyId dealer : dealers) {
      protocols.put(dealer, new Resharing(ED25519, sid, dealer, Optional.of(forged.get(dealer)),
          dealers, committee, 2, DkgExtension.NONE));
    }
    PartyId newcomer = PartyId.of("p3");
    protocols.put(newcomer, new Resharing(ED25519, sid, newcomer, Optional.empty(), dealers,
        committee, 2, DkgExtension.NONE, Optional.of(known)));
    LocalSimulation.Outcome<Reshared<KeyShare>> outcome =
        new LocalSimulation<>(protocols).run(rng);
    assertThat(outcome.results()).doesNotContainKey(newcomer);
    assertThat(outcome.aborts().get(newcomer).culprits()).containsExactlyElementsOf(dealers);
    assertThat(outcome.aborts().get(newcomer).check())
        .contains("knows the key as held by [p0, p1, p2] with threshold 2");
  }

  private static Map<PartyId, ProtocolAbort> withoutParty(Map<PartyId, ProtocolAbort> aborts,
      PartyId party) {
    Map<PartyId, ProtocolAbort> rest = new TreeMap<>(aborts);
    rest.remove(party);
    assertThat(rest).isNotEmpty();
    return rest;
  }

  @Test
  void fewerOldHoldersThanTheThresholdCannotReshare() {
    Map<PartyId, KeyShare> old = keygen(ED25519, 3, 2, rng);
    assertThatThrownBy(() -> reshare(ED25519, sessionId(), old, ids("p0"),
        ids("p0", "p1", "p2", "p3"), 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("1 old key holders are fewer than the key's threshold 2: resharing needs "
            + "at least 2 of them");
  }

  @Test
  void aPartyOutsideBothCommitteesOrADealerWithoutAShareIsRefused() {
    Map<PartyId, KeyShare> old = keygen(ED25519, 3, 2, rng);
    assertThatThrownBy(() -> new Resharing(ED25519, sessionId(), PartyId.of("p9"),
        Optional.empty(), ids("p0", "p1"), ids("p0", "p1", "p2"), 2, DkgExtension.NONE))
        .hasMessageContaining("neither a dealer nor in the new committee");
    assertThatThrownBy(() -> new Resharing(ED25519, sessionId(), PartyId.of("p0"),
        Optional.empty(), ids("p0", "p1"), ids("p0", "p1", "p2"), 2, DkgExtension.NONE))
        .hasMessageContaining("is a dealer but holds no share");
    assertThatThrownBy(() -> new Resharing(ED25519, sessionId(), PartyId.of("p0"),
        Optional.of(old.get(PartyId.of("p0"))), ids("p0", "p1"), ids("p0", "p1", "p2"), 4,
        DkgExtension.NONE))
        .hasMessageContaining("new threshold 4 out of range");
  }
}
