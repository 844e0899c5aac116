package io.mpcium;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpcium.testing.TestCluster;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Requests signed the way Mpcium's clients sign them are accepted by every node. */
class MpciumRequestFormatTest {

  @Test
  void signedBytesAreMpciumsAndTheWireFormRoundTrips() throws Exception {
    KeyGenRequest keygen = KeyGenRequest.mpcium("kg-1", "w1", List.of(KeyScheme.ED25519));
    assertThat(keygen.signingBytes()).containsExactly(0x77, 0x31);
    assertThat(Request.decode(keygen.encode())).isEqualTo(keygen);

    SignRequest sign = SignRequest.mpcium("tx-456", "wallet-123", KeyScheme.ED25519,
        "transaction-data".getBytes(StandardCharsets.US_ASCII), "SOL<&>");
    assertThat(new String(sign.signingBytes(), StandardCharsets.UTF_8)).isEqualTo(
        "{\"key_type\":\"ed25519\",\"wallet_id\":\"wallet-123\","
            + "\"network_internal_code\":\"SOL\\u003c\\u0026\\u003e\",\"tx_id\":\"tx-456\","
            + "\"tx\":\"dHJhbnNhY3Rpb24tZGF0YQ==\"}");
    assertThat(Request.decode(sign.encode())).isEqualTo(sign);
    SignRequest nativeForm = new SignRequest("tx-456", "wallet-123", KeyScheme.ED25519,
        "transaction-data".getBytes(StandardCharsets.US_ASCII));
    assertThat(Request.decode(nativeForm.encode())).isEqualTo(nativeForm)
        .isNotEqualTo(sign);
  }

  @Test
  void schnorrRequestsSignTheTaprootTweakAfterTxOnlyWhenPresent() throws Exception {
    byte[] tx = {1, 2, 3};
    SignRequest plain = SignRequest.mpcium("t", "w", KeyScheme.SCHNORR, tx, "btc");
    assertThat(new String(plain.signingBytes(), StandardCharsets.UTF_8)).isEqualTo(
        "{\"key_type\":\"schnorr\",\"wallet_id\":\"w\",\"network_internal_code\":\"btc\","
            + "\"tx_id\":\"t\",\"tx\":\"AQID\"}");
    SignRequest keyPath = plain.withTaprootTweak(TaprootTweak.keyPathOnly());
    assertThat(new String(keyPath.signingBytes(), StandardCharsets.UTF_8)).isEqualTo(
        "{\"key_type\":\"schnorr\",\"wallet_id\":\"w\",\"network_internal_code\":\"btc\","
            + "\"tx_id\":\"t\",\"tx\":\"AQID\",\"taproot_tweak\":\"\"}");
    byte[] root = new byte[32];
    root[0] = (byte) 0xfb;
    SignRequest tree = plain.withTaprootTweak(TaprootTweak.scriptTree(root));
    assertThat(new String(tree.signingBytes(), StandardCharsets.UTF_8)).endsWith(
        "\"tx\":\"AQID\",\"taproot_tweak\":\"+wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"}");
    for (SignRequest request : List.of(plain, keyPath, tree)) {
      assertThat(Request.decode(request.encode())).isEqualTo(request);
    }
    assertThat(List.of(plain, keyPath, tree).stream().map(r -> java.util.HexFormat.of().formatHex(r.encode()))
        .distinct()).hasSize(3);
  }

  @Test
  void aClusterGeneratesAndSignsWithMpciumSignedRequests() throws Exception {
    try (TestCluster cluster = new TestCluster(3, 2)) {
      Initiator initiator = cluster.initiator();
      KeyGenRequest keygen = KeyGenRequest.mpcium("kg-w", "w", List.of(KeyScheme.ED25519));
      KeyGenResult key = cluster.node(1).generateKey(keygen, initiator.sign(
          "w".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS).get(0);

      byte[] tx = {0, 0, 1, 2};
      SignRequest sign = SignRequest.mpcium("tx-1", "w", KeyScheme.ED25519, tx, "solana");
      SignatureResult result = cluster.node(2).sign(sign, initiator.sign(sign.signingBytes()))
          .get(30, TimeUnit.SECONDS);
      assertThat(ThresholdNodeTest.bcVerify(key.publicKey(), tx, result.signature())).isTrue();

      // The same signature does not authorize a request with another network code.
      SignRequest altered = SignRequest.mpcium("tx-2", "w", KeyScheme.ED25519, tx, "eth");
      Throwable refused = ThresholdNodeTest.failure(cluster.node(0).sign(altered,
          initiator.sign(SignRequest.mpcium("tx-2", "w", KeyScheme.ED25519, tx, "solana")
              .signingBytes())));
      assertThat(refused).isInstanceOf(UnauthorizedRequestException.class);
    }
  }

  @Test
  void initiatorsRestoredFromTheirSecretsSignLikeTheOriginals() {
    byte[] seed = new byte[32];
    new SecureRandom().nextBytes(seed);
    Initiator ed = Initiator.ed25519FromSeed(seed);
    byte[] message = {1, 2, 3};
    assertThat(ed.publicKey().verify(message, ed.sign(message))).isTrue();
    Initiator p256 = Initiator.p256FromPrivateKey(BigInteger.valueOf(123456789));
    assertThat(p256.publicKey().verify(message, p256.sign(message))).isTrue();
  }
}
