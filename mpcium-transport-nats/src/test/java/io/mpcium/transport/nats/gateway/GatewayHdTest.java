package io.mpcium.transport.nats.gateway;

import static io.mpcium.transport.nats.gateway.GatewayTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.mpcium.Initiator;
import io.mpcium.KeyScheme;
import io.mpcium.RequestPolicy;
import io.mpcium.crypto.secp256k1.Bip340;
import io.mpcium.hd.ChildKey;
import io.mpcium.hd.DerivationPath;
import io.mpcium.hd.HdDerivation;
import io.mpcium.transport.nats.NatsConnections;
import io.mpcium.transport.nats.client.MpcClient;
import io.mpcium.transport.nats.testing.NatsServerExtension;
import io.mpcium.transport.nats.wire.KeygenResultEvent;
import io.mpcium.transport.nats.wire.SignTxMessage;
import io.mpcium.transport.nats.wire.SigningResultEvent;
import io.nats.client.Connection;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.web3j.crypto.Sign;

/**
 * Mpcium's {@code derivation_path} over the gateway, against a real nats-server: a cluster with
 * a configured {@code chain_code} signs with child keys that the client derives offline from
 * the keygen result's public keys and the chain code, as Mpcium's clients do; hardened indices
 * get Mpcium's error.
 */
class GatewayHdTest {
  @RegisterExtension
  static final NatsServerExtension NATS = new NatsServerExtension();
  private static final SecureRandom RNG = new SecureRandom();
  private static final Initiator INITIATOR = Initiator.generateEd25519(RNG);
  private static final byte[] CHAIN_CODE = HexFormat.of().parseHex(
      "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20");
  private static final List<AutoCloseable> OPEN = new ArrayList<>();
  private static MpcClient client;

  @BeforeAll
  static void startCluster() throws Exception {
    RequestPolicy policy = RequestPolicy.builder().initiator(INITIATOR.publicKey()).build();
    OPEN.add(new GatewayCluster(NATS.url(), policy,
        GatewayConfig.defaults().withSchnorrKeys(true), Duration.ofSeconds(10),
        Optional.of(CHAIN_CODE)));
    Connection connection = NatsConnections.connect(NATS.url(), "client");
    OPEN.add(0, connection);
    client = MpcClient.create(connection, INITIATOR, Optional.of("hd"));
    OPEN.add(0, client);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    for (AutoCloseable c : OPEN) {
      c.close();
    }
  }

  private static SigningResultEvent sign(String keyType, String wallet, byte[] tx,
      List<Long> path) throws Exception {
    return await(client.signAsync(new SignTxMessage(keyType, wallet, "net",
        UUID.randomUUID().toString(), tx, null, path, List.of())));
  }

  private static byte[] compress(byte[] xy) {
    byte[] out = new byte[33];
    out[0] = (byte) (2 + (xy[63] & 1));
    System.arraycopy(xy, 0, out, 1, 32);
    return out;
  }

  @Test
  void ecdsaEddsaAndSchnorrSignWithTheChildKeysClientsDerive() throws Exception {
    String wallet = "w-" + UUID.randomUUID();
    KeygenResultEvent created = await(client.createWalletAsync(wallet));
    assertThat(created.isSuccess()).as(created.toString()).isTrue();
    List<Long> path = List.of(44L, 60L, 0L, 0L, 7L);
    DerivationPath derivation = DerivationPath.of(path);

    // ECDSA: BIP32 CKDpub from (chain_code, compressed wallet key); BouncyCastle and ecrecover.
    byte[] digest = MessageDigest.getInstance("SHA-256")
        .digest("derived".getBytes(StandardCharsets.UTF_8));
    ChildKey ecdsaChild = HdDerivation.derive(KeyScheme.SECP256K1,
        compress(created.ecdsaPubKey()), CHAIN_CODE, derivation);
    SigningResultEvent ecdsa = sign("secp256k1", wallet, digest, path);
    assertThat(ecdsa.isSuccess()).as(ecdsa.toString()).isTrue();
    var curve = CustomNamedCurves.getByName("secp256k1");
    var childPoint = curve.getCurve().decodePoint(ecdsaChild.publicKey());
    ECDSASigner verifier = new ECDSASigner();
    verifier.init(false, new ECPublicKeyParameters(childPoint, new ECDomainParameters(curve)));
    assertThat(verifier.verifySignature(digest, new BigInteger(1, ecdsa.r()),
        new BigInteger(1, ecdsa.s()))).isTrue();
    BigInteger recovered = Sign.signedMessageHashToKey(digest, new Sign.SignatureData(
        (byte) (27 + ecdsa.signatureRecovery()[0]), ecdsa.r(), ecdsa.s()));
    byte[] childUncompressed = childPoint.getEncoded(false);
    assertThat(recovered).isEqualTo(new BigInteger(1,
        java.util.Arrays.copyOfRange(childUncompressed, 1, 65)));
    assertThat(recovered).isNotEqualTo(new BigInteger(1, created.ecdsaPubKey()));

    // EdDSA: Mpcium's Ed25519 scheme; BouncyCastle's RFC 8032 verifier.
    byte[] tx = "solana transfer".getBytes(StandardCharsets.UTF_8);
    List<Long> solana = List.of(44L, 501L, 0L, 0L);
    ChildKey eddsaChild = HdDerivation.derive(KeyScheme.ED25519, created.eddsaPubKey(),
        CHAIN_CODE, DerivationPath.of(solana));
    SigningResultEvent eddsa = sign("ed25519", wallet, tx, solana);
    assertThat(eddsa.isSuccess()).as(eddsa.toString()).isTrue();
    assertThat(GatewayTest.verifies(eddsaChild.publicKey(), tx, eddsa.signature())).isTrue();
    assertThat(GatewayTest.verifies(created.eddsaPubKey(), tx, eddsa.signature())).isFalse();

    // Schnorr (extension): the result's public_key is the child x-only key.
    ChildKey schnorrChild = HdDerivation.derive(KeyScheme.SCHNORR, created.schnorrPubKey(),
        CHAIN_CODE, derivation);
    SigningResultEvent schnorr = sign("schnorr", wallet, digest, path);
    assertThat(schnorr.publicKey()).containsExactly(schnorrChild.publicKey());
    assertThat(Bip340.verify(schnorrChild.publicKey(), digest, schnorr.signature())).isTrue();
    assertThat(GatewaySchnorrTest.bip340Verifies(schnorrChild.publicKey(), digest,
        schnorr.signature())).isTrue();
  }

  @Test
  void aHardenedIndexGetsMpciumsError() throws Exception {
    String wallet = "w-" + UUID.randomUUID();
    assertThat(await(client.createWalletAsync(wallet)).isSuccess()).isTrue();
    SigningResultEvent refused = sign("ed25519", wallet, new byte[] {1},
        List.of(44L, 2147483648L, 0L));
    assertThat(refused.isSuccess()).isFalse();
    assertThat(refused.errorCode()).isEqualTo("ERROR_UNKNOWN");
    assertThat(refused.errorReason()).isEqualTo("Failed to init signing session: Failed to "
        + "derive key, derivationPath: [44 2147483648 0]: failed to derive child key: the index "
        + "must be non-hardened");
    assertThat(refused.signature()).isNull();
  }

  @Test
  void thePathIsNotInMpciumsSignedBytes_butEveryNodeSignsForTheSamePath() throws Exception {
    String wallet = "w-" + UUID.randomUUID();
    KeygenResultEvent created = await(client.createWalletAsync(wallet));
    byte[] tx = {4, 2};
    SignTxMessage plain = new SignTxMessage("ed25519", wallet, "net", "t-" + UUID.randomUUID(),
        tx, null, null, List.of());
    SignTxMessage withPath = new SignTxMessage("ed25519", wallet, "net", plain.txId(), tx, null,
        List.of(1L, 2L), List.of());
    // Mpcium's property: a relay can change derivation_path without breaking the signature.
    assertThat(withPath.raw()).containsExactly(plain.raw());
    SigningResultEvent result = await(client.signAsync(withPath));
    byte[] child = HdDerivation.derive(KeyScheme.ED25519, created.eddsaPubKey(), CHAIN_CODE,
        DerivationPath.of(1, 2)).publicKey();
    assertThat(GatewayTest.verifies(child, tx, result.signature())).isTrue();
  }
}
