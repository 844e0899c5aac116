package io.mpcium.internal.node;

import static io.mpcium.testing.TestCluster.party;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpcium.KeyGenRequest;
import io.mpcium.KeyGenResult;
import io.mpcium.KeyScheme;
import io.mpcium.PartyId;
import io.mpcium.SignRequest;
import io.mpcium.SignatureResult;
import io.mpcium.crypto.secp256k1.Ecdsa;
import io.mpcium.crypto.secp256k1.EcdsaSignature;
import io.mpcium.crypto.secp256k1.EthereumAddress;
import io.mpcium.crypto.secp256k1.Secp256k1Group;
import io.mpcium.internal.security.EnvelopeSealer;
import io.mpcium.protocol.ProtocolAbort;
import io.mpcium.spi.Envelope;
import io.mpcium.testing.TestCluster;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

/** Threshold ECDSA (DKLs23) through {@link io.mpcium.ThresholdNode}, end to end. */
class EcdsaSchemeTest {
  private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
  private static final BigInteger HALF_N = CURVE.getN().shiftRight(1);
  private final SecureRandom rng = new SecureRandom();

  @Test
  void oneRequestCreatesBothKeys_andEverySignerPairSignsForEthereum() throws Exception {
    try (TestCluster cluster = new TestCluster(3, 2)) {
      KeyGenRequest request = new KeyGenRequest(UUID.randomUUID().toString(), "w",
          List.of(KeyScheme.SECP256K1, KeyScheme.ED25519));
      List<KeyGenResult> keys = cluster.node(0).generateKey(request,
          cluster.initiator().sign(request.signingBytes())).get(60, TimeUnit.SECONDS);
      assertThat(keys).extracting(KeyGenResult::scheme)
          .containsExactly(KeyScheme.SECP256K1, KeyScheme.ED25519);
      byte[] publicKey = keys.get(0).publicKey();
      assertThat(publicKey).hasSize(33);
      assertThat(keys.get(1).publicKey()).hasSize(32);
      for (int i = 0; i < 3; i++) {
        assertThat(cluster.node(i).key("w", KeyScheme.SECP256K1).orElseThrow().publicKey())
            .isEqualTo(publicKey);
      }
      String address = EthereumAddress.checksummed(
          Secp256k1Group.INSTANCE.decodeElement(publicKey));

      int[][] pairs = {{0, 1}, {0, 2}, {1, 2}, {2, 0}};
      for (int[] pair : pairs) {
        byte[] digest = sha256("pay " + Arrays.toString(pair));
        SignatureResult result = sign(cluster, pair[0], "w", digest,
            List.of(party(pair[0]), party(pair[1])));
        assertThat(result.publicKey()).isEqualTo(publicKey);
        assertEthereumValid(result, publicKey, digest, address);
      }
    }
  }

  @Test
  void threeOfFive_andFreshNoncesEveryTime() throws Exception {
    try (TestCluster cluster = new TestCluster(5, 3)) {
      KeyGenRequest request = new KeyGenRequest(UUID.randomUUID().toString(), "w5",
          KeyScheme.SECP256K1);
      KeyGenResult key = cluster.node(4).generateKey(request,
          cluster.initiator().sign(request.signingBytes())).get(60, TimeUnit.SECONDS).get(0);
      byte[] digest = sha256("same digest");
      String address = EthereumAddress.checksummed(
          Secp256k1Group.INSTANCE.decodeElement(key.publicKey()));
      SignatureResult first = sign(cluster, 1, "w5", digest, List.of());
      SignatureResult second = sign(cluster, 3, "w5", digest, List.of());
      assertThat(first.signers()).hasSize(3);
      assertEthereumValid(first, key.publicKey(), digest, address);
      assertEthereumValid(second, key.publicKey(), digest, address);
      assertThat(first.signature()).isNotEqualTo(second.signature());
    }
  }

  @Test
  void aMessageThatIsNotA32ByteDigestIsRefused() throws Exception {
    try (TestCluster cluster = new TestCluster(3, 2)) {
      KeyGenRequest request = new KeyGenRequest(UUID.randomUUID().toString(), "w",
          KeyScheme.SECP256K1);
      cluster.node(0).generateKey(request, cluster.initiator().sign(request.signingBytes()))
          .get(60, TimeUnit.SECONDS);
      SignRequest sign = new SignRequest(UUID.randomUUID().toString(), "w", KeyScheme.SECP256K1,
          new byte[33]);
      assertThatThrownBy(() -> cluster.node(0).sign(sign,
          cluster.initiator().sign(sign.signingBytes()), List.of(party(0), party(1)))
          .get(30, TimeUnit.SECONDS))
          .hasCauseInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("32-byte digest");
    }
  }

  /**
   * node1 is compromised: in a signing session it alters its multiplication message to node0
   * (decrypting and re-sealing it with its own keys, so the envelope is genuine). node0's
   * DKLs23 check fails: the session aborts naming node1, node0 records the ban with the key,
   * refuses to sign with node1 from then on (also after a restart), and signs with node2.
   */
  @Test
  void aCounterpartyFailingTheMultiplicationCheckIsBannedForTheKey() throws Exception {
    Rules rules = new Rules();
    try (TestCluster cluster = new TestCluster(3, 2, Optional.empty(), rules)) {
      KeyGenRequest request = new KeyGenRequest(UUID.randomUUID().toString(), "w",
          KeyScheme.SECP256K1);
      byte[] publicKey = cluster.node(0).generateKey(request,
          cluster.initiator().sign(request.signingBytes())).get(60, TimeUnit.SECONDS).get(0)
          .publicKey();
      EnvelopeSealer asNode0 = new EnvelopeSealer(cluster.identity(0),
          id -> cluster.registry().peer(id), rng);
      EnvelopeSealer asNode1 = new EnvelopeSealer(cluster.identity(1),
          id -> cluster.registry().peer(id), rng);
      rules.rule = (from, to, envelope, frame) -> {
        if (!envelope.protocol().equals("dkls23-secp256k1/sign") || envelope.round() != 2
            || !from.equals(party(1)) || !to.equals(party(0))) {
          return List.of(frame);
        }
        try {
          byte[] payload = asNode0.open(envelope).plaintext();
          payload[payload.length / 2] ^= 0x01;
          Envelope forged = asNode1.sealDirect(envelope.protocol(), envelope.sessionId(),
              envelope.round(), to, envelope.echo(), payload);
          return List.of(forged.encode());
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      };

      byte[] digest = sha256("first");
      ProtocolAbort abort = abortOf(signAsync(cluster, 0, "w", digest,
          List.of(party(0), party(1))));
      assertThat(abort.culprits()).containsExactly(party(1));
      assertThat(abort.banned()).containsExactly(party(1));
      rules.rule = (from, to, envelope, frame) -> List.of(frame);

      assertThatThrownBy(() -> sign(cluster, 0, "w", sha256("second"),
          List.of(party(0), party(1))))
          .hasMessageContaining("node1 is banned for this key");
      // Chosen signers skip the banned party.
      for (int i = 0; i < 3; i++) {
        SignatureResult result = sign(cluster, 0, "w", sha256("auto " + i), List.of());
        assertThat(result.signers()).containsExactly(party(0), party(2));
        assertEthereumValid(result, publicKey, sha256("auto " + i), EthereumAddress.checksummed(
            Secp256k1Group.INSTANCE.decodeElement(publicKey)));
      }
      // The ban is stored with the key, so it survives a restart of node0.
      cluster.node(0).close();
      cluster.replace(0, cluster.newNode(cluster.identity(0), cluster.store(0), 2,
          Optional.empty(), TestCluster.PASSPHRASE), cluster.store(0));
      cluster.node(0).start();
      assertThatThrownBy(() -> sign(cluster, 0, "w", sha256("third"),
          List.of(party(0), party(1))))
          .hasMessageContaining("node1 is banned for this key");
      // node1 itself is not banned by anyone else: node1 and node2 still sign together.
      SignatureResult others = sign(cluster, 2, "w", sha256("fourth"),
          List.of(party(1), party(2)));
      assertThat(Ecdsa.isLowS(parts(others))).isTrue();
    }
  }

  private static void assertEthereumValid(SignatureResult result, byte[] publicKey,
      byte[] digest, String address) throws Exception {
    assertThat(result.message()).isEqualTo(digest);
    assertThat(result.signature()).hasSize(64);
    assertThat(result.recoveryId()).isPresent();
    int v = result.recoveryId().getAsInt();
    assertThat(v).isBetween(0, 1);
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(result.signature(), 0, 32));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(result.signature(), 32, 64));
    assertThat(s).isLessThanOrEqualTo(HALF_N);
    ECDSASigner verifier = new ECDSASigner();
    verifier.init(false, new ECPublicKeyParameters(CURVE.getCurve().decodePoint(publicKey),
        new ECDomainParameters(CURVE.getCurve(), CURVE.getG(), CURVE.getN())));
    assertThat(verifier.verifySignature(digest, r, s)).isTrue();
    BigInteger recovered = Sign.signedMessageHashToKey(digest, new Sign.SignatureData(
        (byte) (27 + v), Arrays.copyOfRange(result.signature(), 0, 32),
        Arrays.copyOfRange(result.signature(), 32, 64)));
    assertThat(Keys.toChecksumAddress(Keys.getAddress(recovered))).isEqualTo(address);
  }

  private static EcdsaSignature parts(SignatureResult result) {
    return new EcdsaSignature(Arrays.copyOfRange(result.signature(), 0, 32),
        Arrays.copyOfRange(result.signature(), 32, 64), result.recoveryId().getAsInt());
  }

  private static SignatureResult sign(TestCluster cluster, int coordinator, String wallet,
      byte[] digest, List<PartyId> signers) throws Exception {
    try {
      return signAsync(cluster, coordinator, wallet, digest, signers).get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  private static CompletableFuture<SignatureResult> signAsync(TestCluster cluster,
      int coordinator, String wallet, byte[] digest, List<PartyId> signers) {
    SignRequest request = new SignRequest(UUID.randomUUID().toString(), wallet,
        KeyScheme.SECP256K1, digest);
    byte[] signature = cluster.initiator().sign(request.signingBytes());
    return signers.isEmpty()
        ? cluster.node(coordinator).sign(request, signature)
        : cluster.node(coordinator).sign(request, signature, signers);
  }

  private static ProtocolAbort abortOf(CompletableFuture<?> future) throws Exception {
    try {
      future.get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(ProtocolAbort.class);
      return (ProtocolAbort) e.getCause();
    }
    throw new AssertionError("the session did not abort");
  }

  private static byte[] sha256(String text) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(text.getBytes(
        java.nio.charset.StandardCharsets.UTF_8));
  }
}
