package io.mpcium;

import static io.mpcium.testing.TestCluster.party;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpcium.crypto.secp256k1.Bip340Reference;
import io.mpcium.crypto.secp256k1.Libsecp256k1;
import io.mpcium.testing.TestCluster;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link KeyScheme#SCHNORR} through {@link ThresholdNode}s on the in-memory transport: BIP340
 * signatures under the x-only key and under Taproot output keys, checked by libsecp256k1 and the
 * BIP340 reference; the taproot tweak is part of what the initiator signs.
 */
class SchnorrSchemeTest {
  private final SecureRandom rng = new SecureRandom();

  private static <T> T await(CompletableFuture<T> future) throws Exception {
    return future.get(30, TimeUnit.SECONDS);
  }

  private static KeyGenResult generate(TestCluster cluster, int coordinator, String wallet)
      throws Exception {
    KeyGenRequest request =
        new KeyGenRequest(UUID.randomUUID().toString(), wallet, KeyScheme.SCHNORR);
    List<KeyGenResult> results = await(cluster.node(coordinator).generateKey(request,
        cluster.initiator().sign(request.signingBytes())));
    assertThat(results).hasSize(1);
    return results.get(0);
  }

  private static SignatureResult sign(TestCluster cluster, int coordinator, SignRequest request,
      List<PartyId> signers) throws Exception {
    return await(cluster.node(coordinator).sign(request,
        cluster.initiator().sign(request.signingBytes()), signers));
  }

  private byte[] random32() {
    byte[] bytes = new byte[32];
    rng.nextBytes(bytes);
    return bytes;
  }

  private static void assertBip340(byte[] key, byte[] message, byte[] signature) {
    assertThat(signature).hasSize(64);
    assertThat(Libsecp256k1.verifySchnorr(key, message, signature)).isTrue();
    assertThat(Bip340Reference.verify(key, message, signature)).isTrue();
  }

  @Test
  void everyTwoOfThreeSignsPlainAndTaprootSignatures() throws Exception {
    try (TestCluster cluster = new TestCluster(3, 2)) {
      KeyGenResult key = generate(cluster, 0, "btc-1");
      byte[] internal = key.publicKey();
      assertThat(internal).hasSize(32);
      assertThat(key.scheme()).isEqualTo(KeyScheme.SCHNORR);
      for (int i = 0; i < 3; i++) {
        assertThat(cluster.node(i).key("btc-1", KeyScheme.SCHNORR).orElseThrow().publicKey())
            .isEqualTo(internal);
      }
      byte[] root = random32();
      int[][] subsets = {{0, 1}, {0, 2}, {1, 2}, {1, 0}, {2, 0}, {2, 1}};
      for (int[] subset : subsets) {
        List<PartyId> signers = List.of(party(subset[0]), party(subset[1]));
        SignRequest plain = new SignRequest(UUID.randomUUID().toString(), "btc-1",
            KeyScheme.SCHNORR, random32());
        SignatureResult result = sign(cluster, subset[0], plain, signers);
        assertThat(result.publicKey()).isEqualTo(internal);
        assertThat(result.recoveryId()).isEmpty();
        assertBip340(internal, plain.message(), result.signature());

        for (TaprootTweak tweak : List.of(TaprootTweak.keyPathOnly(),
            TaprootTweak.scriptTree(root))) {
          SignRequest tweaked = new SignRequest(UUID.randomUUID().toString(), "btc-1",
              KeyScheme.SCHNORR, random32()).withTaprootTweak(tweak);
          SignatureResult spend = sign(cluster, subset[0], tweaked, signers);
          byte[] outputKey =
              Libsecp256k1.taprootOutputKey(internal, tweak.merkleRoot().orElse(new byte[0]));
          assertThat(spend.publicKey()).isEqualTo(outputKey);
          assertBip340(outputKey, tweaked.message(), spend.signature());
          assertThat(Libsecp256k1.verifySchnorr(internal, tweaked.message(), spend.signature()))
              .isFalse();
        }
      }
      for (ThresholdNode node : cluster.nodes()) {
        assertThat(node.activeSessions()).isZero();
      }
    }
  }

  @Test
  void threeOfFiveWithChosenSignersAndAnyMessageLength() throws Exception {
    try (TestCluster cluster = new TestCluster(5, 3)) {
      KeyGenResult key = generate(cluster, 4, "btc-35");
      for (int i = 0; i < 5; i++) {
        byte[] message = random32();
        SignRequest request = new SignRequest(UUID.randomUUID().toString(), "btc-35",
            KeyScheme.SCHNORR, message).withTaprootTweak(TaprootTweak.keyPathOnly());
        SignatureResult result = await(cluster.node(i).sign(request,
            cluster.initiator().sign(request.signingBytes())));
        assertThat(result.signers()).hasSize(3).contains(party(i));
        assertBip340(TaprootTweak.keyPathOnly().outputKey(key.publicKey()), message,
            result.signature());
      }
      byte[] longMessage = new byte[100];
      rng.nextBytes(longMessage);
      SignRequest request = new SignRequest(UUID.randomUUID().toString(), "btc-35",
          KeyScheme.SCHNORR, longMessage);
      SignatureResult result = sign(cluster, 2, request, List.of(party(0), party(2), party(3)));
      assertThat(Bip340Reference.verify(key.publicKey(), longMessage, result.signature()))
          .isTrue();
    }
  }

  @Test
  void oneRequestGeneratesEd25519AndSchnorrKeysInSeparateSessions() throws Exception {
    try (TestCluster cluster = new TestCluster(3, 2)) {
      KeyGenRequest request = new KeyGenRequest(UUID.randomUUID().toString(), "both",
          List.of(KeyScheme.SCHNORR, KeyScheme.ED25519));
      List<KeyGenResult> results = await(cluster.node(1).generateKey(request,
          cluster.initiator().sign(request.signingBytes())));
      assertThat(results).extracting(KeyGenResult::scheme)
          .containsExactly(KeyScheme.ED25519, KeyScheme.SCHNORR);
      assertThat(results).allSatisfy(r -> assertThat(r.publicKey()).hasSize(32));
      assertThat(results.get(0).publicKey()).isNotEqualTo(results.get(1).publicKey());
      byte[] message = random32();
      SignRequest request2 = new SignRequest(UUID.randomUUID().toString(), "both",
          KeyScheme.SCHNORR, message);
      assertBip340(results.get(1).publicKey(), message,
          sign(cluster, 0, request2, List.of(party(0), party(2))).signature());
    }
  }

  @Test
  void theTaprootTweakIsPartOfTheSignedRequest() throws Exception {
    byte[] message = random32();
    SignRequest plain = new SignRequest("r-1", "w", KeyScheme.SCHNORR, message);
    SignRequest keyPath = plain.withTaprootTweak(TaprootTweak.keyPathOnly());
    SignRequest tree = plain.withTaprootTweak(TaprootTweak.scriptTree(random32()));
    assertThat(plain.signingBytes()).isNotEqualTo(keyPath.signingBytes());
    assertThat(keyPath.signingBytes()).isNotEqualTo(tree.signingBytes());
    for (SignRequest request : List.of(plain, keyPath, tree)) {
      assertThat(Request.decode(request.encode())).isEqualTo(request);
    }
    assertThatThrownBy(() -> new SignRequest("r", "w", KeyScheme.ED25519, message)
        .withTaprootTweak(TaprootTweak.keyPathOnly()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("schnorr keys only");
    assertThatThrownBy(() -> TaprootTweak.scriptTree(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class);

    try (TestCluster cluster = new TestCluster(3, 2)) {
      generate(cluster, 0, "w");
      // an initiator signature for the plain request does not authorize a tweaked one
      SignRequest request = new SignRequest(UUID.randomUUID().toString(), "w",
          KeyScheme.SCHNORR, message);
      byte[] signature = cluster.initiator().sign(request.signingBytes());
      CompletableFuture<SignatureResult> forged = cluster.node(0).sign(
          request.withTaprootTweak(TaprootTweak.keyPathOnly()), signature,
          List.of(party(0), party(1)));
      ExecutionException e = org.assertj.core.api.Assertions.catchThrowableOfType(
          ExecutionException.class, () -> forged.get(30, TimeUnit.SECONDS));
      assertThat(e).isNotNull();
      assertThat(e.getCause()).isInstanceOf(UnauthorizedRequestException.class);
      assertThat(await(cluster.node(0).sign(request, signature, List.of(party(0), party(1))))
          .publicKey()).isEqualTo(cluster.node(1).key("w", KeyScheme.SCHNORR).orElseThrow()
          .publicKey());
    }
  }

  @Test
  void schnorrKeysAreKeptApartFromOtherSchemes() throws Exception {
    assertThat(KeyScheme.fromLabel("SCHNORR")).isEqualTo(KeyScheme.SCHNORR);
    assertThat(KeyScheme.SCHNORR.keyId("w")).isEqualTo("schnorr:w");
    try (TestCluster cluster = new TestCluster(3, 2)) {
      generate(cluster, 0, "w");
      assertThat(cluster.node(0).key("w", KeyScheme.ED25519)).isEqualTo(Optional.empty());
      assertThat(cluster.store(0).keyIds()).contains("schnorr:w")
          .noneMatch(id -> id.startsWith("ed25519:"));
    }
  }
}
