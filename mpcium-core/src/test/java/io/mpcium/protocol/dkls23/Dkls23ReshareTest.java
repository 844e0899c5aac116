package io.mpcium.protocol.dkls23;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpcium.PartyId;
import io.mpcium.crypto.GroupElement;
import io.mpcium.crypto.secp256k1.EcdsaSignature;
import io.mpcium.protocol.LocalSimulation;
import io.mpcium.protocol.LocalSimulation.Tamperer;
import io.mpcium.protocol.ProtocolAbort;
import io.mpcium.protocol.ProtocolFixtures;
import io.mpcium.protocol.dkg.Reshared;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Resharing and refresh of DKLs23 keys, all parties in one thread. */
class Dkls23ReshareTest {
  private final SecureRandom rng = new SecureRandom();

  private static List<PartyId> ids(String... names) {
    return Stream.of(names).map(PartyId::of).sorted().toList();
  }

  private LocalSimulation.Outcome<Reshared<Dkls23KeyShare>> run(
      Map<PartyId, Dkls23KeyShare> old, List<PartyId> dealers, List<PartyId> committee,
      int threshold, Tamperer tamperer) {
    byte[] sid = new byte[32];
    rng.nextBytes(sid);
    Map<PartyId, Dkls23Reshare> protocols = new TreeMap<>();
    List<PartyId> all = new ArrayList<>(dealers);
    committee.stream().filter(p -> !all.contains(p)).forEach(all::add);
    for (PartyId party : all) {
      protocols.put(party, new Dkls23Reshare(sid, party, dealers.contains(party)
          ? Optional.of(old.get(party)) : Optional.empty(), dealers, committee, threshold));
    }
    return new LocalSimulation<>(protocols, tamperer).run(rng);
  }

  private Map<PartyId, Dkls23KeyShare> reshare(Map<PartyId, Dkls23KeyShare> old,
      List<PartyId> dealers, List<PartyId> committee, int threshold) {
    LocalSimulation.Outcome<Reshared<Dkls23KeyShare>> outcome =
        run(old, dealers, committee, threshold, Tamperer.NONE);
    assertThat(outcome.aborts()).isEmpty();
    Map<PartyId, Dkls23KeyShare> shares = new TreeMap<>();
    outcome.results().forEach((party, r) -> r.share().ifPresent(s -> shares.put(party, s)));
    assertThat(shares.keySet()).containsExactlyElementsOf(committee);
    return shares;
  }

  private void everySubsetSigns(Map<PartyId, Dkls23KeyShare> shares, int t,
      GroupElement publicKey) {
    List<PartyId> committee = new ArrayList<>(shares.keySet());
    for (List<PartyId> signers : ProtocolFixtures.subsets(committee, t)) {
      byte[] digest = new byte[32];
      rng.nextBytes(digest);
      LocalSimulation.Outcome<EcdsaSignature> outcome =
          Dkls23Fixtures.sign(shares, signers, digest, Tamperer.NONE, rng);
      assertThat(outcome.aborts()).as("signers %s", signers).isEmpty();
      Dkls23SignTest.assertValid(publicKey, digest, outcome.results().get(signers.get(0)));
    }
  }

  @Test
  void twoOfThreeToThreeOfFiveToTwoOfFourKeepsThePublicKey() {
    Map<PartyId, Dkls23KeyShare> first = Dkls23Fixtures.keygen(3, 2, rng);
    GroupElement publicKey = first.values().iterator().next().publicKey();
    Map<PartyId, Dkls23KeyShare> second = reshare(first, ids("p0", "p1"),
        ids("p0", "p1", "p2", "p3", "p4"), 3);
    second.values().forEach(s -> assertThat(s.publicKey()).isEqualTo(publicKey));
    everySubsetSigns(second, 3, publicKey);
    // p0 and p2 leave, p5 joins
    Map<PartyId, Dkls23KeyShare> third = reshare(second, ids("p1", "p2", "p4"),
        ids("p1", "p3", "p4", "p5"), 2);
    third.values().forEach(s -> assertThat(s.publicKey()).isEqualTo(publicKey));
    everySubsetSigns(third, 2, publicKey);
  }

  @Test
  void refreshedSharesSignButDoNotSignTogetherWithOldOnes() {
    Map<PartyId, Dkls23KeyShare> old = Dkls23Fixtures.keygen(3, 2, rng);
    GroupElement publicKey = old.values().iterator().next().publicKey();
    List<PartyId> committee = ids("p0", "p1", "p2");
    Map<PartyId, Dkls23KeyShare> fresh = reshare(old, committee, committee, 2);
    everySubsetSigns(fresh, 2, publicKey);
    for (PartyId party : committee) {
      assertThat(fresh.get(party).keyShare().secretShare())
          .isNotEqualTo(old.get(party).keyShare().secretShare());
    }
    Map<PartyId, Dkls23KeyShare> mixed = new TreeMap<>(Map.of(PartyId.of("p0"),
        old.get(PartyId.of("p0")), PartyId.of("p1"), fresh.get(PartyId.of("p1"))));
    byte[] digest = new byte[32];
    rng.nextBytes(digest);
    LocalSimulation.Outcome<EcdsaSignature> outcome =
        Dkls23Fixtures.sign(mixed, ids("p0", "p1"), digest, Tamperer.NONE, rng);
    assertThat(outcome.results()).isEmpty();
    assertThat(outcome.aborts()).isNotEmpty();
  }

  @Test
  void aDealerSendingAnInconsistentSubShareIsNamed() {
    Map<PartyId, Dkls23KeyShare> old = Dkls23Fixtures.keygen(3, 2, rng);
    PartyId cheat = PartyId.of("p1");
    PartyId victim = PartyId.of("p3");
    LocalSimulation.Outcome<Reshared<Dkls23KeyShare>> outcome = run(old, ids("p0", "p1"),
        ids("p0", "p1", "p2", "p3"), 2, Tamperer.change(2, cheat, victim, payload -> {
          payload[31] ^= 1; // the big-endian sub-share's low bit; the OT setup follows it
          return payload;
        }));
    assertThat(outcome.results()).isEmpty();
    ProtocolAbort abort = outcome.aborts().get(victim);
    assertThat(abort.culprits()).containsExactly(cheat);
    assertThat(abort.check()).isEqualTo("sub-share does not match the dealer's Feldman "
        + "commitments");
  }

  @Test
  void aDealerCommittingToAWrongConstantTermIsNamed() {
    Map<PartyId, Dkls23KeyShare> old = Dkls23Fixtures.keygen(3, 2, rng);
    PartyId cheat = PartyId.of("p2");
    byte[] unweighted = old.get(cheat).keyShare().verifyingShare(cheat).encode();
    LocalSimulation.Outcome<Reshared<Dkls23KeyShare>> outcome = run(old, ids("p0", "p2"),
        ids("p0", "p1", "p2"), 2, Tamperer.change(1, cheat, payload -> {
          System.arraycopy(unweighted, 0, payload, payload.length - 2 * 33, 33);
          return payload;
        }));
    assertThat(outcome.results()).isEmpty();
    for (PartyId honest : ids("p0", "p1")) {
      assertThat(outcome.aborts().get(honest).culprits()).containsExactly(cheat);
      assertThat(outcome.aborts().get(honest).check()).isEqualTo("constant-term commitment "
          + "does not match the dealer's Lagrange-weighted verifying share");
    }
  }

  @Test
  void fewerOldHoldersThanTheThresholdCannotReshare() {
    Map<PartyId, Dkls23KeyShare> old = Dkls23Fixtures.keygen(3, 3, rng);
    assertThatThrownBy(() -> run(old, ids("p0", "p1"), ids("p0", "p1", "p2"), 2,
        Tamperer.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("2 old key holders are fewer than the key's threshold 3: resharing needs "
            + "at least 3 of them");
  }
}
