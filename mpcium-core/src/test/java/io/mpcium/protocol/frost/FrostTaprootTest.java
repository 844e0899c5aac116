package io.mpcium.protocol.frost;

import static io.mpcium.protocol.ProtocolFixtures.keygen;
import static io.mpcium.protocol.ProtocolFixtures.parties;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mpcium.PartyId;
import io.mpcium.TaprootTweak;
import io.mpcium.crypto.GroupElement;
import io.mpcium.crypto.Lagrange;
import io.mpcium.crypto.Scalar;
import io.mpcium.crypto.secp256k1.Bip340;
import io.mpcium.crypto.secp256k1.Bip340Reference;
import io.mpcium.crypto.secp256k1.Libsecp256k1;
import io.mpcium.crypto.secp256k1.Secp256k1Group;
import io.mpcium.protocol.LocalSimulation;
import io.mpcium.protocol.LocalSimulation.Tamperer;
import io.mpcium.protocol.ProtocolAbort;
import io.mpcium.protocol.dkg.KeyShare;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * BIP340 signatures from FROST over secp256k1 ({@link FrostSign#bip340}), all signers in one
 * thread. Every signature is checked by three verifiers: the library's own (inside the
 * protocol), the BigInteger transcription of BIP340 and libsecp256k1.
 */
class FrostTaprootTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final Secp256k1Group GROUP = Secp256k1Group.INSTANCE;
  private static final Secp256k1Taproot SUITE = Secp256k1Taproot.INSTANCE;

  private final SecureRandom rng = new SecureRandom();

  /** A finished signing run: the signature and the parity of the group commitment R. */
  record Run(byte[] signature, boolean rWasOdd, Map<PartyId, ProtocolAbort> aborts) { }

  /** Signs with {@code signers}, recording round 1 to recompute R as any observer can. */
  private Run sign(Map<PartyId, KeyShare> shares, List<PartyId> signers, byte[] message,
      Optional<TaprootTweak> tweak, Tamperer tamperer) throws Exception {
    Map<PartyId, FrostSign> protocols = new TreeMap<>();
    for (PartyId signer : signers) {
      protocols.put(signer, FrostSign.bip340(shares.get(signer), signers, message, tweak));
    }
    Map<PartyId, byte[]> roundOne = new TreeMap<>();
    Tamperer recording = (from, to, round, payload) -> {
      if (round == 1) {
        roundOne.put(from, payload.clone());
      }
      return tamperer.tamper(from, to, round, payload);
    };
    LocalSimulation.Outcome<byte[]> outcome =
        new LocalSimulation<>(protocols, recording).run(rng);

    KeyShare any = shares.get(signers.get(0));
    KeyShare key = FrostSign.bip340Key(any, tweak);
    List<Frost.Commitment> commitments = new ArrayList<>();
    for (Map.Entry<PartyId, byte[]> entry : roundOne.entrySet()) {
      FrostMessage.Commitments c = FrostMessage.Commitments.decode(GROUP, entry.getValue());
      commitments.add(new Frost.Commitment(any.identifier(entry.getKey()), c.hiding(),
          c.binding()));
    }
    GroupElement r = Frost.computeGroupCommitment(GROUP, commitments,
        Frost.computeBindingFactors(SUITE, key.publicKey(), commitments, message));
    if (key != any) {
      key.destroy();
    }
    byte[] signature = outcome.succeeded() ? outcome.results().get(signers.get(0)) : null;
    if (signature != null) {
      for (PartyId signer : signers) {
        assertThat(outcome.results().get(signer)).isEqualTo(signature);
      }
      assertThat(signature).hasSize(64);
      assertThat(HEX.formatHex(signature, 0, 32)).isEqualTo(HEX.formatHex(Bip340.xOnly(r)));
    }
    return new Run(signature, !Bip340.hasEvenY(r), outcome.aborts());
  }

  private Run sign(Map<PartyId, KeyShare> shares, List<PartyId> signers, byte[] message,
      Optional<TaprootTweak> tweak) throws Exception {
    Run run = sign(shares, signers, message, tweak, Tamperer.NONE);
    assertThat(run.aborts()).isEmpty();
    return run;
  }

  /** Checks a signature with both independent references (and rejects a changed message). */
  private static void assertValid(byte[] xOnlyKey, byte[] message, byte[] signature) {
    assertThat(Bip340Reference.verify(xOnlyKey, message, signature)).isTrue();
    if (message.length == 32) {
      assertThat(Libsecp256k1.verifySchnorr(xOnlyKey, message, signature)).isTrue();
      byte[] other = message.clone();
      other[0] ^= 1;
      assertThat(Libsecp256k1.verifySchnorr(xOnlyKey, other, signature)).isFalse();
    }
  }

  private static byte[] xOnlyKey(Map<PartyId, KeyShare> shares) {
    return Bip340.xOnly(shares.values().iterator().next().publicKey());
  }

  private byte[] random32() {
    byte[] bytes = new byte[32];
    rng.nextBytes(bytes);
    return bytes;
  }

  @Test
  void everyTwoOfThreeSubsetSignsUnderTheXOnlyKey() throws Exception {
    Map<PartyId, KeyShare> shares = keygen(SUITE, 3, 2, rng);
    byte[] key = xOnlyKey(shares);
    List<PartyId> parties = new ArrayList<>(shares.keySet());
    for (int a = 0; a < 3; a++) {
      for (int b = a + 1; b < 3; b++) {
        List<PartyId> signers = List.of(parties.get(a), parties.get(b));
        byte[] message = random32();
        assertValid(key, message, sign(shares, signers, message, Optional.empty()).signature());
      }
    }
    // BIP340 signs messages of any length
    for (int length : new int[] {0, 1, 17, 100}) {
      byte[] message = new byte[length];
      rng.nextBytes(message);
      assertValid(key, message,
          sign(shares, parties.subList(1, 3), message, Optional.empty()).signature());
    }
  }

  @Test
  void everyThreeOfFiveSubsetSigns() throws Exception {
    Map<PartyId, KeyShare> shares = keygen(SUITE, 5, 3, rng);
    byte[] key = xOnlyKey(shares);
    List<PartyId> parties = new ArrayList<>(shares.keySet());
    int subsets = 0;
    for (int a = 0; a < 5; a++) {
      for (int b = a + 1; b < 5; b++) {
        for (int c = b + 1; c < 5; c++) {
          List<PartyId> signers = List.of(parties.get(a), parties.get(b), parties.get(c));
          byte[] message = random32();
          assertValid(key, message, sign(shares, signers, message, Optional.empty()).signature());
          subsets++;
        }
      }
    }
    assertThat(subsets).isEqualTo(10);
    byte[] message = random32();
    assertValid(key, message, sign(shares, parties, message, Optional.empty()).signature());
  }

  @Test
  void oddAndEvenGroupKeysAndNoncePointsAreAllCovered() throws Exception {
    Set<String> seen = new HashSet<>();
    for (int keys = 0; keys < 40 && seen.size() < 4; keys++) {
      Map<PartyId, KeyShare> shares = keygen(SUITE, 3, 2, rng);
      boolean keyOdd = !Bip340.hasEvenY(shares.values().iterator().next().publicKey());
      List<PartyId> signers = new ArrayList<>(shares.keySet()).subList(0, 2);
      for (int i = 0; i < 6; i++) {
        byte[] message = random32();
        Run run = sign(shares, signers, message, Optional.empty());
        assertValid(xOnlyKey(shares), message, run.signature());
        seen.add((keyOdd ? "odd" : "even") + " key, " + (run.rWasOdd() ? "odd" : "even") + " R");
      }
    }
    assertThat(seen).containsExactlyInAnyOrder("odd key, odd R", "odd key, even R",
        "even key, odd R", "even key, even R");
  }

  @Test
  void tweakedSignaturesVerifyUnderTheTaprootOutputKeyOfEitherParity() throws Exception {
    Set<String> seen = new HashSet<>();
    for (int keys = 0; keys < 40 && seen.size() < 4; keys++) {
      Map<PartyId, KeyShare> shares = keygen(SUITE, 3, 2, rng);
      byte[] internal = xOnlyKey(shares);
      List<PartyId> signers = new ArrayList<>(shares.keySet()).subList(1, 3);
      byte[] root = random32();
      for (TaprootTweak tweak : List.of(TaprootTweak.keyPathOnly(),
          TaprootTweak.scriptTree(root))) {
        byte[] outputKey = tweak.outputKey(internal);
        byte[] expected = Libsecp256k1.taprootOutputKey(internal,
            tweak.merkleRoot().orElse(new byte[0]));
        assertThat(outputKey).isEqualTo(expected);
        byte[] message = random32();
        byte[] signature = sign(shares, signers, message, Optional.of(tweak)).signature();
        assertValid(outputKey, message, signature);
        assertThat(Bip340Reference.verify(internal, message, signature)).isFalse();
        boolean outputOdd = !Bip340.hasEvenY(
            io.mpcium.crypto.secp256k1.Taproot.outputPoint(internal, tweak.merkleRoot()));
        seen.add((tweak.merkleRoot().isPresent() ? "tree" : "key path") + ", "
            + (outputOdd ? "odd" : "even") + " Q");
      }
    }
    assertThat(seen).containsExactlyInAnyOrder("key path, odd Q", "key path, even Q",
        "tree, odd Q", "tree, even Q");
  }

  @Test
  void thresholdSignaturesSpendTheBip341KeyPathVectors() throws Exception {
    JsonNode vectors;
    try (InputStream in =
        getClass().getResourceAsStream("/vectors/bip341/wallet-test-vectors.json")) {
      vectors = new ObjectMapper().readTree(in);
    }
    int spends = 0;
    for (JsonNode input : vectors.at("/keyPathSpending/0/inputSpending")) {
      Scalar secret = GROUP.decodeScalar(HEX.parseHex(input.at("/given/internalPrivkey")
          .asText()));
      JsonNode root = input.at("/given/merkleRoot");
      TaprootTweak tweak = root.isNull() ? TaprootTweak.keyPathOnly()
          : TaprootTweak.scriptTree(HEX.parseHex(root.asText()));
      Map<PartyId, KeyShare> shares = deal(secret, 3, 2);
      assertThat(HEX.formatHex(xOnlyKey(shares)))
          .isEqualTo(input.at("/intermediary/internalPubkey").asText());
      byte[] outputKey = Libsecp256k1.xOnlyPublicKey(
          HEX.parseHex(input.at("/intermediary/tweakedPrivkey").asText()));
      assertThat(tweak.outputKey(xOnlyKey(shares))).isEqualTo(outputKey);
      byte[] sigHash = HEX.parseHex(input.at("/intermediary/sigHash").asText());
      List<PartyId> signers = new ArrayList<>(shares.keySet()).subList(0, 2);
      byte[] signature = sign(shares, signers, sigHash, Optional.of(tweak)).signature();
      assertValid(outputKey, sigHash, signature);
      spends++;
    }
    assertThat(spends).isEqualTo(7);
  }

  @Test
  void theSigningKeyInterpolatesToTheEvenYSecretOfTheKeyItClaims() throws Exception {
    for (int i = 0; i < 6; i++) {
      Map<PartyId, KeyShare> shares = keygen(SUITE, 3, 2, rng);
      List<PartyId> signers = new ArrayList<>(shares.keySet()).subList(0, 2);
      for (Optional<TaprootTweak> tweak : List.of(Optional.<TaprootTweak>empty(),
          Optional.of(TaprootTweak.keyPathOnly()),
          Optional.of(TaprootTweak.scriptTree(random32())))) {
        Scalar secret = GROUP.scalarField().zero();
        List<Scalar> ids = signers.stream().map(p -> shares.get(p).identifier(p)).toList();
        GroupElement publicKey = null;
        for (PartyId signer : signers) {
          KeyShare key = FrostSign.bip340Key(shares.get(signer), tweak);
          Scalar id = key.identifier(signer);
          secret = secret.add(Lagrange.coefficientAtZero(id, ids).mul(key.secretShare()));
          publicKey = key.publicKey();
        }
        GroupElement point = GROUP.mulBase(secret);
        assertThat(point).isEqualTo(publicKey);
        assertThat(Bip340.hasEvenY(point)).isTrue();
        byte[] internal = xOnlyKey(shares);
        byte[] claimed = tweak.map(t -> t.outputKey(internal)).orElse(internal);
        assertThat(Bip340.xOnly(point)).isEqualTo(claimed);
      }
    }
  }

  @Test
  void aTamperedShareIsBlamedOnItsSignerWhateverTheParityOfR() throws Exception {
    Map<PartyId, KeyShare> shares = keygen(SUITE, 3, 2, rng);
    List<PartyId> parties = new ArrayList<>(shares.keySet());
    List<PartyId> signers = List.of(parties.get(0), parties.get(2));
    PartyId cheater = parties.get(2);
    Tamperer addOne = Tamperer.change(2, cheater, share -> {
      try {
        return GROUP.encodeScalar(GROUP.decodeScalar(share).add(GROUP.scalarField().one()));
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    Set<Boolean> parities = new HashSet<>();
    for (int i = 0; i < 40 && parities.size() < 2; i++) {
      Run run = sign(shares, signers, random32(), Optional.of(TaprootTweak.keyPathOnly()),
          addOne);
      assertThat(run.signature()).isNull();
      ProtocolAbort abort = run.aborts().get(parties.get(0));
      assertThat(abort.culprits()).containsExactly(cheater);
      assertThat(abort.check()).isEqualTo("signature share does not verify");
      parities.add(run.rWasOdd());
    }
    assertThat(parities).containsExactlyInAnyOrder(true, false);
  }

  @Test
  void aNonceSignsOnlyOnceAlsoWhenNegated() {
    Scalar one = GROUP.scalarField().one();
    SigningNonces nonces = SigningNonces.generate(SUITE, one, rng);
    nonces.sign(one, one, one, one, true);
    assertThatThrownBy(() -> nonces.sign(one, one, one, one, true))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("already used");
    assertThatThrownBy(() -> nonces.sign(one, one, one, one))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("already used");
  }

  @Test
  void signingLeavesTheStoredShareIntactAndRefusesAnOddKeyWithoutNormalisation()
      throws Exception {
    Map<PartyId, KeyShare> shares;
    do {
      shares = keygen(SUITE, 3, 2, rng);
    } while (Bip340.hasEvenY(shares.values().iterator().next().publicKey()));
    List<PartyId> signers = new ArrayList<>(shares.keySet()).subList(0, 2);
    byte[] message = random32();
    sign(shares, signers, message, Optional.of(TaprootTweak.keyPathOnly()));
    sign(shares, signers, message, Optional.empty());
    for (KeyShare share : shares.values()) {
      assertThat(share.secretShare().isDestroyed()).isFalse();
    }
    KeyShare odd = shares.get(signers.get(0));
    assertThatThrownBy(() -> new FrostSign(SUITE, odd, signers, message))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("even-Y");
  }

  /** Shamir shares of {@code secret} from a trusted dealer, for vectors that fix the key. */
  private Map<PartyId, KeyShare> deal(Scalar secret, int n, int threshold) {
    List<Scalar> coefficients = new ArrayList<>(List.of(secret));
    for (int k = 1; k < threshold; k++) {
      coefficients.add(GROUP.scalarField().random(rng));
    }
    List<PartyId> parties = parties(n);
    List<Scalar> secrets = new ArrayList<>();
    List<GroupElement> verifying = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      Scalar x = GROUP.scalarField().of(i);
      Scalar y = GROUP.scalarField().zero();
      for (int k = coefficients.size() - 1; k >= 0; k--) {
        y = y.mul(x).add(coefficients.get(k));
      }
      secrets.add(y);
      verifying.add(GROUP.mulBase(y));
    }
    Map<PartyId, KeyShare> shares = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      shares.put(parties.get(i), new KeyShare(GROUP, parties, threshold, parties.get(i),
          secrets.get(i), GROUP.mulBase(secret), verifying));
    }
    return shares;
  }
}
