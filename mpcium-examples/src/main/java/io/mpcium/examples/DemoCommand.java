package io.mpcium.examples;

import io.mpcium.Initiator;
import io.mpcium.KeyGenRequest;
import io.mpcium.KeyGenResult;
import io.mpcium.KeyScheme;
import io.mpcium.NodeIdentity;
import io.mpcium.PartyId;
import io.mpcium.RequestPolicy;
import io.mpcium.ReshareRequest;
import io.mpcium.SignRequest;
import io.mpcium.SignatureResult;
import io.mpcium.ThresholdNode;
import io.mpcium.hd.ChildKey;
import io.mpcium.hd.DerivationPath;
import io.mpcium.inmemory.InMemoryKeyStore;
import io.mpcium.inmemory.InMemoryPeerRegistry;
import io.mpcium.inmemory.InMemoryTransport;
import io.mpcium.spi.KeyStore;
import io.mpcium.store.MapDbKeyStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code demo}: starts N nodes in this JVM on the in-memory transport and registry, generates a
 * wallet's keys with all of them (by default a secp256k1 key and an Ed25519 key from one request,
 * like an Mpcium wallet), signs K random 32-byte messages with each key and T signers (a
 * different signer subset each time, cycling through all of them), and verifies every signature
 * with a standard verifier ({@link SignatureCheck}). Exit code 0 only if every step succeeded.
 *
 * <p>With {@code --reshare T:N} the wallet's keys are then reshared to a T-of-N committee of the
 * first N nodes (nodes are added to the cluster as needed; nodes beyond N leave the committee),
 * the public keys are checked unchanged, and the signing uses the new committee.
 *
 * <p>Key shares live in memory, or with {@code --data-dir DIR} in one MapDB store per node
 * ({@code DIR/node0}, ...): a later run with the same directory and {@code --wallet} finds the
 * stored key and signs with it instead of generating a new one.
 *
 * <p>With {@code --path 44,60,0,0,7} every signature is made with that non-hardened child of
 * each key, which the demo derives offline (from the public key and the chain code) and checks
 * the signature against.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run a threshold-signing cluster inside this JVM: generate a key, sign, verify.")
final class DemoCommand implements Callable<Integer> {
  private static final HexFormat HEX = HexFormat.of();

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--nodes", defaultValue = "3", description = "Number of nodes (2-32; default 3).")
  int nodes;

  @Option(names = "--threshold", defaultValue = "2",
      description = "Signers needed, at least 2 and at most --nodes (default 2).")
  int threshold;

  @Option(names = "--scheme", defaultValue = "both",
      description = "Key schemes: secp256k1 (DKLs23 ECDSA), ed25519 (FROST), schnorr (FROST "
          + "BIP340), both (secp256k1 and ed25519, like an Mpcium wallet; the default), all, or "
          + "a comma-separated list.")
  String scheme;

  @Option(names = "--signatures", defaultValue = "5",
      description = "Messages to sign with each scheme's key (1-100000; default 5).")
  int signatures;

  @Option(names = "--reshare", paramLabel = "T:N",
      description = "After key generation, reshare the keys to a T-of-N committee (the first N "
          + "nodes; nodes are added as needed), check the public keys are unchanged, then sign "
          + "with the new committee.")
  String reshare;

  @Option(names = "--json",
      description = "Print one JSON object per signature on stdout and nothing else.")
  boolean json;

  @Option(names = "--nats", paramLabel = "URL",
      description = "Run the nodes as separate processes connected only through this NATS "
          + "server (with JetStream), and send every request through the Mpcium gateway.")
  String nats;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Keep each node's key shares in a MapDB store under DIR/nodeN "
          + "(default: in memory, gone at exit).")
  Path dataDir;

  @Option(names = "--wallet", paramLabel = "ID",
      description = "Wallet id (default: a new random one). With --data-dir, a wallet stored "
          + "by an earlier run is reused.")
  String wallet;

  @Option(names = "--passphrase-file", paramLabel = "FILE",
      description = "With --data-dir: file holding the vault passphrase (else $"
          + Passphrases.ENV + ", else the demo's built-in one).")
  Path passphraseFile;

  @Option(names = "--path", paramLabel = "I,J,...",
      description = "Sign with this non-hardened child key of each wallet key, e.g. 44,60,0,0,7 "
          + "(as Mpcium's derivation_path); the signature is checked against the child key "
          + "derived offline from the public key and chain code.")
  String path;

  @Option(names = "--chain-code", paramLabel = "HEX",
      description = "The cluster's chain code for --path (64 hex characters, Mpcium's "
          + "chain_code); default: each key's own, a hash of its public key.")
  String chainCode;

  /** {@code --path}, parsed by {@link #validate()}. */
  DerivationPath derivationPath = DerivationPath.MASTER;
  /** {@code --chain-code}, parsed by {@link #validate()}. */
  Optional<byte[]> clusterChainCode = Optional.empty();

  /** The stores' passphrase when none is given: a demo of persistence, not of secrecy. */
  private static final String DEMO_PASSPHRASE = "mpcium demo passphrase (not a secret)";

  @Override
  public Integer call() throws Exception {
    validate();
    if (nats != null) {
      if (dataDir != null || wallet != null || passphraseFile != null || reshare != null) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--data-dir, --wallet, "
            + "--passphrase-file and --reshare apply to the in-JVM demo, not to --nats");
      }
      return new NatsDemo(this).run();
    }
    List<KeyScheme> keySchemes = DemoOutput.schemes(scheme);
    PrintWriter out = spec.commandLine().getOut();
    Progress progress = new Progress(out, !json);
    SecureRandom rng = new SecureRandom();
    Initiator initiator = Initiator.generateEd25519(rng);
    RequestPolicy policy = RequestPolicy.builder().initiator(initiator.publicKey()).build();
    char[] passphrase = passphrase(rng);

    List<ThresholdNode> cluster = new ArrayList<>();
    List<KeyStore> stores = new ArrayList<>();
    try (InMemoryTransport transport = new InMemoryTransport();
        InMemoryPeerRegistry registry = new InMemoryPeerRegistry()) {
      long started = System.nanoTime();
      NodeFactory factory = new NodeFactory(transport, registry, policy, passphrase, rng, cluster,
          stores);
      for (int i = 0; i < nodes; i++) {
        factory.start();
      }
      progress.line("started %d nodes (%d-of-%d, %s) in %s%s", nodes, threshold, nodes,
          labels(keySchemes), Progress.millis(System.nanoTime() - started),
          dataDir == null ? "" : "; key stores in " + dataDir);

      String walletId = wallet != null ? wallet : "demo-" + UUID.randomUUID();
      Map<KeyScheme, KeyGenResult> keys = new EnumMap<>(KeyScheme.class);
      for (KeyScheme keyScheme : keySchemes) {
        storedKey(cluster, walletId, keyScheme).ifPresent(key -> keys.put(keyScheme, key));
      }
      List<KeyScheme> missing = keySchemes.stream().filter(k -> !keys.containsKey(k)).toList();
      long keygenNanos = 0;
      if (!keys.isEmpty()) {
        progress.line("found wallet %s's %s keys in %s (no new key generation)", walletId,
            labels(List.copyOf(keys.keySet())), dataDir);
      }
      if (!missing.isEmpty()) {
        KeyGenRequest keygen = new KeyGenRequest(UUID.randomUUID().toString(), walletId, missing);
        started = System.nanoTime();
        for (KeyGenResult key : cluster.get(0)
            .generateKey(keygen, initiator.sign(keygen.signingBytes()))
            .get(2, TimeUnit.MINUTES)) {
          keys.put(key.scheme(), key);
        }
        keygenNanos = System.nanoTime() - started;
        progress.line("generated wallet %s's %s keys in %s", walletId, labels(missing),
            Progress.millis(keygenNanos));
      }
      Map<KeyScheme, Optional<ChildKey>> children = new EnumMap<>(KeyScheme.class);
      for (KeyGenResult key : keys.values()) {
        progress.line("  %-9s public key %s%s", key.scheme().label(),
            HEX.formatHex(key.publicKey()), DemoOutput.addressNote(key));
        Optional<ChildKey> child = DemoOutput.offlineChild(key, derivationPath, clusterChainCode);
        children.put(key.scheme(), child);
        child.ifPresent(c -> progress.line("  %-9s child %s %s (derived offline, chain code %s)",
            "", c.path(), HEX.formatHex(c.publicKey()), HEX.formatHex(c.parentChainCode())));
      }

      int committeeSize = nodes;
      int signers = threshold;
      long reshareNanos = 0;
      if (reshare != null) {
        int[] target = reshareTarget();
        while (cluster.size() < target[1]) {
          factory.start();
        }
        List<PartyId> committee = cluster.subList(0, target[1]).stream()
            .map(ThresholdNode::id).toList();
        started = System.nanoTime();
        for (KeyScheme keyScheme : keySchemes) {
          ReshareRequest request = new ReshareRequest(UUID.randomUUID().toString(), walletId,
              keyScheme, committee, target[0]);
          KeyGenResult reshared = cluster.get(0).reshare(request,
              initiator.sign(request.signingBytes())).get(2, TimeUnit.MINUTES);
          if (!Arrays.equals(reshared.publicKey(), keys.get(keyScheme).publicKey())) {
            spec.commandLine().getErr().printf("%s public key changed by resharing%n",
                keyScheme.label());
            return 1;
          }
          keys.put(keyScheme, reshared);
        }
        reshareNanos = System.nanoTime() - started;
        committeeSize = target[1];
        signers = target[0];
        progress.line("reshared wallet %s's %s keys to %d-of-%d %s (version %d) in %s; public "
            + "keys unchanged", walletId, labels(keySchemes), signers, committeeSize, committee,
            keys.get(keySchemes.get(0)).version(), Progress.millis(reshareNanos));
      }
      Arrays.fill(passphrase, '\0');

      List<List<Integer>> subsets = subsets(committeeSize, signers);
      Map<KeyScheme, long[]> stats = new EnumMap<>(KeyScheme.class); // {nanos, failures}
      for (int k = 0; k < signatures; k++) {
        List<Integer> subset = subsets.get(k % subsets.size());
        List<PartyId> signerIds = subset.stream().map(i -> cluster.get(i).id()).toList();
        for (KeyScheme keyScheme : keySchemes) {
          byte[] message = new byte[32];
          rng.nextBytes(message);
          SignRequest request =
              new SignRequest(UUID.randomUUID().toString(), walletId, keyScheme, message)
                  .withDerivationPath(derivationPath);
          started = System.nanoTime();
          SignatureResult result = cluster.get(subset.get(0))
              .sign(request, initiator.sign(request.signingBytes()), signerIds)
              .get(2, TimeUnit.MINUTES);
          long[] stat = stats.computeIfAbsent(keyScheme, x -> new long[2]);
          stat[0] += System.nanoTime() - started;
          Optional<ChildKey> child = children.get(keyScheme);
          boolean valid = SignatureCheck.verifiesUnder(result,
              DemoOutput.expectedKey(keys.get(keyScheme), child));
          if (!valid) {
            stat[1]++;
            spec.commandLine().getErr().printf("%s signature %d does not verify%n",
                keyScheme.label(), k + 1);
          }
          if (json) {
            out.println(DemoOutput.jsonLine(walletId, result, child));
            out.flush();
          } else {
            progress.line("%s signature %d/%d by %s: %s%s  %s", keyScheme.label(), k + 1,
                signatures, signerIds, HEX.formatHex(result.signature()),
                result.recoveryId().isPresent() ? " v=" + result.recoveryId().getAsInt() : "",
                valid ? "verified" : "INVALID");
          }
        }
      }
      progress.line("");
      progress.line("summary: key generation %s%s",
          missing.isEmpty() ? "skipped (stored keys)" : Progress.millis(keygenNanos),
          reshare == null ? "" : "; resharing " + Progress.millis(reshareNanos));
      long failures = 0;
      for (Map.Entry<KeyScheme, long[]> entry : stats.entrySet()) {
        long[] stat = entry.getValue();
        failures += stat[1];
        progress.line("  %-9s %d signatures in %s (%s per signature); %d verified with %s, "
            + "%d failed", entry.getKey().label(), signatures, Progress.millis(stat[0]),
            Progress.millis(stat[0] / signatures), signatures - stat[1],
            SignatureCheck.verifierName(entry.getKey()), stat[1]);
      }
      return failures == 0 ? 0 : 1;
    } finally {
      cluster.forEach(ThresholdNode::close);
      stores.forEach(KeyStore::close);
      Arrays.fill(passphrase, '\0');
      out.flush();
    }
  }

  /** Starts the cluster's nodes, {@code node0}, {@code node1}, ..., in order. */
  private final class NodeFactory {
    private final InMemoryTransport transport;
    private final InMemoryPeerRegistry registry;
    private final RequestPolicy policy;
    private final char[] passphrase;
    private final SecureRandom rng;
    private final List<ThresholdNode> cluster;
    private final List<KeyStore> stores;

    NodeFactory(InMemoryTransport transport, InMemoryPeerRegistry registry, RequestPolicy policy,
        char[] passphrase, SecureRandom rng, List<ThresholdNode> cluster, List<KeyStore> stores) {
      this.transport = transport;
      this.registry = registry;
      this.policy = policy;
      this.passphrase = passphrase;
      this.rng = rng;
      this.cluster = cluster;
      this.stores = stores;
    }

    void start() throws Exception {
      String name = "node" + cluster.size();
      KeyStore store = dataDir == null ? new InMemoryKeyStore()
          : MapDbKeyStore.open(dataDir.resolve(name), name);
      stores.add(store);
      ThresholdNode.Builder builder = ThresholdNode.builder()
          .identity(NodeIdentity.generate(PartyId.of(name), rng))
          .transport(transport)
          .peerRegistry(registry)
          .keyStore(store)
          .vaultPassphrase(passphrase)
          .requestPolicy(policy)
          .threshold(threshold)
          .secureRandom(rng);
      clusterChainCode.ifPresent(builder::chainCode);
      ThresholdNode node = builder.build();
      cluster.add(node);
      node.start();
    }
  }

  /** {@code --reshare T:N} as {@code {T, N}}. */
  private int[] reshareTarget() {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,3}):(\\d{1,3})")
        .matcher(reshare);
    if (!m.matches()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--reshare must be T:N, "
          + "for example 3:5, not '" + reshare + "'");
    }
    int t = Integer.parseInt(m.group(1));
    int n = Integer.parseInt(m.group(2));
    if (n < 2 || n > 32 || t < 2 || t > n) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--reshare T:N needs "
          + "2 <= T <= N <= 32, got " + reshare);
    }
    return new int[] {t, n};
  }

  /** A random throw-away passphrase in memory; with --data-dir one that later runs know too. */
  private char[] passphrase(SecureRandom rng) {
    if (dataDir == null) {
      char[] passphrase = new char[24];
      for (int i = 0; i < passphrase.length; i++) {
        passphrase[i] = (char) ('a' + rng.nextInt(26));
      }
      return passphrase;
    }
    if (passphraseFile != null || System.getenv(Passphrases.ENV) != null) {
      return Passphrases.require(passphraseFile, spec.commandLine());
    }
    spec.commandLine().getErr().println("note: the key stores in " + dataDir + " are sealed with "
        + "the demo's built-in passphrase; use --passphrase-file for keys that matter");
    return DEMO_PASSPHRASE.toCharArray();
  }

  /** The wallet's key if every node already holds a share of it (an earlier run's). */
  private Optional<KeyGenResult> storedKey(List<ThresholdNode> cluster, String walletId,
      KeyScheme keyScheme) throws Exception {
    List<PartyId> holders = new ArrayList<>();
    Optional<KeyGenResult> found = Optional.empty();
    for (ThresholdNode node : cluster) {
      Optional<KeyGenResult> key = node.key(walletId, keyScheme);
      if (key.isPresent()) {
        holders.add(node.id());
        found = key;
      }
    }
    if (found.isEmpty()) {
      return found;
    }
    List<PartyId> all = cluster.stream().map(ThresholdNode::id).toList();
    KeyGenResult key = found.get();
    if (!holders.equals(all) || !key.participants().equals(all)
        || key.threshold() != threshold) {
      throw new CommandLine.ParameterException(spec.commandLine(), "wallet " + walletId
          + " is stored as a " + key.threshold() + "-of-" + key.participants().size()
          + " key of " + key.participants() + " (held here by " + holders + "); run with --nodes "
          + key.participants().size() + " --threshold " + key.threshold()
          + " or another --wallet");
    }
    return found;
  }

  private void validate() {
    CommandLine cli = spec.commandLine();
    if (nodes < 2 || nodes > 32) {
      throw new CommandLine.ParameterException(cli, "--nodes must be between 2 and 32, got "
          + nodes);
    }
    if (threshold < 2 || threshold > nodes) {
      throw new CommandLine.ParameterException(cli, "--threshold must be between 2 and --nodes ("
          + nodes + "), got " + threshold);
    }
    if (signatures < 1 || signatures > 100_000) {
      throw new CommandLine.ParameterException(cli,
          "--signatures must be between 1 and 100000, got " + signatures);
    }
    try {
      DemoOutput.schemes(scheme);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cli, "--scheme: " + e.getMessage());
    }
    if (passphraseFile != null && dataDir == null) {
      throw new CommandLine.ParameterException(cli, "--passphrase-file needs --data-dir");
    }
    if (reshare != null) {
      reshareTarget();
      if (dataDir != null) {
        throw new CommandLine.ParameterException(cli, "--reshare runs on the in-memory cluster; "
            + "it does not combine with --data-dir");
      }
    }
    if (wallet != null && wallet.isBlank()) {
      throw new CommandLine.ParameterException(cli, "--wallet must not be blank");
    }
    if (path != null) {
      try {
        derivationPath = DerivationPath.parse(path);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(cli, "--path: " + e.getMessage());
      }
    }
    if (chainCode != null) {
      if (!chainCode.strip().matches("[0-9a-fA-F]{64}")) {
        throw new CommandLine.ParameterException(cli, "--chain-code must be 64 hex characters");
      }
      clusterChainCode = Optional.of(HEX.parseHex(chainCode.strip()));
    }
  }

  static String labels(List<KeyScheme> schemes) {
    return String.join(" and ", schemes.stream().map(KeyScheme::label).toList());
  }

  /** Every {@code t}-subset of {@code 0..n-1}, in lexicographic order. */
  static List<List<Integer>> subsets(int n, int t) {
    List<List<Integer>> all = new ArrayList<>();
    int[] pick = new int[t];
    for (int i = 0; i < t; i++) {
      pick[i] = i;
    }
    while (true) {
      List<Integer> subset = new ArrayList<>(t);
      for (int p : pick) {
        subset.add(p);
      }
      all.add(subset);
      if (all.size() >= 100_000) {
        return all;
      }
      int i = t - 1;
      while (i >= 0 && pick[i] == n - t + i) {
        i--;
      }
      if (i < 0) {
        return all;
      }
      pick[i]++;
      for (int j = i + 1; j < t; j++) {
        pick[j] = pick[j - 1] + 1;
      }
    }
  }

  static String jsonEscape(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (char c : value.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Human progress lines, silenced in JSON mode. */
  record Progress(PrintWriter out, boolean enabled) {
    void line(String format, Object... args) {
      if (enabled) {
        out.println(String.format(format, args));
        out.flush();
      }
    }

    static String millis(long nanos) {
      return String.format("%.2f ms", nanos / 1e6);
    }
  }
}
