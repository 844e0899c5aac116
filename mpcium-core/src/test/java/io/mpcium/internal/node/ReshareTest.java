package io.mpcium.internal.node;

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
import io.mpcium.crypto.secp256k1.Bip340Reference;
import io.mpcium.inmemory.InMemoryKeyStore;
import io.mpcium.protocol.ProtocolFixtures;
import io.mpcium.spi.KeyInfo;
import io.mpcium.spi.KeyStore;
import io.mpcium.spi.KeyStoreException;
import io.mpcium.testing.TestCluster;
import java.math.BigInteger;
import java.security.SecureRandom;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Resharing and refresh through {@link io.mpcium.ThresholdNode}, for every scheme. */
class ReshareTest {
  private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
  private final SecureRandom rng = new SecureRandom();

  private static <T> T await(CompletableFuture<T> future) throws Exception {
    return future.get(60, TimeUnit.SECONDS);
  }

  private static KeyGenResult keygen(TestCluster cluster, String wallet, KeyScheme scheme)
      throws Exception {
    KeyGenRequest request = new KeyGenRequest(UUID.randomUUID().toString(), wallet, scheme);
    return await(cluster.node(0).generateKey(request,
        cluster.initiator().sign(request.signingBytes()))).get(0);
  }

  private static CompletableFuture<KeyGenResult> reshare(TestCluster cluster, int coordinator,
      String wallet, KeyScheme scheme, List<PartyId> committee, int threshold) {
    ReshareRequest request = new ReshareRequest(UUID.randomUUID().toString(), wallet, scheme,
        committee, threshold);
    return cluster.node(coordinator).reshare(request,
        cluster.initiator().sign(request.signingBytes()));
  }

  private SignatureResult sign(TestCluster cluster, int coordinator, String wallet,
      KeyScheme scheme, Optional<List<PartyId>> signers) throws Exception {
    byte[] message = new byte[32];
    rng.nextBytes(message);
    SignRequest request = new SignRequest(UUID.randomUUID().toString(), wallet, scheme,
        message);
    byte[] signature = cluster.initiator().sign(request.signingBytes());
    return await(signers.isPresent()
        ? cluster.node(coordinator).sign(request, signature, signers.get())
        : cluster.node(coordinator).sign(request, signature));
  }

  /** Checks a result with an independent verifier: BouncyCastle, or the BIP340 reference. */
  private static void assertVerifies(SignatureResult result, byte[] publicKey) {
    assertThat(result.publicKey()).isEqualTo(publicKey);
    byte[] m = result.message();
    byte[] sig = result.signature();
    boolean valid = switch (result.scheme()) {
      case ED25519 -> {
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
        verifier.update(m, 0, m.length);
        yield verifier.verifySignature(sig);
      }
      case SECP256K1 -> {
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, new ECPublicKeyParameters(CURVE.getCurve().decodePoint(publicKey),
            new ECDomainParameters(CURVE)));
        yield verifier.verifySignature(m, new BigInteger(1, java.util.Arrays.copyOf(sig, 32)),
            new BigInteger(1, java.util.Arrays.copyOfRange(sig, 32, 64)));
      }
      case SCHNORR -> Bip340Reference.verify(publicKey, m, sig);
    };
    assertThat(valid).as("%s signature by %s", result.scheme(), result.signers()).isTrue();
  }

  private static int index(PartyId party) {
    return Integer.parseInt(party.value().substring("node".length()));
  }

  private void everySubsetSigns(TestCluster cluster, String wallet, KeyScheme scheme,
      KeyGenResult key) throws Exception {
    for (List<PartyId> signers : ProtocolFixtures.subsets(key.participants(),
        key.threshold())) {
      SignatureResult result = sign(cluster, index(signers.get(signers.size() - 1)), wallet,
          scheme, Optional.of(signers));
      assertThat(result.signers()).isEqualTo(signers);
      assertVerifies(result, key.publicKey());
    }
  }

  @ParameterizedTest
  @EnumSource(KeyScheme.class)
  void twoOfThreeToThreeOfFiveToTwoOfFour(KeyScheme scheme) throws Exception {
    try (TestCluster cluster = new TestCluster(3, 2)) {
      String wallet = "w-" + scheme.label();
      KeyGenResult original = keygen(cluster, wallet, scheme);
      cluster.addNode(new InMemoryKeyStore(), 2);
      cluster.addNode(new InMemoryKeyStore(), 2);

      // node1 coordinates; the old holders in the new committee deal
      List<PartyId> five = List.of(party(0), party(1), party(2), party(3), party(4));
      KeyGenResult second = await(reshare(cluster, 1, wallet, scheme, five, 3));
      assertThat(second.publicKey()).isEqualTo(original.publicKey());
      assertThat(second.version()).isEqualTo(2);
      assertThat(second.threshold()).isEqualTo(3);
      assertThat(second.participants()).isEqualTo(five);
      for (int i = 0; i < 5; i++) {
        KeyGenResult held = cluster.node(i).key(wallet, scheme).orElseThrow();
        assertThat(held).isEqualTo(second);
      }
      assertThat(cluster.registry().keyInfo(scheme.keyId(wallet))).contains(
          new KeyInfo(wallet, scheme, 2, 3, five));
      everySubsetSigns(cluster, wallet, scheme, second);

      // node0 and node4 leave, node5 joins; node0, which leaves, coordinates and deals
      cluster.addNode(new InMemoryKeyStore(), 2);
      List<PartyId> four = List.of(party(1), party(2), party(3), party(5));
      KeyGenResult third = await(reshare(cluster, 0, wallet, scheme, four, 2));
      assertThat(third.publicKey()).isEqualTo(original.publicKey());
      assertThat(third.version()).isEqualTo(3);
      assertThat(third.participants()).isEqualTo(four);
      everySubsetSigns(cluster, wallet, scheme, third);

      // signers chosen by a node are members of the new committee; leavers cannot take part
      for (int i = 0; i < 4; i++) {
        SignatureResult chosen = sign(cluster, 3, wallet, scheme, Optional.empty());
        assertThat(four).containsAll(chosen.signers());
        assertVerifies(chosen, original.publicKey());
      }
      assertThatThrownBy(() -> sign(cluster, 1, wallet, scheme,
          Optional.of(List.of(party(0), party(1)))))
          .hasRootCauseInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("are not all key holders");
      // node0 dealt its share away and retired it: it no longer signs or reshares the key;
      // node4 left without taking part, so nobody could tell it: its v2 stays active there
      // (and useless: no member of the new committee signs with v2)
      assertThat(cluster.node(0).key(wallet, scheme)).isEmpty();
      assertThatThrownBy(() -> sign(cluster, 0, wallet, scheme, Optional.empty()))
          .hasRootCauseInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no " + scheme.label() + " key for wallet");
      assertThat(cluster.node(4).key(wallet, scheme).orElseThrow().version()).isEqualTo(2);
      assertThatThrownBy(() -> sign(cluster, 4, wallet, scheme,
          Optional.of(List.of(party(2), party(3), party(4)))))
          .isInstanceOf(ExecutionException.class)
          .hasMessageContaining("holds no share of " + scheme.keyId(wallet) + " v2");
      // old versions stay until an operator deletes them; the leavers keep their old share
      assertThat(cluster.store(1).versions(scheme.keyId(wallet))).containsExactly(1, 2, 3);
      assertThat(cluster.store(0).versions(scheme.keyId(wallet))).containsExactly(1, 2);
      assertThat(cluster.store(4).versions(scheme.keyId(wallet))).containsExactly(2);
      assertThat(cluster.store(5).versions(scheme.keyId(wallet))).containsExactly(3);
    }
  }

  @ParameterizedTest
  @EnumSource(value = KeyScheme.class, names = {"ED25519", "SECP256K1"})
  void refreshKeepsTheKeyAndCommittee(KeyScheme scheme) throws Exception {
    try (TestCluster cluster = new TestCluster(3, 2)) {
      KeyGenResult original = keygen(cluster, "refresh", scheme);
      ReshareRequest request = ReshareRequest.refresh(UUID.randomUUID().toString(), original);
      KeyGenResult refreshed = await(cluster.node(2).reshare(request,
          cluster.initiator().sign(request.signingBytes())));
      assertThat(refreshed.publicKey()).isEqualTo(original.publicKey());
      assertThat(refreshed.participants()).isEqualTo(original.participants());
      assertThat(refreshed.threshold()).isEqualTo(2);
      assertThat(refreshed.version()).isEqualTo(2);
      everySubsetSigns(cluster, "refresh", scheme, refreshed);
      for (int i = 0; i < 3; i++) {
        assertThat(cluster.store(i).versions(scheme.keyId("refresh"))).containsExactly(1, 2);
      }
    }
  }

  @Test
  void fewerReadyHoldersThanTheThresholdCannotReshare() throws Exception {
    try (TestCluster cluster = new TestCluster(3, 3)) {
      KeyGenResult key = keygen(cluster, "few", KeyScheme.ED25519);
      List<PartyId> two = List.of(party(0), party(1));
      ReshareRequest request = new ReshareRequest(UUID.randomUUID().toString(), "few",
          KeyScheme.ED25519, two, 2);
      byte[] signature = cluster.initiator().sign(request.signingBytes());
      assertThatThrownBy(() -> await(cluster.node(0).reshare(request, signature, two)))
          .hasRootCauseInstanceOf(IllegalArgumentException.class)
          .hasRootCauseMessage("2 old key holders are fewer than the key's threshold 3: "
              + "resharing needs at least 3 of them");
      cluster.node(2).close();
      ReshareRequest again = new ReshareRequest(UUID.randomUUID().toString(), "few",
          KeyScheme.ED25519, two, 2);
      assertThatThrownBy(() -> await(cluster.node(0).reshare(again,
          cluster.initiator().sign(again.signingBytes()))))
          .hasRootCauseInstanceOf(IllegalStateException.class)
          .hasRootCauseMessage("only 2 of the key's holders are ready; resharing needs 3 of "
              + "them to deal");
      // nothing changed: the key is still 3-of-3 version 1 everywhere
      assertThat(cluster.node(1).key("few", KeyScheme.ED25519)).contains(key);
      assertThat(cluster.store(1).versions(KeyScheme.ED25519.keyId("few")))
          .containsExactly(1);
    }
  }

  @Test
  void theNewVersionStaysInactiveUnlessEveryNewPartyStoredIt() throws Exception {
    try (TestCluster cluster = new TestCluster(3, 2)) {
      KeyGenResult key = keygen(cluster, "atomic", KeyScheme.ED25519);
      cluster.addNode(new RefusingStore(), 2);
      List<PartyId> four = List.of(party(0), party(1), party(2), party(3));
      List<CompletableFuture<Void>> storedByOthers = new java.util.ArrayList<>();
      for (int i = 1; i <= 2; i++) {
        PartyId from = party(i);
        storedByOthers.add(cluster.transport().processed((receiver, envelope) ->
            receiver.equals(party(0)) && envelope.protocol().equals(NodeRuntime.STORED)
                && envelope.from().equals(from)));
      }
      assertThatThrownBy(() -> await(reshare(cluster, 0, "atomic", KeyScheme.ED25519, four, 3)))
          .isInstanceOf(ExecutionException.class)
          .hasMessageContaining("node3")
          .hasMessageContaining("could not store its key share");
      // node1 and node2 stored version 2 (and confirmed it), but it never became active: every
      // old holder still signs with version 1 and its committee
      for (CompletableFuture<Void> stored : storedByOthers) {
        await(stored);
      }
      for (int i = 1; i <= 2; i++) {
        assertThat(cluster.store(i).versions(KeyScheme.ED25519.keyId("atomic")))
            .containsExactly(1, 2);
      }
      for (int i = 0; i < 3; i++) {
        assertThat(cluster.node(i).key("atomic", KeyScheme.ED25519)).contains(key);
      }
      SignatureResult result = sign(cluster, 0, "atomic", KeyScheme.ED25519,
          Optional.of(List.of(party(0), party(2))));
      assertVerifies(result, key.publicKey());
      assertThat(cluster.registry().keyInfo(KeyScheme.ED25519.keyId("atomic")).orElseThrow()
          .version()).isEqualTo(1);
      // a retry without the broken node replaces the never-activated version 2 and succeeds
      List<PartyId> three = List.of(party(0), party(1), party(2));
      KeyGenResult retried = await(reshare(cluster, 0, "atomic", KeyScheme.ED25519, three, 3));
      assertThat(retried.version()).isEqualTo(2);
      assertThat(retried.publicKey()).isEqualTo(key.publicKey());
      assertVerifies(sign(cluster, 1, "atomic", KeyScheme.ED25519, Optional.of(three)),
          key.publicKey());
    }
  }

  @Test
  void aReshareRequestNotSignedByAnInitiatorIsRefused() throws Exception {
    try (TestCluster cluster = new TestCluster(3, 2)) {
      keygen(cluster, "unsigned", KeyScheme.ED25519);
      ReshareRequest request = new ReshareRequest(UUID.randomUUID().toString(), "unsigned",
          KeyScheme.ED25519, List.of(party(0), party(1)), 2);
      assertThatThrownBy(() -> await(cluster.node(0).reshare(request, new byte[64])))
          .hasRootCauseInstanceOf(io.mpcium.UnauthorizedRequestException.class);
      assertThat(cluster.store(0).versions(KeyScheme.ED25519.keyId("unsigned")))
          .containsExactly(1);
    }
  }

  /** A key store that refuses to store version 2 of any key (a full disk, say). */
  private static final class RefusingStore implements KeyStore {
    private final InMemoryKeyStore inner = new InMemoryKeyStore();

    @Override
    public void put(String keyId, int version, byte[] record) throws KeyStoreException {
      if (keyId.startsWith(KeyScheme.ED25519.label() + ":") && version == 2) {
        throw new KeyStoreException("disk full");
      }
      inner.put(keyId, version, record);
    }

    @Override
    public Optional<byte[]> get(String keyId, int version) throws KeyStoreException {
      return inner.get(keyId, version);
    }

    @Override
    public List<Integer> versions(String keyId) throws KeyStoreException {
      return inner.versions(keyId);
    }

    @Override
    public List<String> keyIds() throws KeyStoreException {
      return inner.keyIds();
    }

    @Override
    public boolean delete(String keyId, int version) throws KeyStoreException {
      return inner.delete(keyId, version);
    }

    @Override
    public void close() {
      inner.close();
    }
  }
}
