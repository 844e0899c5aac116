package io.mpcium.transport.nats.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpcium.Initiator;
import io.mpcium.NodeIdentity;
import io.mpcium.PartyId;
import io.mpcium.RequestPolicy;
import io.mpcium.ThresholdNode;
import io.mpcium.inmemory.InMemoryKeyStore;
import io.mpcium.transport.nats.NatsConnections;
import io.mpcium.transport.nats.NatsPeerRegistry;
import io.mpcium.transport.nats.NatsTransport;
import io.mpcium.transport.nats.client.MpcClient;
import io.mpcium.transport.nats.testing.NatsServerExtension;
import io.mpcium.transport.nats.wire.AuthorizerSignature;
import io.mpcium.transport.nats.wire.KeygenResultEvent;
import io.mpcium.transport.nats.wire.MpciumSubjects;
import io.mpcium.transport.nats.wire.ResharingMessage;
import io.mpcium.transport.nats.wire.ResharingResultEvent;
import io.mpcium.transport.nats.wire.SignTxMessage;
import io.mpcium.transport.nats.wire.SigningResultEvent;
import io.nats.client.Connection;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StreamInfo;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three nodes (in this JVM, each with its own NATS connection) behind their gateways, driven
 * through JetStream by {@link MpcClient} exactly as Mpcium's clients drive Mpcium's nodes.
 */
class GatewayTest {
  @RegisterExtension
  static final NatsServerExtension NATS = new NatsServerExtension();
  private static final SecureRandom RNG = new SecureRandom();
  private static final Initiator INITIATOR = Initiator.generateEd25519(RNG);
  private static final Initiator AUTHORIZER = Initiator.generateP256(RNG);
  private static final Initiator P256_INITIATOR = Initiator.generateP256(RNG);
  private static final List<AutoCloseable> OPEN = new ArrayList<>();
  private static Connection clientConnection;

  @BeforeAll
  static void startCluster() throws Exception {
    RequestPolicy policy = RequestPolicy.builder().initiator(INITIATOR.publicKey())
        .initiator(P256_INITIATOR.publicKey()).build();
    GatewayConfig config = new GatewayConfig(4, 32, Duration.ofSeconds(30),
        Authorizers.enabled(List.of(), Map.of("approver", AUTHORIZER.publicKey())));
    OPEN.add(new GatewayCluster(NATS.url(), policy, config, Duration.ofSeconds(10)));
    clientConnection = NatsConnections.connect(NATS.url(), "client");
    OPEN.add(clientConnection);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    for (AutoCloseable c : OPEN) {
      c.close();
    }
  }

  static <T> T await(CompletableFuture<T> future) throws Exception {
    return future.get(60, TimeUnit.SECONDS);
  }

  static boolean verifies(byte[] publicKey, byte[] message, byte[] signature) {
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
    verifier.update(message, 0, message.length);
    return verifier.verifySignature(signature);
  }

  @Test
  void streamsHaveMpciumsNamesAndRetention() throws Exception {
    var jsm = clientConnection.jetStreamManagement();
    StreamInfo results = jsm.getStreamInfo("mpc");
    assertThat(results.getConfiguration().getRetentionPolicy())
        .isEqualTo(RetentionPolicy.WorkQueue);
    assertThat(results.getConfiguration().getSubjects()).containsExactly(
        "mpc.mpc_keygen_result.>", "mpc.mpc_signing_result.>", "mpc.mpc_reshare_result.>");
    assertThat(jsm.getStreamInfo("mpc-signing").getConfiguration().getMaxAge())
        .isEqualTo(Duration.ofDays(7));
    var consumer = jsm.getConsumerInfo("mpc-signing", "mpc_signing_consumer");
    assertThat(consumer.getConsumerConfiguration().getMaxDeliver()).isEqualTo(4);
    assertThat(consumer.getConsumerConfiguration().getMaxAckPending()).isEqualTo(32);
    assertThat(jsm.getConsumerInfo("mpc", "mpc_signing_result").getConsumerConfiguration()
        .getFilterSubjects()).containsExactly("mpc.mpc_signing_result.complete");
  }

  @Test
  void aClientCreatesAWalletSignsAndGetsTheStoredResultOnARepeat() throws Exception {
    try (MpcClient client = MpcClient.create(clientConnection, INITIATOR, Optional.of("svc-a"))) {
      String wallet = "w-" + UUID.randomUUID();
      KeygenResultEvent created = await(client.createWalletAsync(wallet));
      assertThat(created.isSuccess()).as(created.toString()).isTrue();
      assertThat(created.eddsaPubKey()).hasSize(32);
      // Without GatewayConfig.schnorrKeys, keygen makes Mpcium's two keys and result fields.
      assertThat(created.schnorrPubKey()).isNull();
      assertThat(new String(created.toJson(), StandardCharsets.UTF_8)).doesNotContain("schnorr");
      SigningResultEvent noSchnorrKey = await(client.signSchnorrAsync(wallet, "btc",
          new byte[32], Optional.empty()));
      assertThat(noSchnorrKey.errorCode()).as(noSchnorrKey.toString())
          .isEqualTo("ERROR_KEY_NOT_FOUND");

      List<CompletableFuture<SigningResultEvent>> pending = new ArrayList<>();
      List<byte[]> messages = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        byte[] tx = ("transfer " + i).getBytes(StandardCharsets.UTF_8);
        messages.add(tx);
        pending.add(client.signAsync("ed25519", wallet, "solana-devnet", tx));
      }
      for (int i = 0; i < 8; i++) {
        SigningResultEvent result = await(pending.get(i));
        assertThat(result.isSuccess()).as(result.toString()).isTrue();
        assertThat(result.walletId()).isEqualTo(wallet);
        assertThat(result.networkInternalCode()).isEqualTo("solana-devnet");
        assertThat(result.r()).isNull();
        assertThat(verifies(created.eddsaPubKey(), messages.get(i), result.signature()))
            .isTrue();
      }

      KeygenResultEvent again = await(client.createWalletAsync(wallet));
      assertThat(again).isEqualTo(created);
    }
  }

  @Test
  void aP256InitiatorLoadedFromAnMpciumKeyFileIsAccepted() throws Exception {
    java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
    generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
    java.security.KeyPair pair = generator.generateKeyPair();
    // Mpcium's P-256 key files hold PKCS#8 or SEC1 DER, raw or hex.
    Initiator loaded = io.mpcium.transport.nats.client.InitiatorKeyFiles.parse(
        java.util.HexFormat.of().formatHex(pair.getPrivate().getEncoded())
            .getBytes(StandardCharsets.US_ASCII), "p256");
    byte[] message = {1, 2, 3};
    java.security.Signature verifier = java.security.Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(pair.getPublic());
    verifier.update(message);
    assertThat(verifier.verify(loaded.sign(message))).isTrue();

    try (MpcClient client = MpcClient.create(clientConnection, P256_INITIATOR,
        Optional.of("p256"))) {
      String wallet = "w-" + UUID.randomUUID();
      assertThat(await(client.createWalletAsync(wallet)).isSuccess()).isTrue();
      SigningResultEvent result = await(client.signAsync("ed25519", wallet, "n", message));
      assertThat(result.isSuccess()).as(result.toString()).isTrue();
    }
  }

  @Test
  void ecdsaKeysAndSignaturesUseMpciumsEncodings() throws Exception {
    boolean ecdsaHere = java.util.Arrays.stream(io.mpcium.KeyScheme.values())
        .anyMatch(s -> s.label().equals("secp256k1"));
    try (MpcClient client = MpcClient.create(clientConnection, INITIATOR, Optional.of("eth"))) {
      String wallet = "w-" + UUID.randomUUID();
      KeygenResultEvent created = await(client.createWalletAsync(wallet));
      assertThat(created.isSuccess()).as(created.toString()).isTrue();
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
          .digest("an ethereum transaction".getBytes(StandardCharsets.UTF_8));
      SigningResultEvent result = await(client.signAsync("secp256k1", wallet, "eth", digest));
      if (!ecdsaHere) {
        // Until secp256k1 keys exist in this library, ECDSA is refused as Mpcium refuses an
        // unknown key type, and the wallet has no ECDSA key.
        assertThat(created.ecdsaPubKey()).isNull();
        assertThat(result.errorCode()).isEqualTo("ERROR_UNKNOWN");
        assertThat(result.errorReason()).contains("unsupported key type: secp256k1");
        return;
      }
      byte[] xy = created.ecdsaPubKey();
      assertThat(xy).hasSize(64);
      assertThat(result.isSuccess()).as(result.toString()).isTrue();
      assertThat(result.signature()).isNull();
      assertThat(result.r()).hasSize(32);
      assertThat(result.s()).hasSize(32);
      assertThat(result.signatureRecovery()).hasSize(1);
      int v = result.signatureRecovery()[0];
      assertThat(v).isBetween(0, 1);
      java.math.BigInteger s = new java.math.BigInteger(1, result.s());
      var curve = org.bouncycastle.crypto.ec.CustomNamedCurves.getByName("secp256k1");
      assertThat(s).isLessThanOrEqualTo(curve.getN().shiftRight(1));
      // BouncyCastle's ECDSA verifier with the 64-byte X‖Y key, and Ethereum's ecrecover.
      byte[] uncompressed = new byte[65];
      uncompressed[0] = 4;
      System.arraycopy(xy, 0, uncompressed, 1, 64);
      var verifier = new org.bouncycastle.crypto.signers.ECDSASigner();
      verifier.init(false, new org.bouncycastle.crypto.params.ECPublicKeyParameters(
          curve.getCurve().decodePoint(uncompressed),
          new org.bouncycastle.crypto.params.ECDomainParameters(curve)));
      assertThat(verifier.verifySignature(digest, new java.math.BigInteger(1, result.r()), s))
          .isTrue();
      java.math.BigInteger recovered = org.web3j.crypto.Sign.signedMessageHashToKey(digest,
          new org.web3j.crypto.Sign.SignatureData((byte) (27 + v), result.r(), result.s()));
      assertThat(recovered).isEqualTo(new java.math.BigInteger(1, xy));

      SigningResultEvent notADigest = await(client.signAsync("secp256k1", wallet, "eth",
          new byte[20]));
      assertThat(notADigest.errorCode()).isEqualTo("ERROR_MSG_VALIDATION");
      assertThat(await(client.createWalletAsync(wallet))).isEqualTo(created);
    }
  }

  @Test
  void refusalsCarryMpciumsErrorCodes() throws Exception {
    Initiator stranger = Initiator.generateEd25519(RNG);
    try (MpcClient client = MpcClient.create(clientConnection, INITIATOR, Optional.empty());
        MpcClient impostor = MpcClient.create(clientConnection, stranger,
            Optional.of("impostor"))) {
      SigningResultEvent unknown = await(client.signAsync("ed25519", "no-such-wallet", "x",
          new byte[] {1}));
      assertThat(unknown.errorCode()).isEqualTo("ERROR_KEY_NOT_FOUND");
      assertThat(unknown.isTimeout()).isFalse();

      SigningResultEvent rsa = await(client.signAsync("rsa", "no-such-wallet", "x",
          new byte[32]));
      assertThat(rsa.errorCode()).isEqualTo("ERROR_UNKNOWN");
      assertThat(rsa.errorReason()).contains("unsupported key type: rsa");

      KeygenResultEvent forged = await(impostor.createWalletAsync("w-" + UUID.randomUUID()));
      assertThat(forged.errorCode()).isEqualTo("ERROR_INVALID_INITIATOR_SIGNATURE");
      assertThat(forged.errorReason())
          .isEqualTo("Failed to verify initiator message: invalid signature from initiator");

      SigningResultEvent forgedSign = await(impostor.signAsync("ed25519", "w", "x",
          new byte[] {1}));
      assertThat(forgedSign.errorCode()).isEqualTo("ERROR_INVALID_INITIATOR_SIGNATURE");

      ResharingResultEvent reshare = await(client.reshareAsync(new ResharingMessage(
          "session-" + UUID.randomUUID(), List.of("node0", "node1"), 1, "ed25519", "w", null,
          List.of())));
      assertThat(reshare.errorCode()).isEqualTo("ERROR_KEY_NOT_FOUND");
    }
  }

  @Test
  void authorizerSignaturesAreChecked() throws Exception {
    try (MpcClient client = MpcClient.create(clientConnection, INITIATOR, Optional.of("auth"))) {
      String wallet = "w-" + UUID.randomUUID();
      KeygenResultEvent created = await(client.createWalletAsync(wallet));
      assertThat(created.isSuccess()).as(created.toString()).isTrue();
      SignTxMessage unsigned = new SignTxMessage("ed25519", wallet, "n", "tx-"
          + UUID.randomUUID(), new byte[] {7}, null, null, List.of());
      byte[] initiatorSig = INITIATOR.sign(unsigned.raw());
      byte[] approval = AUTHORIZER.sign(AuthorizerSignature.signedBytes(unsigned.txId(),
          unsigned.raw(), initiatorSig));
      SigningResultEvent approved = await(client.signAsync(new SignTxMessage("ed25519",
          wallet, "n", unsigned.txId(), new byte[] {7}, null, null,
          List.of(new AuthorizerSignature("approver", approval)))));
      assertThat(approved.isSuccess()).as(approved.toString()).isTrue();

      SigningResultEvent wrong = await(client.signAsync(new SignTxMessage("ed25519", wallet,
          "n", "tx-" + UUID.randomUUID(), new byte[] {7}, null, null,
          List.of(new AuthorizerSignature("approver", approval)))));
      assertThat(wrong.errorCode()).isEqualTo("ERROR_INVALID_AUTHORIZER_SIGNATURE");
    }
  }

  @Test
  void resultSubjectsAndConsumerNamesFollowMpcium() {
    assertThat(MpciumSubjects.signingResult(Optional.of("svc-a")))
        .isEqualTo("mpc.mpc_signing_result.svc-a.complete");
    assertThat(MpciumSubjects.resultConsumer(MpciumSubjects.KEYGEN_RESULT, Optional.of("svc-a")))
        .isEqualTo("mpc_keygen_result_svc_a");
    assertThat(MpciumSubjects.sanitize("1a>*")).isEqualTo("_1aallany");
  }
}
