package io.mpcium;

import static io.mpcium.testing.TestCluster.party;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpcium.inmemory.InMemoryKeyStore;
import io.mpcium.inmemory.InMemoryPeerRegistry;
import io.mpcium.inmemory.InMemoryTransport;
import io.mpcium.spi.KeyInfo;
import io.mpcium.spi.KeyStore;
import io.mpcium.testing.TestCluster;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.Test;

class ThresholdNodeTest {

  static boolean bcVerify(byte[] publicKey, byte[] message, byte[] signature) {
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
    verifier.update(message, 0, message.length);
    return verifier.verifySignature(signature);
  }

  static <T> T await(CompletableFuture<T> future) throws Exception {
    return future.get(30, TimeUnit.SECONDS);
  }

  static Throwable failure(CompletableFuture<?> future) {
    ExecutionException e = org.assertj.core.api.Assertions.catchThrowableOfType(
        ExecutionException.class, () -> future.get(30, TimeUnit.SECONDS));
    assertThat(e).as("the future should have failed").isNotNull();
    Throwable cause = e.getCause();
    while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  @Test
  void threeNodesGenerateAKeyAndEveryTwoOfThemSign() throws Exception {
    try (TestCluster cluster = new TestCluster(3, 2)) {
      KeyGenResult key = await(cluster.generate(0, "wallet-1"));
      assertThat(key.participants()).containsExactly(party(0), party(1), party(2));
      assertThat(key.threshold()).isEqualTo(2);
      assertThat(key.publicKey()).hasSize(32);
      for (int i = 0; i < 3; i++) {
        assertThat(cluster.node(i).key("wallet-1", KeyScheme.ED25519).orElseThrow().publicKey())
            .isEqualTo(key.publicKey());
      }
      assertThat(cluster.registry().keyInfo("ed25519:wallet-1")).contains(new KeyInfo(
          "wallet-1", KeyScheme.ED25519, 1, 2, List.of(party(0), party(1), party(2))));

      int[][] subsets = {{0, 1}, {0, 2}, {1, 2}, {1, 0}, {2, 0}, {2, 1}};
      for (int[] subset : subsets) {
        byte[] message = ("transfer " + subset[0] + subset[1]).getBytes(StandardCharsets.UTF_8);
        SignatureResult result = await(cluster.sign(subset[0], "wallet-1", message,
            List.of(party(subset[0]), party(subset[1]))));
        assertThat(result.signers()).containsExactlyInAnyOrder(party(subset[0]), party(subset[1]));
        assertThat(bcVerify(key.publicKey(), message, result.signature())).isTrue();
        // The coordinator's session is cleaned up before its result is handed out.
        assertThat(cluster.node(subset[0]).activeSessions()).isZero();
      }
    }
  }

  @Test
  void threeOfFiveWithRandomlyChosenSigners() throws Exception {
    try (TestCluster cluster = new TestCluster(5, 3)) {
      KeyGenResult key = await(cluster.generate(3, "w35"));
      assertThat(key.participants()).hasSize(5);
      for (int i = 0; i < 5; i++) {
        byte[] message = new byte[] {(byte) i, 1, 2, 3};
        SignRequest request = cluster.signRequest("w35", message);
        SignatureResult result = await(cluster.node(i).sign(request,
            cluster.initiator().sign(request.signingBytes())));
        assertThat(result.signers()).hasSize(3).contains(party(i));
        assertThat(bcVerify(key.publicKey(), message, result.signature())).isTrue();
      }
    }
  }

  @Test
  void aRequestWithAWrongInitiatorSignatureIsRefused() throws Exception {
    try (TestCluster cluster = new TestCluster(3, 2)) {
      Initiator stranger = Initiator.generateEd25519(new SecureRandom());
      KeyGenRequest request = cluster.keygenRequest("w");
      Throwable error = failure(cluster.node(0).generateKey(request,
          stranger.sign(request.signingBytes())));
      assertThat(error).isInstanceOf(UnauthorizedRequestException.class)
          .hasMessageContaining(request.requestId());
      assertThat(cluster.node(0).key("w", KeyScheme.ED25519)).isEmpty();
    }
  }

  @Test
  void aReplayedRequestIdIsRefused() throws Exception {
    try (TestCluster cluster = new TestCluster(3, 2)) {
      await(cluster.generate(0, "w"));
      SignRequest request = cluster.signRequest("w", new byte[] {1});
      byte[] signature = cluster.initiator().sign(request.signingBytes());
      await(cluster.node(0).sign(request, signature, List.of(party(0), party(1))));

      assertThat(failure(cluster.node(0).sign(request, signature)))
          .isInstanceOf(UnauthorizedRequestException.class)
          .hasMessageContaining(request.requestId());
      // node2 has never seen the id, but node1 has: node1 refuses to join, naming the replay.
      Throwable viaOther = failure(cluster.node(2).sign(request, signature,
          List.of(party(1), party(2))));
      assertThat(viaOther).isInstanceOf(io.mpcium.protocol.ProtocolAbort.class);
      assertThat(((io.mpcium.protocol.ProtocolAbort) viaOther).culprits())
          .containsExactly(party(1));
      assertThat(viaOther).hasMessageContaining("refused").hasMessageContaining("already");
      for (ThresholdNode node : cluster.nodes()) {
        assertThat(node.activeSessions()).isZero();
      }
    }
  }

  @Test
  void aSecondKeyForTheSameWalletIsRefusedAndLosesNothing() throws Exception {
    try (TestCluster cluster = new TestCluster(3, 2)) {
      KeyGenResult first = await(cluster.generate(0, "w"));
      assertThat(failure(cluster.generate(1, "w")))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already has");
      assertThat(cluster.node(2).key("w", KeyScheme.ED25519).orElseThrow().publicKey())
          .isEqualTo(first.publicKey());
    }
  }

  @Test
  void signingAnUnknownWalletFailsClearly() throws Exception {
    try (TestCluster cluster = new TestCluster(3, 2)) {
      Throwable error = failure(cluster.sign(0, "nope", new byte[] {1},
          List.of(party(0), party(1))));
      assertThat(error).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no ed25519 key for wallet nope");
    }
  }

  @Test
  void aWrongVaultPassphraseFailsAtStartAndChangesNothing() throws Exception {
    try (TestCluster cluster = new TestCluster(3, 2)) {
      await(cluster.generate(0, "w"));
      KeyStore store = cluster.store(1);
      List<String> before = store.keyIds();
      byte[] record = store.get("ed25519:w", 1).orElseThrow();

      // The same identity restarted on the same store with the wrong passphrase.
      cluster.node(1).close();
      ThresholdNode impostor = cluster.newNode(cluster.identity(1), store, 2, Optional.empty(),
          "not the passphrase".toCharArray());
      assertThatThrownBy(impostor::start).isInstanceOf(WrongPassphraseException.class);
      assertThat(store.keyIds()).isEqualTo(before);
      assertThat(store.get("ed25519:w", 1).orElseThrow()).isEqualTo(record);

      ThresholdNode restarted = cluster.newNode(cluster.identity(1), store, 2, Optional.empty(),
          TestCluster.PASSPHRASE);
      restarted.start();
      try {
        assertThat(restarted.key("w", KeyScheme.ED25519)).isPresent();
        byte[] message = {9, 9};
        SignatureResult result = await(cluster.sign(0, "w", message,
            List.of(party(0), party(1))));
        assertThat(bcVerify(result.publicKey(), message, result.signature())).isTrue();
      } finally {
        restarted.close();
      }
    }
  }

  @Test
  void theBuilderNamesWhatIsMissingAndRejectsBadValues() {
    assertThatThrownBy(() -> ThresholdNode.builder().build())
        .isInstanceOf(IllegalStateException.class).hasMessage("identity is required");
    NodeIdentity identity = NodeIdentity.generate(PartyId.of("n"), new SecureRandom());
    assertThatThrownBy(() -> ThresholdNode.builder().identity(identity)
        .transport(new InMemoryTransport()).peerRegistry(new InMemoryPeerRegistry())
        .keyStore(new InMemoryKeyStore()).vaultPassphrase("x".toCharArray())
        .requestPolicy(RequestPolicy.builder()
            .initiator(Initiator.generateEd25519(new SecureRandom()).publicKey()).build())
        .build())
        .isInstanceOf(IllegalStateException.class).hasMessage("threshold is required");
    assertThatThrownBy(() -> ThresholdNode.builder().threshold(1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ThresholdNode.builder().vaultPassphrase(new char[0]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ThresholdNode.builder().roundTimeout(java.time.Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void requestsAreValidatedBeforeAnythingHappens() {
    assertThatThrownBy(() -> new KeyGenRequest("id with spaces", "w", KeyScheme.ED25519))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("request id");
    assertThatThrownBy(() -> new SignRequest("r", "w/../x", KeyScheme.ED25519, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wallet id");
    assertThatThrownBy(() -> KeyScheme.fromLabel("rsa"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown key scheme");
  }
}
