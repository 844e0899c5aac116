package io.mpcium.hd;

import static io.mpcium.testing.TestCluster.party;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpcium.KeyGenRequest;
import io.mpcium.KeyGenResult;
import io.mpcium.KeyScheme;
import io.mpcium.PartyId;
import io.mpcium.ReshareRequest;
import io.mpcium.SignRequest;
import io.mpcium.SignatureResult;
import io.mpcium.TaprootTweak;
import io.mpcium.ThresholdNode;
import io.mpcium.UnauthorizedRequestException;
import io.mpcium.crypto.secp256k1.Libsecp256k1;
import io.mpcium.inmemory.InMemoryKeyStore;
import io.mpcium.protocol.ProtocolAbort;
import io.mpcium.testing.ManualTime;
import io.mpcium.testing.TestCluster;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
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
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

/**
 * Signing with child keys through {@link ThresholdNode}s: every signature verifies, under an
 * independent verifier, against the child key a client derives offline from the wallet's public
 * key and the chain code alone; the path is part of what the initiator signs (native format)
 * and of the session id, so nodes that would derive different child keys never sign together.
 */
class DerivedSigningTest {
  private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
  private static final DerivationPath PATH = DerivationPath.of(44, 60, 0, 0, 7);
  private final SecureRandom rng = new SecureRandom();

  private static <T> T await(CompletableFuture<T> future) throws Exception {
    return future.get(60, TimeUnit.SECONDS);
  }

  private byte[] random32() {
    byte[] bytes = new byte[32];
    rng.nextBytes(bytes);
    return bytes;
  }

  /** Restarts every node of {@code cluster} with {@code chainCode} configured. */
  private static void configureChainCode(TestCluster cluster, int threshold, byte[] chainCode,
      int... nodes) throws Exception {
    for (int i : nodes) {
      cluster.node(i).close();
      ThresholdNode node = cluster.newNode(cluster.identity(i), cluster.store(i), threshold,
          Optional.empty(), TestCluster.PASSPHRASE, b -> b.chainCode(chainCode));
      node.start();
      cluster.replace(i, node, cluster.store(i));
    }
  }

  private static KeyGenResult generate(TestCluster cluster, String wallet, KeyScheme scheme)
      throws Exception {
    KeyGenRequest request = new KeyGenRequest(UUID.randomUUID().toString(), wallet, scheme);
    return await(cluster.node(0).generateKey(request,
        cluster.initiator().sign(request.signingBytes()))).get(0);
  }

  private static SignatureResult sign(TestCluster cluster, int coordinator, SignRequest request,
      List<PartyId> signers) throws Exception {
    return await(cluster.node(coordinator).sign(request,
        cluster.initiator().sign(request.signingBytes()), signers));
  }

  private static void assertEcdsa(byte[] publicKey, byte[] digest, SignatureResult result) {
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(result.signature(), 0, 32));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(result.signature(), 32, 64));
    ECDSASigner verifier = new ECDSASigner();
    verifier.init(false, new ECPublicKeyParameters(CURVE.getCurve().decodePoint(publicKey),
        new ECDomainParameters(CURVE.getCurve(), CURVE.getG(), CURVE.getN())));
    assertThat(verifier.verifySignature(digest, r, s)).isTrue();
    try {
      BigInteger recovered = Sign.signedMessageHashToKey(digest, new Sign.SignatureData(
          (byte) (27 + result.recoveryId().getAsInt()),
          Arrays.copyOfRange(result.signature(), 0, 32),
          Arrays.copyOfRange(result.signature(), 32, 64)));
      byte[] uncompressed = CURVE.getCurve().decodePoint(publicKey).getEncoded(false);
      assertThat(Keys.getAddress(recovered)).isEqualTo(Keys.getAddress(
          new BigInteger(1, Arrays.copyOfRange(uncompressed, 1, 65))));
    } catch (java.security.SignatureException e) {
      throw new AssertionError(e);
    }
  }

  private static boolean ed25519Verifies(byte[] publicKey, byte[] message, byte[] signature) {
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
    verifier.update(message, 0, message.length);
    return verifier.verifySignature(signature);
  }

  @Test
  void everySchemeSignsWithTheChildKeyAClientDerivesOffline() throws Exception {
    byte[] clusterChainCode = random32();
    try (TestCluster cluster = new TestCluster(3, 2)) {
      configureChainCode(cluster, 2, clusterChainCode, 0, 1, 2);
      for (KeyScheme scheme : KeyScheme.values()) {
        String wallet = "hd-" + scheme.label();
        KeyGenResult key = generate(cluster, wallet, scheme);
        ChildKey offline = HdDerivation.derive(scheme, key.publicKey(), clusterChainCode, PATH);
        assertThat(offline.publicKey()).isNotEqualTo(key.publicKey());
        for (int i = 0; i < 3; i++) {
          ChildKey reported = cluster.node(i).childKey(wallet, scheme, PATH).orElseThrow();
          assertThat(reported).isEqualTo(offline);
          assertThat(reported.parentChainCode()).isEqualTo(clusterChainCode);
        }
        int[][] pairs = {{0, 1}, {1, 2}, {2, 0}};
        for (int[] pair : pairs) {
          byte[] message = random32();
          SignRequest request = new SignRequest(UUID.randomUUID().toString(), wallet, scheme,
              message).withDerivationPath(PATH);
          SignatureResult result = sign(cluster, pair[0], request,
              List.of(party(pair[0]), party(pair[1])));
          assertThat(result.publicKey()).isEqualTo(offline.publicKey());
          switch (scheme) {
            case SECP256K1 -> assertEcdsa(offline.publicKey(), message, result);
            case ED25519 -> {
              assertThat(ed25519Verifies(offline.publicKey(), message, result.signature()))
                  .isTrue();
              assertThat(ed25519Verifies(key.publicKey(), message, result.signature()))
                  .isFalse();
            }
            case SCHNORR -> {
              assertThat(Libsecp256k1.verifySchnorr(offline.publicKey(), message,
                  result.signature())).isTrue();
              assertThat(Libsecp256k1.verifySchnorr(key.publicKey(), message,
                  result.signature())).isFalse();
            }
          }
        }
        // The master key still signs as before.
        byte[] message = random32();
        SignRequest master = new SignRequest(UUID.randomUUID().toString(), wallet, scheme,
            message);
        assertThat(sign(cluster, 1, master, List.of(party(0), party(1))).publicKey())
            .isEqualTo(key.publicKey());
      }
    }
  }

  @Test
  void schnorrChildKeysSignForTheirTaprootOutputKeys_withTheDefaultChainCode() throws Exception {
    try (TestCluster cluster = new TestCluster(3, 2)) {
      // Several keys, so that both Y parities of internal and child keys occur.
      for (int w = 0; w < 4; w++) {
        String wallet = "tr-" + w;
        KeyGenResult key = generate(cluster, wallet, KeyScheme.SCHNORR);
        byte[] chainCode = HdDerivation.defaultChainCode(KeyScheme.SCHNORR, key.publicKey());
        DerivationPath path = DerivationPath.of(86, 0, 0, 0, w);
        ChildKey child = HdDerivation.derive(KeyScheme.SCHNORR, key.publicKey(), chainCode, path);
        assertThat(cluster.node(2).childKey(wallet, KeyScheme.SCHNORR, path).orElseThrow()
            .parentChainCode()).isEqualTo(chainCode);
        byte[] root = random32();
        for (TaprootTweak tweak : List.of(TaprootTweak.keyPathOnly(),
            TaprootTweak.scriptTree(root))) {
          byte[] message = random32();
          SignRequest request = new SignRequest(UUID.randomUUID().toString(), wallet,
              KeyScheme.SCHNORR, message).withTaprootTweak(tweak).withDerivationPath(path);
          SignatureResult result = sign(cluster, w % 3, request,
              List.of(party(w % 3), party((w + 1) % 3)));
          byte[] outputKey = Libsecp256k1.taprootOutputKey(child.publicKey(),
              tweak.merkleRoot().orElse(new byte[0]));
          assertThat(result.publicKey()).isEqualTo(outputKey);
          assertThat(Libsecp256k1.verifySchnorr(outputKey, message, result.signature())).isTrue();
        }
      }
    }
  }

  @Test
  void theDefaultChainCodeDerivesWhatTheNodesSignWith_forEcdsaAndEd25519() throws Exception {
    try (TestCluster cluster = new TestCluster(3, 2)) {
      for (KeyScheme scheme : List.of(KeyScheme.SECP256K1, KeyScheme.ED25519)) {
        KeyGenResult key = generate(cluster, "d-" + scheme.label(), scheme);
        ChildKey child = HdDerivation.derive(scheme, key.publicKey(),
            HdDerivation.defaultChainCode(scheme, key.publicKey()), PATH);
        byte[] message = random32();
        SignRequest request = new SignRequest(UUID.randomUUID().toString(), "d-" + scheme.label(),
            scheme, message).withDerivationPath(PATH);
        SignatureResult result = sign(cluster, 2, request, List.of(party(1), party(2)));
        assertThat(result.publicKey()).isEqualTo(child.publicKey());
        if (scheme == KeyScheme.SECP256K1) {
          assertEcdsa(child.publicKey(), message, result);
        } else {
          assertThat(ed25519Verifies(child.publicKey(), message, result.signature())).isTrue();
        }
      }
    }
  }

  @Test
  void thePathIsPartOfTheInitiatorSignedBytes() throws Exception {
    try (TestCluster cluster = new TestCluster(3, 2)) {
      generate(cluster, "w", KeyScheme.ED25519);
      SignRequest master = new SignRequest(UUID.randomUUID().toString(), "w", KeyScheme.ED25519,
          random32());
      byte[] signature = cluster.initiator().sign(master.signingBytes());
      SignRequest relayed = master.withDerivationPath(PATH);
      assertThat(relayed.signingBytes()).isNotEqualTo(master.signingBytes());
      assertThatThrownBy(() -> await(cluster.node(0).sign(relayed, signature,
          List.of(party(0), party(1))))).isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(UnauthorizedRequestException.class);
      SignRequest other = master.withDerivationPath(DerivationPath.of(44, 60, 0, 0, 8));
      assertThat(other.signingBytes()).isNotEqualTo(relayed.signingBytes());
    }
  }

  @Test
  void nodesWithDifferentChainCodesNeverSignTogether() throws Exception {
    ManualTime time = new ManualTime();
    try (TestCluster cluster = new TestCluster(3, 2, Optional.of(time),
        io.mpcium.inmemory.InMemoryTransport.FrameInterceptor.PASS_THROUGH)) {
      generate(cluster, "w", KeyScheme.ED25519);
      byte[] a = random32();
      byte[] b = random32();
      for (int i = 0; i < 3; i++) {
        cluster.node(i).close();
        byte[] code = i == 1 ? b : a;
        ThresholdNode node = cluster.newNode(cluster.identity(i), cluster.store(i), 2,
            Optional.of(time), TestCluster.PASSPHRASE, builder -> builder.chainCode(code));
        node.start();
        cluster.replace(i, node, cluster.store(i));
      }
      SignRequest request = new SignRequest(UUID.randomUUID().toString(), "w", KeyScheme.ED25519,
          random32()).withDerivationPath(PATH);
      CompletableFuture<Void> node1SawProposal = cluster.transport().processed(
          (self, e) -> self.equals(party(1)) && e.protocol().equals("mpcium/propose"));
      CompletableFuture<SignatureResult> future = cluster.node(0).sign(request,
          cluster.initiator().sign(request.signingBytes()), List.of(party(0), party(1)));
      // node1 derives another session id from the proposal, so it drops it and never joins;
      // node0 gives up after the round timeout, naming node1.
      node1SawProposal.get(30, TimeUnit.SECONDS);
      assertThat(future).isNotDone();
      time.advance(Duration.ofSeconds(11));
      ExecutionException failure = catchFailure(future);
      assertThat(failure.getCause()).isInstanceOf(ProtocolAbort.class);
      assertThat(((ProtocolAbort) failure.getCause()).culprits()).containsExactly(party(1));
      // With the same chain code (node2's), the same path signs.
      SignRequest again = new SignRequest(UUID.randomUUID().toString(), "w", KeyScheme.ED25519,
          random32()).withDerivationPath(PATH);
      SignatureResult result = await(cluster.node(0).sign(again,
          cluster.initiator().sign(again.signingBytes()), List.of(party(0), party(2))));
      ChildKey child = HdDerivation.derive(KeyScheme.ED25519,
          cluster.node(0).key("w", KeyScheme.ED25519).orElseThrow().publicKey(), a, PATH);
      assertThat(result.publicKey()).isEqualTo(child.publicKey());
      assertThat(ed25519Verifies(child.publicKey(), again.message(), result.signature())).isTrue();
    }
  }

  private static ExecutionException catchFailure(CompletableFuture<?> future) throws Exception {
    try {
      future.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e;
    }
    throw new AssertionError("the session did not fail");
  }

  /**
   * A resharing keeps the public key, hence the child keys (the chain code is the cluster's or
   * derived from the public key): after a 2-of-3 key moved to a 3-of-4 committee with a new
   * node, every new party reports the child key a client derived offline before, and the new
   * committee signs for it, verified by BouncyCastle and web3j under that child key.
   */
  @Test
  void childKeysSurviveResharing_forEcdsaAndEd25519() throws Exception {
    try (TestCluster cluster = new TestCluster(3, 2)) {
      List<KeyScheme> schemes = List.of(KeyScheme.SECP256K1, KeyScheme.ED25519);
      List<ChildKey> before = new ArrayList<>();
      for (KeyScheme scheme : schemes) {
        KeyGenResult key = generate(cluster, "r-" + scheme.label(), scheme);
        before.add(HdDerivation.derive(scheme, key.publicKey(),
            HdDerivation.defaultChainCode(scheme, key.publicKey()), PATH));
      }
      cluster.addNode(new InMemoryKeyStore(), 2);
      List<PartyId> four = List.of(party(0), party(1), party(2), party(3));
      for (int s = 0; s < schemes.size(); s++) {
        KeyScheme scheme = schemes.get(s);
        String wallet = "r-" + scheme.label();
        ReshareRequest reshare = new ReshareRequest(
            UUID.randomUUID().toString(), wallet, scheme, four, 3);
        KeyGenResult reshared = await(cluster.node(1).reshare(reshare,
            cluster.initiator().sign(reshare.signingBytes())));
        assertThat(reshared.version()).isEqualTo(2);
        ChildKey offline = before.get(s);
        for (int i = 0; i < 4; i++) {
          assertThat(cluster.node(i).childKey(wallet, scheme, PATH)).as("node%d", i)
              .contains(offline);
        }
        for (List<PartyId> signers : List.of(List.of(party(1), party(2), party(3)),
            List.of(party(0), party(1), party(3)))) {
          byte[] message = random32();
          SignRequest request = new SignRequest(UUID.randomUUID().toString(), wallet, scheme,
              message).withDerivationPath(PATH);
          SignatureResult result = sign(cluster, 3, request, signers);
          assertThat(result.signers()).isEqualTo(signers);
          assertThat(result.publicKey()).isEqualTo(offline.publicKey());
          if (scheme == KeyScheme.SECP256K1) {
            assertEcdsa(offline.publicKey(), message, result);
          } else {
            assertThat(ed25519Verifies(offline.publicKey(), message, result.signature()))
                .isTrue();
          }
        }
      }
    }
  }
}
