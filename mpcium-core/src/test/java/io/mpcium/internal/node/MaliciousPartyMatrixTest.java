package io.mpcium.internal.node;

import static io.mpcium.testing.TestCluster.party;
import static org.assertj.core.api.Assertions.assertThat;

import io.mpcium.KeyGenRequest;
import io.mpcium.KeyGenResult;
import io.mpcium.KeyScheme;
import io.mpcium.PartyId;
import io.mpcium.ReshareRequest;
import io.mpcium.SignRequest;
import io.mpcium.SignatureResult;
import io.mpcium.crypto.ed25519.Ed25519Group;
import io.mpcium.crypto.secp256k1.Bip340Reference;
import io.mpcium.crypto.secp256k1.Secp256k1Group;
import io.mpcium.inmemory.InMemoryKeyStore;
import io.mpcium.internal.codec.ByteReader;
import io.mpcium.internal.security.ShareVault;
import io.mpcium.protocol.ProtocolAbort;
import io.mpcium.protocol.SessionTimeoutException;
import io.mpcium.protocol.dkg.KeyShare;
import io.mpcium.protocol.dkls23.Dkls23KeyShare;
import io.mpcium.protocol.frost.Ed25519Sha512;
import io.mpcium.protocol.frost.Secp256k1Taproot;
import io.mpcium.testing.MaliciousParty;
import io.mpcium.testing.ManualTime;
import io.mpcium.testing.Misbehaviour;
import io.mpcium.testing.Misbehaviour.Expect;
import io.mpcium.testing.Misbehaviour.Position;
import io.mpcium.testing.TestCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every protocol against every rule of the malicious-party harness: node1 is compromised, node0
 * (honest) coordinates and reports what the client would see. Each run must end, with a correct
 * result (a key every node agrees on, a signature BouncyCastle verifies) or with an abort naming
 * node1 (directly, or relayed by an honest node's abort notice that blames it), never with a
 * wrong signature, an honest culprit or a session left open, and no error may contain a share.
 *
 * <p>node0 has the shortest round timeout, so it is the party that notices a silent node1.
 * Adding a protocol is one more {@link Scenario} in {@link #scenarios()}. After a resharing or
 * refresh, completed or not, the key must be unchanged, consistently active and still sign.
 */
class MaliciousPartyMatrixTest {
  private static final PartyId MALICIOUS = party(1);
  private static final PartyId COORDINATOR = party(0);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final X9ECParameters SECP256K1 = CustomNamedCurves.getByName("secp256k1");
  private static final AtomicInteger WALLETS = new AtomicInteger();
  /** DKLs23 signing's one check that names every other signer (see the resharing rows). */
  private static final String UNATTRIBUTABLE =
      "the signers' public key shares do not sum to the public key";

  /** One attacked operation, prepared without malice: run it, check its result, its secrets. */
  interface Attack {
    /** Starts the operation at the coordinator (a fresh key generation or signature each call). */
    CompletableFuture<?> start() throws Exception;

    /** Fails unless {@code result} is correct. */
    void verify(Object result) throws Exception;

    /** Secret bytes (shares) that no error may reveal. */
    List<byte[]> secrets() throws Exception;

    /**
     * Fails unless the cluster is consistent once the operation ended, whether it completed or
     * aborted (for resharing: the key unchanged and still signing).
     */
    default void settled() throws Exception {
    }
  }

  /**
   * A protocol under attack: the envelope protocol name, its rounds, the rules it is attacked
   * with and where its messages are mutated, and how to attack it.
   */
  record Scenario(String label, String protocol, int rounds, Set<Misbehaviour.Kind> kinds,
      List<Position> mutations, Preparation preparation) {
    @Override
    public String toString() {
      return label;
    }
  }

  @FunctionalInterface
  interface Preparation {
    Attack prepare(TestCluster cluster, ManualTime time, MaliciousParty adversary)
        throws Exception;
  }

  /**
   * The protocols. The FROST ones (fast) meet every rule, with bits flipped at three places of
   * every round. The DKLs23 ones (a key generation takes about a second) meet, by default, the
   * rules that reach the protocol's own checks, with one place per round; the rules that only
   * exercise the session driver, which is the same for every protocol, are left to the FROST
   * rows. {@code -Dmpcium.matrix.full=true} runs every rule everywhere.
   *
   * <p>Resharing moves a 2-of-3 key to a 3-of-4 committee (a fourth node joins), node1 dealing
   * or, in the other row, only receiving (an old holder that does not deal is a new party to the
   * protocol); refresh keeps the committee, node1 dealing. By default DKLs23 resharing meets the
   * protocol checks with one place per round; its refresh and non-dealer rows, the same
   * protocol over other committees, run with the full matrix only.
   */
  static List<Scenario> scenarios() {
    String context = Ed25519Sha512.INSTANCE.contextString();
    boolean full = Boolean.getBoolean("mpcium.matrix.full");
    Set<Misbehaviour.Kind> every = EnumSet.allOf(Misbehaviour.Kind.class);
    Set<Misbehaviour.Kind> protocolChecks = full ? every : EnumSet.of(Misbehaviour.Kind.DROP,
        Misbehaviour.Kind.REPLAY_OTHER_SESSION, Misbehaviour.Kind.REPLAY_OTHER_ROUND,
        Misbehaviour.Kind.EQUIVOCATE, Misbehaviour.Kind.MUTATE);
    List<Position> everywhere = List.of(Position.values());
    List<Position> middle = full ? everywhere : List.of(Position.MIDDLE);
    String taproot = Secp256k1Taproot.INSTANCE.contextString();
    List<Scenario> scenarios = new ArrayList<>(List.of(
        new Scenario("FROST Ed25519 key generation", "dkg/" + context, 3, every, everywhere,
            (cluster, time, adversary) -> keygen(cluster, KeyScheme.ED25519)),
        new Scenario("FROST Ed25519 signing", "frost-sign/" + context, 2, every, everywhere,
            (cluster, time, adversary) -> signing(cluster, KeyScheme.ED25519)),
        new Scenario("FROST schnorr signing", "frost-sign/" + taproot, 2, every, everywhere,
            (cluster, time, adversary) -> signing(cluster, KeyScheme.SCHNORR)),
        new Scenario("FROST Ed25519 resharing 2-of-3 to 3-of-4", "reshare/" + context, 3, every,
            everywhere, (cluster, time, adversary) -> resharing(cluster, time, adversary,
                KeyScheme.ED25519, Change.GROW, true)),
        new Scenario("FROST Ed25519 resharing, node1 not dealing", "reshare/" + context, 3,
            protocolChecks, middle, (cluster, time, adversary) -> resharing(cluster, time,
                adversary, KeyScheme.ED25519, Change.GROW, false)),
        new Scenario("FROST Ed25519 refresh", "reshare/" + context, 3, every, middle,
            (cluster, time, adversary) -> resharing(cluster, time, adversary,
                KeyScheme.ED25519, Change.REFRESH, true)),
        new Scenario("DKLs23 key generation", "dkls23-secp256k1/keygen", 3, protocolChecks,
            middle, (cluster, time, adversary) -> keygen(cluster, KeyScheme.SECP256K1)),
        new Scenario("DKLs23 signing", "dkls23-secp256k1/sign", 3, protocolChecks, middle,
            (cluster, time, adversary) -> signing(cluster, KeyScheme.SECP256K1)),
        new Scenario("DKLs23 resharing 2-of-3 to 3-of-4", "dkls23-secp256k1/reshare", 3,
            protocolChecks, middle, (cluster, time, adversary) -> resharing(cluster, time,
                adversary, KeyScheme.SECP256K1, Change.GROW, true))));
    if (full) {
      // The same protocol and code paths as the DKLs23 resharing row, with other committees.
      scenarios.add(new Scenario("DKLs23 refresh", "dkls23-secp256k1/reshare", 3, every,
          everywhere, (cluster, time, adversary) -> resharing(cluster, time, adversary,
              KeyScheme.SECP256K1, Change.REFRESH, true)));
      scenarios.add(new Scenario("DKLs23 resharing, node1 not dealing",
          "dkls23-secp256k1/reshare", 3, every, everywhere, (cluster, time, adversary) ->
              resharing(cluster, time, adversary, KeyScheme.SECP256K1, Change.GROW, false)));
    }
    return scenarios;
  }

  static List<Misbehaviour> rules(Scenario scenario) {
    List<Misbehaviour> rules = new ArrayList<>();
    for (Misbehaviour.Kind kind : scenario.kinds()) {
      if (kind != Misbehaviour.Kind.MUTATE) {
        rules.add(Misbehaviour.of(kind));
      }
    }
    if (scenario.kinds().contains(Misbehaviour.Kind.MUTATE)) {
      for (int round = 1; round <= scenario.rounds(); round++) {
        for (Position at : scenario.mutations()) {
          rules.add(Misbehaviour.mutate(round, at));
        }
      }
    }
    return rules;
  }

  static Stream<Arguments> matrix() {
    return scenarios().stream()
        .flatMap(scenario -> rules(scenario).stream().map(rule -> Arguments.of(scenario, rule)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("matrix")
  void endsWithACorrectResultOrNamesTheMaliciousParty(Scenario scenario, Misbehaviour rule)
      throws Exception {
    ManualTime time = new ManualTime();
    MaliciousParty adversary = new MaliciousParty(MALICIOUS, COORDINATOR);
    try (TestCluster cluster = new TestCluster(3, 2, time, adversary,
        i -> i == 0 ? TIMEOUT : TIMEOUT.multipliedBy(6))) {
      adversary.bind(cluster);
      Attack attack = scenario.preparation().prepare(cluster, time, adversary);
      adversary.attack(scenario.protocol(), null);
      if (rule.kind() == Misbehaviour.Kind.REPLAY_OTHER_SESSION) {
        // An honest run first, so there is another session to replay from.
        CompletableFuture<?> honest = attack.start();
        adversary.drive(honest, time, TIMEOUT.plusSeconds(1), 10);
        attack.verify(honest.get(30, TimeUnit.SECONDS));
      }

      adversary.attack(scenario.protocol(), rule);
      CompletableFuture<?> outcome = attack.start();
      adversary.drive(outcome, time, TIMEOUT.plusSeconds(1), 10);

      Expect expect = adversary.altered() == 0 ? Expect.COMPLETES : rule.expect();
      judge(outcome, attack, expect);
      attack.settled();
      for (int i = 0; i < cluster.nodes().size(); i++) {
        assertThat(cluster.node(i).activeSessions()).as("open sessions at node%d", i).isZero();
      }
    }
  }

  private static void judge(CompletableFuture<?> outcome, Attack attack, Expect expect)
      throws Exception {
    Object result;
    try {
      result = outcome.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      while (cause instanceof CompletionException && cause.getCause() != null) {
        cause = cause.getCause();
      }
      assertThat(cause).as("the failure").isInstanceOf(ProtocolAbort.class);
      ProtocolAbort abort = (ProtocolAbort) cause;
      assertThat(expect).as("%s", abort.getMessage()).isNotEqualTo(Expect.COMPLETES);
      if (expect == Expect.TIMES_OUT_NAMING_IT) {
        assertThat(abort).isInstanceOf(SessionTimeoutException.class);
      }
      assertNamesTheMaliciousParty(abort);
      assertRevealsNoSecret(e, attack.secrets());
      return;
    }
    assertThat(expect).as("completed").isIn(Expect.COMPLETES, Expect.COMPLETES_OR_ENDS_NAMING_IT);
    attack.verify(result);
  }

  /**
   * The culprit is node1: named by node0's own check, or by another honest node whose abort
   * notice blames it (a notice proves only who sent it, so node0 names that sender).
   */
  private static void assertNamesTheMaliciousParty(ProtocolAbort abort) {
    if (abort.culprits().equals(List.of(MALICIOUS))) {
      return;
    }
    assertThat(abort.culprits()).as(abort.getMessage()).hasSize(1);
    assertThat(abort.culprits()).doesNotContain(COORDINATOR);
    assertThat(abort.check()).as("relayed blame").contains("blaming [" + MALICIOUS + "]");
  }

  private static void assertRevealsNoSecret(Throwable error, List<byte[]> secrets) {
    StringWriter trace = new StringWriter();
    error.printStackTrace(new PrintWriter(trace));
    String text = trace + " " + error;
    for (byte[] secret : secrets) {
      for (String form : List.of(HexFormat.of().formatHex(secret),
          HexFormat.of().withUpperCase().formatHex(secret),
          Base64.getEncoder().encodeToString(secret), new BigInteger(1, secret).toString())) {
        assertThat(text).doesNotContain(form);
      }
    }
  }

  // ------------------------------------------------------------------ the operations

  private static String wallet() {
    return "w" + WALLETS.incrementAndGet();
  }

  private static CompletableFuture<KeyGenResult> generate(TestCluster cluster, KeyScheme scheme,
      String wallet) {
    KeyGenRequest request = new KeyGenRequest(UUID.randomUUID().toString(), wallet, scheme);
    return cluster.node(0).generateKey(request, cluster.initiator().sign(request.signingBytes()))
        .thenApply(results -> results.get(0));
  }

  private static Attack keygen(TestCluster cluster, KeyScheme scheme) {
    return new Attack() {
      @Override
      public CompletableFuture<?> start() {
        return generate(cluster, scheme, wallet());
      }

      @Override
      public void verify(Object result) throws Exception {
        KeyGenResult key = (KeyGenResult) result;
        for (int i = 0; i < 3; i++) {
          assertThat(cluster.node(i).key(key.walletId(), scheme).orElseThrow().publicKey())
              .as("node%d's key", i).isEqualTo(key.publicKey());
        }
      }

      @Override
      public List<byte[]> secrets() {
        return List.of();
      }
    };
  }

  /** A key generated honestly, then signing with it. */
  private static Attack signing(TestCluster cluster, KeyScheme scheme) throws Exception {
    String wallet = wallet();
    byte[] publicKey = generate(cluster, scheme, wallet).get(60, TimeUnit.SECONDS).publicKey();
    return new Attack() {
      @Override
      public CompletableFuture<?> start() throws Exception {
        byte[] message = MessageDigest.getInstance("SHA-256").digest(
            UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        SignRequest request = new SignRequest(UUID.randomUUID().toString(), wallet, scheme,
            message);
        return cluster.node(0).sign(request, cluster.initiator().sign(request.signingBytes()),
            List.of(COORDINATOR, MALICIOUS));
      }

      @Override
      public void verify(Object result) {
        SignatureResult signature = (SignatureResult) result;
        assertThat(signature.publicKey()).isEqualTo(publicKey);
        assertThat(verifies(scheme, publicKey, signature.message(), signature.signature()))
            .as("the signature verifies under the wallet's public key").isTrue();
      }

      @Override
      public List<byte[]> secrets() throws Exception {
        return List.of(secretShare(cluster, 0, scheme, wallet, 1),
            secretShare(cluster, 1, scheme, wallet, 1));
      }
    };
  }

  /** How a resharing scenario changes the committee. */
  enum Change {
    /** From the key's committee to node0..node3 with threshold 3 (node3 joins). */
    GROW,
    /** The same committee and threshold. */
    REFRESH
  }

  private static int index(PartyId party) {
    return Integer.parseInt(party.value().substring("node".length()));
  }

  /**
   * A key generated honestly (2-of-3), then resharing it, coordinated by node0. The dealers are
   * the key's first holders up to its threshold, with node1 ({@code maliciousDeals}) or without
   * it. Each start reshares the wallet's active version.
   */
  private static Attack resharing(TestCluster cluster, ManualTime time, MaliciousParty adversary,
      KeyScheme scheme, Change change, boolean maliciousDeals) throws Exception {
    String wallet = wallet();
    KeyGenResult original = generate(cluster, scheme, wallet).get(60, TimeUnit.SECONDS);
    if (change == Change.GROW) {
      cluster.addNode(new InMemoryKeyStore(), 2, Optional.of(time), TIMEOUT.multipliedBy(6));
    }
    AtomicInteger expectedVersion = new AtomicInteger();
    return new Attack() {
      @Override
      public CompletableFuture<?> start() throws Exception {
        KeyGenResult current = cluster.node(0).key(wallet, scheme).orElseThrow();
        expectedVersion.set(current.version() + 1);
        List<PartyId> dealers = current.participants().stream()
            .filter(p -> maliciousDeals || !p.equals(MALICIOUS))
            .limit(current.threshold()).toList();
        assertThat(dealers.contains(MALICIOUS)).isEqualTo(maliciousDeals);
        ReshareRequest request = change == Change.REFRESH
            ? ReshareRequest.refresh(UUID.randomUUID().toString(), current)
            : new ReshareRequest(UUID.randomUUID().toString(), wallet, scheme,
                List.of(party(0), party(1), party(2), party(3)), 3);
        return cluster.node(0).reshare(request,
            cluster.initiator().sign(request.signingBytes()), dealers);
      }

      @Override
      public void verify(Object result) throws Exception {
        KeyGenResult key = (KeyGenResult) result;
        assertThat(key.publicKey()).as("the public key").isEqualTo(original.publicKey());
        assertThat(key.version()).isEqualTo(expectedVersion.get());
        assertThat(key.participants()).contains(MALICIOUS);
        for (PartyId party : key.participants()) {
          assertThat(cluster.node(index(party)).key(wallet, scheme))
              .as("%s's active key", party).contains(key);
        }
      }

      @Override
      public List<byte[]> secrets() throws Exception {
        List<byte[]> secrets = new ArrayList<>();
        for (int i = 0; i < cluster.nodes().size(); i++) {
          for (int version : cluster.store(i).versions(scheme.keyId(wallet))) {
            secrets.add(secretShare(cluster, i, scheme, wallet, version));
          }
        }
        return secrets;
      }

      /**
       * Whatever happened, every holder's active key has the wallet's public key and the holders
       * of node0's active version all have it active. Its honest holders sign; with node1 among
       * the signers, the signature verifies or the signing aborts naming node1. DKLs23 cannot
       * check a corrupted pairwise setup (OTs, zero-sharing seeds) before it is used: the first
       * signing with it fails. A corrupted OT names node1; corrupted zero-sharing seeds make
       * the public key shares not sum to the public key, which with three or more signers
       * cannot be attributed: that check names every other signer, node1 among them.
       */
      @Override
      public void settled() throws Exception {
        for (int i = 0; i < cluster.nodes().size(); i++) {
          cluster.node(i).key(wallet, scheme).ifPresent(key ->
              assertThat(key.publicKey()).isEqualTo(original.publicKey()));
        }
        KeyGenResult active = cluster.node(0).key(wallet, scheme).orElseThrow();
        for (PartyId party : active.participants()) {
          assertThat(cluster.node(index(party)).key(wallet, scheme))
              .as("%s's active key", party).contains(active);
        }
        List<PartyId> honest = active.participants().stream()
            .filter(p -> !p.equals(MALICIOUS)).limit(active.threshold()).toList();
        assertThat(signDriven(honest).get(30, TimeUnit.SECONDS).signers()).isEqualTo(honest);
        List<PartyId> withMalicious = new ArrayList<>(List.of(COORDINATOR, MALICIOUS));
        active.participants().stream().filter(p -> !withMalicious.contains(p))
            .limit(active.threshold() - 2L).forEach(withMalicious::add);
        CompletableFuture<SignatureResult> signing = signDriven(withMalicious.stream().sorted()
            .toList());
        try {
          signing.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (e.getCause() instanceof ProtocolAbort abort && abort.culprits().size() > 1
              && abort.check().equals(UNATTRIBUTABLE)) {
            assertThat(abort.culprits()).contains(MALICIOUS).doesNotContain(COORDINATOR);
            assertRevealsNoSecret(e, secrets());
          } else {
            judge(signing, this, Expect.ENDS_NAMING_IT);
          }
        }
      }

      /** Signs with {@code signers}, coordinated by node0; the signature must verify. */
      private CompletableFuture<SignatureResult> signDriven(List<PartyId> signers)
          throws Exception {
        byte[] message = MessageDigest.getInstance("SHA-256").digest(
            UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        SignRequest request = new SignRequest(UUID.randomUUID().toString(), wallet, scheme,
            message);
        CompletableFuture<SignatureResult> signing = cluster.node(0).sign(request,
            cluster.initiator().sign(request.signingBytes()), signers);
        adversary.drive(signing, time, TIMEOUT.plusSeconds(1), 10);
        return signing.thenApply(signature -> {
          assertThat(verifies(scheme, original.publicKey(), message, signature.signature()))
              .as("a signature by %s verifies under the wallet's public key", signers)
              .isTrue();
          return signature;
        });
      }
    };
  }

  private static boolean verifies(KeyScheme scheme, byte[] publicKey, byte[] message,
      byte[] signature) {
    if (scheme == KeyScheme.SCHNORR) {
      return Bip340Reference.verify(publicKey, message, signature);
    }
    if (scheme == KeyScheme.ED25519) {
      Ed25519Signer verifier = new Ed25519Signer();
      verifier.init(false, new Ed25519PublicKeyParameters(publicKey));
      verifier.update(message, 0, message.length);
      return verifier.verifySignature(signature);
    }
    ECDSASigner verifier = new ECDSASigner();
    verifier.init(false, new ECPublicKeyParameters(SECP256K1.getCurve().decodePoint(publicKey),
        new ECDomainParameters(SECP256K1.getCurve(), SECP256K1.getG(), SECP256K1.getN())));
    return verifier.verifySignature(message,
        new BigInteger(1, Arrays.copyOfRange(signature, 0, 32)),
        new BigInteger(1, Arrays.copyOfRange(signature, 32, 64)));
  }

  /** Node {@code i}'s secret share of the wallet's key, read from its sealed record. */
  private static byte[] secretShare(TestCluster cluster, int i, KeyScheme scheme, String wallet,
      int version) throws Exception {
    String keyId = scheme.keyId(wallet);
    byte[] sealed = cluster.store(i).get(keyId, version).orElseThrow();
    ShareVault vault = ShareVault.open("correct horse battery staple".toCharArray(),
        ShareVault.paramsOf(sealed), new SecureRandom());
    try {
      byte[] plain = vault.open(keyId, version, sealed);
      if (scheme == KeyScheme.ED25519) {
        return Ed25519Group.INSTANCE.encodeScalar(
            KeyShare.decode(Ed25519Group.INSTANCE, plain).secretShare());
      }
      if (scheme == KeyScheme.SCHNORR) {
        return Secp256k1Group.INSTANCE.encodeScalar(
            KeyShare.decode(Secp256k1Group.INSTANCE, plain).secretShare());
      }
      Dkls23KeyShare.decode(plain).destroy(); // a valid record; its embedded Shamir share:
      ByteReader in = new ByteReader(plain);
      in.raw(4); // "MPDK"
      in.u8();
      in.string(64);
      in.bytes(256);
      return Secp256k1Group.INSTANCE.encodeScalar(
          KeyShare.decode(Secp256k1Group.INSTANCE, in.bytes(1 << 20)).secretShare());
    } finally {
      vault.destroy();
    }
  }
}
