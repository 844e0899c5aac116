package io.mpcium.transport.nats.gateway;

import static io.mpcium.transport.nats.gateway.GatewayTest.await;
import static io.mpcium.transport.nats.gateway.GatewayTest.verifies;
import static org.assertj.core.api.Assertions.assertThat;

import io.mpcium.Initiator;
import io.mpcium.KeyGenResult;
import io.mpcium.KeyScheme;
import io.mpcium.RequestPolicy;
import io.mpcium.ThresholdNode;
import io.mpcium.transport.nats.NatsConnections;
import io.mpcium.transport.nats.client.MpcClient;
import io.mpcium.transport.nats.testing.NatsServerExtension;
import io.mpcium.transport.nats.wire.KeygenResultEvent;
import io.mpcium.transport.nats.wire.ResharingMessage;
import io.mpcium.transport.nats.wire.ResharingResultEvent;
import io.mpcium.transport.nats.wire.SigningResultEvent;
import io.nats.client.Connection;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Mpcium's {@code mpc:reshare} through the gateways of three nodes on a real nats-server: the
 * result arrives on Mpcium's reshare result subject with Mpcium's JSON, the public key is
 * unchanged, and the wallet signs through JetStream afterwards.
 */
class GatewayReshareTest {
  @RegisterExtension
  static final NatsServerExtension NATS = new NatsServerExtension();
  private static final SecureRandom RNG = new SecureRandom();
  private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");

  private static ResharingMessage reshare(String wallet, String keyType, List<String> nodes,
      long mpciumThreshold) {
    return new ResharingMessage("reshare-" + UUID.randomUUID(), nodes, mpciumThreshold, keyType,
        wallet, null, List.of());
  }

  private static boolean ecdsaVerifies(byte[] xy, byte[] digest, SigningResultEvent result) {
    byte[] uncompressed = new byte[65];
    uncompressed[0] = 4;
    System.arraycopy(xy, 0, uncompressed, 1, 64);
    ECDSASigner verifier = new ECDSASigner();
    verifier.init(false, new ECPublicKeyParameters(CURVE.getCurve().decodePoint(uncompressed),
        new ECDomainParameters(CURVE)));
    return verifier.verifySignature(digest, new BigInteger(1, result.r()),
        new BigInteger(1, result.s()));
  }

  private static void signsBothKeys(MpcClient client, String wallet, KeygenResultEvent created)
      throws Exception {
    byte[] tx = ("after reshare " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
    SigningResultEvent eddsa = await(client.signAsync("ed25519", wallet, "sol", tx));
    assertThat(eddsa.isSuccess()).as(eddsa.toString()).isTrue();
    assertThat(verifies(created.eddsaPubKey(), tx, eddsa.signature())).isTrue();
    byte[] digest = new byte[32];
    RNG.nextBytes(digest);
    SigningResultEvent ecdsa = await(client.signAsync("secp256k1", wallet, "eth", digest));
    assertThat(ecdsa.isSuccess()).as(ecdsa.toString()).isTrue();
    assertThat(ecdsaVerifies(created.ecdsaPubKey(), digest, ecdsa)).isTrue();
  }

  @Test
  void mpciumReshareMovesBothKeysAndTheWalletStillSigns() throws Exception {
    Initiator initiator = Initiator.generateEd25519(RNG);
    RequestPolicy policy = RequestPolicy.builder().initiator(initiator.publicKey()).build();
    GatewayConfig config = new GatewayConfig(4, 32, Duration.ofSeconds(30),
        Authorizers.enabled(List.of(), Map.of()));
    try (GatewayCluster cluster = new GatewayCluster(NATS.url(), policy, config,
            Duration.ofSeconds(10));
        Connection connection = NatsConnections.connect(NATS.url(), "client");
        MpcClient client = MpcClient.create(connection, initiator, Optional.of("ops"));
        MpcClient impostor = MpcClient.create(connection, Initiator.generateEd25519(RNG),
            Optional.of("impostor"))) {
      String wallet = "w-" + UUID.randomUUID();
      KeygenResultEvent created = await(client.createWalletAsync(wallet));
      assertThat(created.isSuccess()).as(created.toString()).isTrue();
      List<String> all = List.of("node0", "node1", "node2");

      // 2-of-3 to 3-of-3 (Mpcium's new_threshold 2), both key types
      for (String keyType : List.of("ed25519", "secp256k1")) {
        ResharingResultEvent result = await(client.reshareAsync(reshare(wallet, keyType, all,
            2)));
        assertThat(result.isSuccess()).as(result.toString()).isTrue();
        assertThat(result.walletId()).isEqualTo(wallet);
        assertThat(result.keyType()).isEqualTo(keyType);
        assertThat(result.newThreshold()).isEqualTo(2);
        assertThat(result.pubKey()).isEqualTo(keyType.equals("ed25519")
            ? created.eddsaPubKey() : created.ecdsaPubKey());
        assertThat(new String(result.toJson(), StandardCharsets.UTF_8)).startsWith(
            "{\"wallet_id\":\"" + wallet + "\",\"new_threshold\":2,\"key_type\":\"" + keyType
                + "\",\"pub_key\":\"");
      }
      for (ThresholdNode node : cluster.nodes()) {
        KeyGenResult key = node.key(wallet, KeyScheme.ED25519).orElseThrow();
        assertThat(key.version()).isEqualTo(2);
        assertThat(key.threshold()).isEqualTo(3);
      }
      signsBothKeys(client, wallet, created);

      // back to 2-of-3: a refresh-like reshare of the same committee
      ResharingResultEvent back = await(client.reshareAsync(reshare(wallet, "ed25519", all, 1)));
      assertThat(back.isSuccess()).as(back.toString()).isTrue();
      assertThat(cluster.nodes().get(1).key(wallet, KeyScheme.ED25519).orElseThrow()
          .threshold()).isEqualTo(2);
      signsBothKeys(client, wallet, created);

      // refusals arrive as Mpcium's error results
      ResharingResultEvent forged = await(impostor.reshareAsync(reshare(wallet, "ed25519", all,
          1)));
      assertThat(forged.errorCode()).isEqualTo("ERROR_INVALID_INITIATOR_SIGNATURE");
      assertThat(forged.pubKey()).isNull();
      ResharingResultEvent tooHigh = await(client.reshareAsync(reshare(wallet, "ed25519", all,
          3)));
      assertThat(tooHigh.errorCode()).isEqualTo("ERROR_INVALID_THRESHOLD");
      ResharingResultEvent stranger = await(client.reshareAsync(reshare(wallet, "ed25519",
          List.of("node0", "node9"), 1)));
      assertThat(stranger.errorCode()).isEqualTo("ERROR_RESHARE_FAILURE");
      assertThat(stranger.errorReason()).contains("node9 is not a registered node");
      ResharingResultEvent unknown = await(client.reshareAsync(reshare("no-such-wallet",
          "ed25519", all, 1)));
      assertThat(unknown.errorCode()).isEqualTo("ERROR_KEY_NOT_FOUND");
      ResharingResultEvent rsa = await(client.reshareAsync(reshare(wallet, "rsa", all, 1)));
      assertThat(rsa.errorReason()).contains("unsupported key type: rsa");
    }
  }
}
