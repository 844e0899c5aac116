package io.mpcium.protocol.dkls23;

import static io.mpcium.protocol.dkls23.Dkls23Fixtures.keyGen;
import static io.mpcium.protocol.dkls23.Dkls23Fixtures.parties;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpcium.PartyId;
import io.mpcium.protocol.LocalSimulation;
import io.mpcium.protocol.LocalSimulation.Tamperer;
import io.mpcium.protocol.ProtocolAbort;
import io.mpcium.protocol.Round;
import io.mpcium.protocol.RoundOutcome;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class Dkls23KeyGenTest {
  private final SecureRandom rng = new SecureRandom();

  private byte[] sid() {
    byte[] sid = new byte[32];
    rng.nextBytes(sid);
    return sid;
  }

  @Test
  void everyPairEndsWithMatchingOtCorrelationsAndZeroSeeds() {
    Map<PartyId, Dkls23KeyShare> shares = Dkls23Fixtures.keygen(3, 2, rng);
    List<PartyId> p = parties(3);
    for (PartyId a : p) {
      assertThat(shares.get(a).publicKey()).isEqualTo(shares.get(p.get(0)).publicKey());
      assertThat(shares.get(a).banned()).isEmpty();
      assertThat(shares.get(a).toString()).contains("redacted")
          .doesNotContain(java.util.HexFormat.of().formatHex(
              shares.get(a).keyShare().secretShare().toBE()));
      assertThat(shares.get(a).pairwise(p.get(a.equals(p.get(0)) ? 1 : 0)).toString())
          .isEqualTo("PairwiseSetup[redacted]");
      for (PartyId b : p) {
        if (a.equals(b)) {
          continue;
        }
        // a is OT-extension sender toward b: a holds k_{Δ_i}, b holds k0_i and k1_i
        PairwiseSetup sender = shares.get(a).pairwise(b);
        PairwiseSetup receiver = shares.get(b).pairwise(a);
        sender.use((delta, chosen, x0, x1, zeroA) -> receiver.use((d2, c2, s0, s1, zeroB) -> {
          assertThat(zeroA).isEqualTo(zeroB);
          for (int i = 0; i < Kos.KAPPA; i++) {
            byte[] mine = Arrays.copyOfRange(chosen, 32 * i, 32 * i + 32);
            boolean bit = Multiplication.bit(delta, i);
            assertThat(mine).isEqualTo(Arrays.copyOfRange(bit ? s1 : s0, 32 * i, 32 * i + 32));
            assertThat(mine).isNotEqualTo(Arrays.copyOfRange(bit ? s0 : s1, 32 * i,
                32 * i + 32));
          }
          return null;
        }));
      }
    }
  }

  @Test
  void aTamperedBaseOtMessageAbortsNamingItsSender() {
    List<PartyId> p = parties(3);
    PartyId cheater = p.get(1);
    PartyId victim = p.get(2);
    // a point of the base-OT batch with a bad prefix (round 2 carries the share first)
    LocalSimulation.Outcome<Dkls23KeyShare> outcome = new LocalSimulation<>(
        keyGen(sid(), p, 2), Tamperer.change(2, cheater, victim, payload -> {
          payload[32 + 33 + 66 * 10] = 0x07;
          return payload;
        })).run(rng);
    assertThat(outcome.results()).isEmpty();
    ProtocolAbort abort = outcome.aborts().get(victim);
    assertThat(abort.culprits()).containsExactly(cheater);
    assertThat(abort.check()).contains("pairwise setup");
    // a truncated pairwise payload too
    outcome = new LocalSimulation<>(keyGen(sid(), p, 2), Tamperer.change(2, cheater, victim,
        payload -> Arrays.copyOf(payload, payload.length - 1))).run(rng);
    assertThat(outcome.aborts().get(victim).culprits()).containsExactly(cheater);
  }

  @Test
  void parametersAreValidated() {
    List<PartyId> p = parties(3);
    assertThatThrownBy(() -> new Dkls23KeyGen(sid(), p.get(0), p, 1))
        .hasMessageContaining("at least 2");
    assertThatThrownBy(() -> new Dkls23KeyGen(sid(), p.get(0), p, 4))
        .hasMessageContaining("out of range");
    assertThatThrownBy(() -> new Dkls23KeyGen(sid(), PartyId.of("x"), p, 2))
        .hasMessageContaining("not a participant");
  }

  @Test
  void destroyedRoundsCannotContinue() {
    List<PartyId> p = parties(2);
    Map<PartyId, Dkls23KeyShare> shares = Dkls23Fixtures.keygen(2, 2, rng);
    byte[] sid = sid();
    byte[] digest = sid();
    Map<PartyId, Dkls23Sign> signing = Dkls23Fixtures.signing(shares, p, sid, digest);
    Map<PartyId, RoundOutcome.Next<?>> starts = new TreeMap<>();
    signing.forEach((id, protocol) -> starts.put(id, protocol.start(rng)));
    @SuppressWarnings("unchecked")
    Round<Object> first = (Round<Object>) starts.get(p.get(0)).next();
    first.destroy();
    byte[] fromOther = starts.get(p.get(1)).outgoing().get(0).payload();
    assertThatThrownBy(() -> first.finish(Map.of(p.get(1), fromOther), rng))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("destroyed");
  }
}
