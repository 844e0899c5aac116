package io.mpcium.transport.nats.gateway;

import static io.mpcium.transport.nats.gateway.GatewayTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.mpcium.Initiator;
import io.mpcium.KeyScheme;
import io.mpcium.RequestPolicy;
import io.mpcium.SignRequest;
import io.mpcium.TaprootTweak;
import io.mpcium.crypto.secp256k1.Bip340;
import io.mpcium.transport.nats.NatsConnections;
import io.mpcium.transport.nats.client.MpcClient;
import io.mpcium.transport.nats.testing.NatsServerExtension;
import io.mpcium.transport.nats.wire.KeygenResultEvent;
import io.mpcium.transport.nats.wire.MpciumSubjects;
import io.mpcium.transport.nats.wire.SignTxMessage;
import io.mpcium.transport.nats.wire.SigningResultEvent;
import io.nats.client.Connection;
import io.nats.client.impl.Headers;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code "schnorr"} key type over the gateway (this library's extension of Mpcium's
 * protocol): three nodes whose gateways create schnorr keys at keygen, driven by {@link
 * MpcClient} through a real nats-server.
 */
class GatewaySchnorrTest {
  @RegisterExtension
  static final NatsServerExtension NATS = new NatsServerExtension();
  private static final SecureRandom RNG = new SecureRandom();
  private static final Initiator INITIATOR = Initiator.generateEd25519(RNG);
  private static final String CLIENT_ID = "btc";
  private static final List<AutoCloseable> OPEN = new ArrayList<>();
  private static MpcClient client;
  private static Connection clientConnection;
  private static final Map<String, CompletableFuture<SigningResultEvent>> RESULTS =
      new ConcurrentHashMap<>();

  @BeforeAll
  static void startCluster() throws Exception {
    RequestPolicy policy = RequestPolicy.builder().initiator(INITIATOR.publicKey()).build();
    GatewayConfig config = GatewayConfig.defaults().withSchnorrKeys(true);
    OPEN.add(new GatewayCluster(NATS.url(), policy, config, Duration.ofSeconds(10)));
    clientConnection = NatsConnections.connect(NATS.url(), "client");
    OPEN.add(0, clientConnection);
    client = MpcClient.create(clientConnection, INITIATOR, Optional.of(CLIENT_ID));
    OPEN.add(0, client);
    // Results of requests published by hand (tampered in transit), by tx id.
    client.onSignResult(result -> RESULTS.computeIfAbsent(result.txId(),
        id -> new CompletableFuture<>()).complete(result));
  }

  @AfterAll
  static void stopCluster() throws Exception {
    for (AutoCloseable c : OPEN) {
      c.close();
    }
  }

  /**
   * BIP340 verification written out with BouncyCastle's curve arithmetic, independent of the
   * library's {@link Bip340}: {@code R = s·G − e·P} must have even Y and {@code x(R) = r}.
   */
  static boolean bip340Verifies(byte[] publicKey, byte[] message, byte[] signature)
      throws Exception {
    var curve = CustomNamedCurves.getByName("secp256k1");
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
    if (r.compareTo(curve.getCurve().getField().getCharacteristic()) >= 0
        || s.compareTo(curve.getN()) >= 0) {
      return false;
    }
    byte[] compressed = new byte[33];
    compressed[0] = 2;
    System.arraycopy(publicKey, 0, compressed, 1, 32);
    ECPoint p = curve.getCurve().decodePoint(compressed);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    byte[] tag = sha.digest("BIP0340/challenge".getBytes(StandardCharsets.US_ASCII));
    sha.update(tag);
    sha.update(tag);
    sha.update(Arrays.copyOfRange(signature, 0, 32));
    sha.update(publicKey);
    sha.update(message);
    BigInteger e = new BigInteger(1, sha.digest()).mod(curve.getN());
    ECPoint big = curve.getG().multiply(s).subtract(p.multiply(e)).normalize();
    return !big.isInfinity() && !big.getAffineYCoord().testBitZero()
        && big.getAffineXCoord().toBigInteger().equals(r);
  }

  /** Checks a schnorr result against the key it must verify under, with both verifiers. */
  private static void assertSchnorr(SigningResultEvent result, byte[] expectedKey, byte[] tx)
      throws Exception {
    assertThat(result.isSuccess()).as(result.toString()).isTrue();
    assertThat(result.r()).isNull();
    assertThat(result.s()).isNull();
    assertThat(result.signatureRecovery()).isNull();
    assertThat(result.signature()).hasSize(64);
    assertThat(result.publicKey()).containsExactly(expectedKey);
    assertThat(Bip340.verify(expectedKey, tx, result.signature())).isTrue();
    assertThat(bip340Verifies(expectedKey, tx, result.signature())).isTrue();
  }

  private static KeygenResultEvent newWallet(String wallet) throws Exception {
    KeygenResultEvent created = await(client.createWalletAsync(wallet));
    assertThat(created.isSuccess()).as(created.toString()).isTrue();
    return created;
  }

  @Test
  void keygenAddsTheSchnorrKeyAndSignsPlainKeyPathAndScriptTree() throws Exception {
    String wallet = "w-" + UUID.randomUUID();
    KeygenResultEvent created = newWallet(wallet);
    assertThat(created.ecdsaPubKey()).hasSize(64);
    assertThat(created.eddsaPubKey()).hasSize(32);
    byte[] internal = created.schnorrPubKey();
    assertThat(internal).hasSize(32);
    assertThat(new String(created.toJson(), StandardCharsets.UTF_8))
        .contains("\"eddsa_pub_key\":\"", "\",\"schnorr_pub_key\":\"",
            "\",\"result_type\":\"success\"");

    // BIP340 signs messages of any length: a 32-byte sighash and 5 bytes.
    byte[] sighash = MessageDigest.getInstance("SHA-256").digest(new byte[] {1, 2});
    byte[] shortTx = "hello".getBytes(StandardCharsets.UTF_8);
    assertSchnorr(await(client.signSchnorrAsync(wallet, "bitcoin", sighash, Optional.empty())),
        internal, sighash);
    assertSchnorr(await(client.signSchnorrAsync(wallet, "bitcoin", shortTx, Optional.empty())),
        internal, shortTx);

    TaprootTweak keyPath = TaprootTweak.keyPathOnly();
    byte[] keyPathOutput = keyPath.outputKey(internal);
    SigningResultEvent tweaked = await(client.signSchnorrAsync(wallet, "bitcoin", sighash,
        Optional.of(keyPath)));
    assertSchnorr(tweaked, keyPathOutput, sighash);
    assertThat(keyPathOutput).isNotEqualTo(internal);
    assertThat(Bip340.verify(internal, sighash, tweaked.signature())).isFalse();

    byte[] root = new byte[32];
    RNG.nextBytes(root);
    TaprootTweak tree = TaprootTweak.scriptTree(root);
    byte[] treeOutput = tree.outputKey(internal);
    SigningResultEvent withTree = await(client.signSchnorrAsync(wallet, "bitcoin", sighash,
        Optional.of(tree)));
    assertSchnorr(withTree, treeOutput, sighash);
    assertThat(treeOutput).isNotEqualTo(keyPathOutput);
    assertThat(Bip340.verify(keyPathOutput, sighash, withTree.signature())).isFalse();

    // Mpcium's two key types still sign under the same wallet, with Mpcium's result shape.
    SigningResultEvent eddsa = await(client.signAsync("ed25519", wallet, "sol", shortTx));
    assertThat(GatewayTest.verifies(created.eddsaPubKey(), shortTx, eddsa.signature()))
        .isTrue();
    assertThat(eddsa.publicKey()).isNull();
    assertThat(new String(eddsa.toJson(), StandardCharsets.UTF_8)).doesNotContain("public_key");

    // A repeated keygen replays all three keys.
    assertThat(await(client.createWalletAsync(wallet))).isEqualTo(created);
  }

  @Test
  void aTweakNotCoveredByTheInitiatorSignatureIsRefused() throws Exception {
    String wallet = "w-" + UUID.randomUUID();
    newWallet(wallet);
    byte[] tx = new byte[32];
    RNG.nextBytes(tx);
    byte[] root = new byte[32];
    RNG.nextBytes(root);
    byte[][] signedTweaks = {null, new byte[0], new byte[0], root};
    byte[][] sentTweaks = {new byte[0], root, null, new byte[0]};
    for (int i = 0; i < signedTweaks.length; i++) {
      String txId = "tx-" + UUID.randomUUID();
      SignTxMessage signed = new SignTxMessage("schnorr", wallet, "bitcoin", txId, tx, null,
          null, List.of(), signedTweaks[i]);
      byte[] signature = INITIATOR.sign(signed.raw());
      SignTxMessage tampered = new SignTxMessage("schnorr", wallet, "bitcoin", txId, tx,
          signature, null, List.of(), sentTweaks[i]);
      SigningResultEvent result = publishAsIs(tampered);
      assertThat(result.errorCode()).as("case %d", i)
          .isEqualTo("ERROR_INVALID_INITIATOR_SIGNATURE");
      assertThat(result.signature()).isNull();
    }
    // The same path accepts the untampered message, so the refusals above are the tweak's.
    String txId = "tx-" + UUID.randomUUID();
    SignTxMessage honest = new SignTxMessage("schnorr", wallet, "bitcoin", txId, tx, null,
        null, List.of(), root);
    assertThat(publishAsIs(honest.withSignature(INITIATOR.sign(honest.raw()))).isSuccess())
        .isTrue();
  }

  /** Publishes {@code message} exactly as given (no signing) and awaits its result. */
  private static SigningResultEvent publishAsIs(SignTxMessage message) throws Exception {
    CompletableFuture<SigningResultEvent> result = RESULTS.computeIfAbsent(message.txId(),
        id -> new CompletableFuture<>());
    Headers headers = new Headers();
    headers.put(MpciumSubjects.CLIENT_ID_HEADER, CLIENT_ID);
    clientConnection.jetStream().publish("mpc.signing_request." + message.txId(), headers,
        message.toJson());
    return await(result);
  }

  @Test
  void aTweakIsRefusedForOtherKeyTypesAndMustBeARoot() throws Exception {
    String wallet = "w-" + UUID.randomUUID();
    newWallet(wallet);
    SignTxMessage onEd25519 = new SignTxMessage("ed25519", wallet, "sol",
        "tx-" + UUID.randomUUID(), new byte[] {1}, null, null, List.of(), new byte[0]);
    SigningResultEvent refused = await(client.signAsync(onEd25519));
    assertThat(refused.errorCode()).isEqualTo("ERROR_MSG_VALIDATION");
    assertThat(refused.errorReason()).contains("taproot_tweak applies to key_type schnorr only");

    SignTxMessage shortRoot = new SignTxMessage("schnorr", wallet, "btc",
        "tx-" + UUID.randomUUID(), new byte[] {1}, null, null, List.of(), new byte[31]);
    SigningResultEvent badRoot = await(client.signAsync(shortRoot));
    assertThat(badRoot.errorCode()).isEqualTo("ERROR_MSG_VALIDATION");
    assertThat(badRoot.errorReason()).contains("not 31 bytes");
  }

  @Test
  void theGatewaySignsTheBytesEveryNodeReverifies() {
    byte[] tx = {9, 8, 7};
    byte[] root = new byte[32];
    root[31] = 1;
    List<Optional<TaprootTweak>> tweaks = List.of(Optional.empty(),
        Optional.of(TaprootTweak.keyPathOnly()), Optional.of(TaprootTweak.scriptTree(root)));
    for (Optional<TaprootTweak> tweak : tweaks) {
      SignTxMessage wire = SignTxMessage.schnorr("w", "btc", "t-1", tx, tweak);
      SignRequest node = SignRequest.mpcium("t-1", "w", KeyScheme.SCHNORR, tx, "btc");
      node = tweak.map(node::withTaprootTweak).orElse(node);
      assertThat(wire.raw()).as("%s", tweak).containsExactly(node.signingBytes());
    }
    assertThat(new String(SignTxMessage.schnorr("w", "btc", "t-1", tx,
        Optional.of(TaprootTweak.keyPathOnly())).toJson(), StandardCharsets.UTF_8))
        .isEqualTo("{\"key_type\":\"schnorr\",\"wallet_id\":\"w\",\"network_internal_code\":"
            + "\"btc\",\"tx_id\":\"t-1\",\"tx\":\"CQgH\",\"taproot_tweak\":\"\","
            + "\"signature\":null,\"derivation_path\":null}");
  }

  @Test
  void mpciumsKeyTypesKeepMpciumsBytes() throws Exception {
    // §2.8's worked example; a taproot_tweak on another key type is neither signed nor echoed
    // into the signed bytes (Mpcium's nodes ignore unknown fields too).
    String example = "{\"key_type\":\"secp256k1\",\"wallet_id\":\"wallet-123\","
        + "\"network_internal_code\":\"BTC\",\"tx_id\":\"tx-456\","
        + "\"tx\":\"dHJhbnNhY3Rpb24tZGF0YQ==\"}";
    byte[] tx = "transaction-data".getBytes(StandardCharsets.US_ASCII);
    assertThat(new String(new SignTxMessage("secp256k1", "wallet-123", "BTC", "tx-456", tx,
        null, null, List.of()).raw(), StandardCharsets.UTF_8)).isEqualTo(example);
    assertThat(new String(new SignTxMessage("secp256k1", "wallet-123", "BTC", "tx-456", tx,
        null, null, List.of(), new byte[0]).raw(), StandardCharsets.UTF_8)).isEqualTo(example);
    assertThat(SignRequest.mpcium("tx-456", "wallet-123", KeyScheme.SECP256K1, tx, "BTC")
        .signingBytes()).containsExactly(example.getBytes(StandardCharsets.UTF_8));

    // Results without schnorr fields are Mpcium's shapes (§2.10), and parse back.
    byte[] key = new byte[32];
    String keygen = new String(KeygenResultEvent.success("w", null, key).toJson(),
        StandardCharsets.UTF_8);
    assertThat(keygen).isEqualTo("{\"wallet_id\":\"w\",\"ecdsa_pub_key\":null,"
        + "\"eddsa_pub_key\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\","
        + "\"result_type\":\"success\",\"error_reason\":\"\",\"error_code\":\"\"}");
    SigningResultEvent eddsa = SigningResultEvent.eddsa("n", "w", "t", new byte[64]);
    assertThat(new String(eddsa.toJson(), StandardCharsets.UTF_8))
        .startsWith("{\"result_type\":\"success\",\"error_code\":\"\"").endsWith(
            "\"r\":null,\"s\":null,\"signature_recovery\":null,\"signature\":\""
                + "A".repeat(86) + "==\"}");
    SigningResultEvent schnorr = SigningResultEvent.schnorr("n", "w", "t", new byte[64], key);
    assertThat(new String(schnorr.toJson(), StandardCharsets.UTF_8)).endsWith(
        "==\",\"public_key\":\"" + "A".repeat(43) + "=\"}");
    assertThat(SigningResultEvent.parse(schnorr.toJson())).isEqualTo(schnorr);
    KeygenResultEvent withSchnorr = KeygenResultEvent.success("w", null, key, key);
    assertThat(KeygenResultEvent.parse(withSchnorr.toJson())).isEqualTo(withSchnorr);
  }
}
