package io.mpcium.examples.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mpcium.InitiatorKey;
import io.mpcium.PartyId;
import io.mpcium.transport.nats.gateway.Authorizers;
import io.mpcium.transport.nats.gateway.GatewayConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A standalone node's configuration, read from YAML with Mpcium's keys where they mean the same
 * thing ({@code nats.url}, {@code mpc_threshold}, {@code event_initiator_pubkey}, {@code
 * event_initiator_algorithm}, {@code chain_code}, {@code db_path}, {@code badger_password},
 * {@code max_concurrent_keygen}, {@code max_concurrent_signing}, {@code authorization.*}) and a
 * few of our own ({@code node_name}, {@code key_store}, {@code identity_file}, {@code
 * round_timeout_ms}, {@code request_ack_wait_ms}, {@code registry}, {@code registry_bucket},
 * {@code schnorr_keys}, {@code unsigned_derivation_paths}). The peer registry is Consul ({@code consul.*}, see {@link
 * ConsulSettings}) or a JetStream bucket: {@code registry: consul|nats}, by default Consul when
 * a {@code consul:} mapping is present. Validation fails fast with the key named.
 * Mpcium keys that do not apply here are reported by {@link #ignoredKeys()}. Immutable; the
 * passphrase is held as a char array that {@link #wipePassphrase()} zeroes.
 */
public final class NodeSettings {
  /** Mpcium keys accepted but without effect here (see the README). */
  static final Set<String> IGNORED = Set.of("backup_enabled",
      "backup_period_seconds", "backup_dir", "session_warm_up_delay_ms",
      "mpcium_version");
  static final Set<String> KNOWN = Set.of("node_name", "nats", "mpc_threshold",
      "event_initiator_pubkey", "event_initiator_algorithm", "chain_code", "db_path",
      "badger_password", "max_concurrent_keygen", "max_concurrent_signing", "authorization",
      "key_store", "identity_file", "round_timeout_ms", "request_ack_wait_ms",
      "registry", "registry_bucket", "consul", "schnorr_keys", "unsigned_derivation_paths",
      "environment", "healthcheck", "identity_dir", "peers_file", "shutdown_timeout_ms");

  private final PartyId nodeName;
  private final String natsUrl;
  private final int mpcThreshold;
  private final InitiatorKey initiator;
  private final Optional<byte[]> chainCode;
  private final Path dataDir;
  private final Path identityFile;
  private final String keyStore;
  private final char[] passphrase;
  private final GatewayConfig gateway;
  private final Duration roundTimeout;
  private final List<String> ignoredKeys;
  private final String registryBucket;
  private final Optional<ConsulSettings> consul;
  private final boolean production;
  private final Optional<String> healthAddress;
  private final Path identityDir;
  private final Path peersFile;
  private final Duration shutdownTimeout;

  private NodeSettings(JsonNode root, Path baseDir, Optional<String> nameOverride,
      Optional<char[]> passphraseOverride) {
    String name = nameOverride.orElseGet(() -> text(root, "node_name", null));
    if (name == null) {
      throw new IllegalArgumentException("node_name is required (or pass --name)");
    }
    this.nodeName = PartyId.of(name);
    this.natsUrl = text(root.path("nats"), "url", "nats://127.0.0.1:4222");
    this.mpcThreshold = integer(root, "mpc_threshold", -1);
    if (mpcThreshold < 1) {
      throw new IllegalArgumentException("mpc_threshold is required and must be at least 1 "
          + "(Mpcium's t: t+1 nodes sign)");
    }
    String algorithm = text(root, "event_initiator_algorithm", "ed25519")
        .toLowerCase(Locale.ROOT);
    String pubkey = text(root, "event_initiator_pubkey", null);
    if (pubkey == null) {
      throw new IllegalArgumentException("event_initiator_pubkey is required");
    }
    this.initiator = initiatorKey(algorithm, pubkey, "event_initiator_pubkey");
    String chain = text(root, "chain_code", null);
    if (chain != null && !chain.matches("[0-9a-fA-F]{64}")) {
      throw new IllegalArgumentException("chain_code must be 64 hex characters");
    }
    this.chainCode = Optional.ofNullable(chain).map(HexFormat.of()::parseHex);
    Path dbPath = baseDir.resolve(text(root, "db_path", "./db"));
    this.dataDir = dbPath.resolve(nodeName.value());
    this.identityFile = Optional.ofNullable(text(root, "identity_file", null))
        .map(baseDir::resolve).orElse(dataDir.resolve("identity.json"));
    this.keyStore = text(root, "key_store", KeyStores.DEFAULT);
    if (!KeyStores.NAMES.contains(keyStore)) {
      throw new IllegalArgumentException("key_store must be one of " + KeyStores.NAMES);
    }
    this.passphrase = passphraseOverride.orElseGet(() -> {
      String value = text(root, "badger_password", null);
      if (value == null || value.isEmpty()) {
        throw new IllegalArgumentException("badger_password is required (or pass "
            + "--password-file): it seals the key shares at rest");
      }
      return value.toCharArray();
    });
    int keygen = integer(root, "max_concurrent_keygen", 2);
    int signing = integer(root, "max_concurrent_signing", 20);
    Duration ackWait = Duration.ofMillis(integer(root, "request_ack_wait_ms", 30_000));
    this.gateway = new GatewayConfig(keygen, signing, ackWait,
        authorizers(root.path("authorization")), bool(root, "schnorr_keys", false),
        bool(root, "unsigned_derivation_paths", true));
    this.roundTimeout = Duration.ofMillis(integer(root, "round_timeout_ms", 30_000));
    if (roundTimeout.isNegative() || roundTimeout.isZero()) {
      throw new IllegalArgumentException("round_timeout_ms must be positive");
    }
    this.registryBucket = text(root, "registry_bucket", "mpcium_registry");
    if (!registryBucket.matches("[A-Za-z0-9_-]{1,64}")) {
      throw new IllegalArgumentException("registry_bucket must be 1-64 characters of "
          + "[A-Za-z0-9_-]");
    }
    boolean consulMapping = root.has("consul") && !root.get("consul").isNull();
    String registry = text(root, "registry", consulMapping ? "consul" : "nats")
        .toLowerCase(Locale.ROOT);
    this.consul = switch (registry) {
      case "consul" -> Optional.of(ConsulSettings.read(root.path("consul"), baseDir));
      case "nats" -> Optional.empty();
      default -> throw new IllegalArgumentException("registry must be consul or nats, got '"
          + registry + "'");
    };
    String environment = text(root, "environment", "development").toLowerCase(Locale.ROOT);
    if (!environment.equals("development") && !environment.equals("production")) {
      throw new IllegalArgumentException("environment must be development or production, got '"
          + environment + "'");
    }
    this.production = environment.equals("production");
    JsonNode health = root.path("healthcheck");
    this.healthAddress = bool(health, "enabled", false)
        ? Optional.of(text(health, "address", ":8080")) : Optional.empty();
    this.identityDir = baseDir.resolve(text(root, "identity_dir", "identity"));
    this.peersFile = baseDir.resolve(text(root, "peers_file", "peers.json"));
    this.shutdownTimeout = Duration.ofMillis(integer(root, "shutdown_timeout_ms", 20_000));
    if (shutdownTimeout.isNegative()) {
      throw new IllegalArgumentException("shutdown_timeout_ms must not be negative");
    }
    List<String> ignored = new ArrayList<>();
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      boolean unused = consul.isPresent() ? key.equals("registry_bucket") : key.equals("consul");
      if (!KNOWN.contains(key) || unused) {
        ignored.add(key);
      }
    }
    this.ignoredKeys = List.copyOf(ignored);
  }

  /** Reads {@code file}; relative paths in it are relative to its directory. */
  public static NodeSettings load(Path file, Optional<String> name,
      Optional<char[]> passphrase) throws IOException {
    Object yaml;
    try {
      yaml = stringsOnlyYaml().load(Files.readString(file));
    } catch (org.yaml.snakeyaml.error.YAMLException e) {
      throw new IllegalArgumentException(file + " is not valid YAML: " + e.getMessage());
    }
    JsonNode root = new ObjectMapper().valueToTree(yaml);
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(file + " is not a YAML mapping");
    }
    Path base = file.toAbsolutePath().getParent();
    return new NodeSettings(root, base, name, passphrase);
  }

  /**
   * YAML whose scalars all stay strings, as written: YAML 1.1 would read an unquoted key such
   * as {@code 0x3059…} as a number and {@code 0123…} as octal. Values are converted here.
   */
  private static org.yaml.snakeyaml.Yaml stringsOnlyYaml() {
    org.yaml.snakeyaml.LoaderOptions loading = new org.yaml.snakeyaml.LoaderOptions();
    org.yaml.snakeyaml.DumperOptions dumping = new org.yaml.snakeyaml.DumperOptions();
    org.yaml.snakeyaml.resolver.Resolver strings = new org.yaml.snakeyaml.resolver.Resolver() {
      @Override
      protected void addImplicitResolvers() {
        // None: every scalar is a string.
      }
    };
    return new org.yaml.snakeyaml.Yaml(
        new org.yaml.snakeyaml.constructor.SafeConstructor(loading),
        new org.yaml.snakeyaml.representer.Representer(dumping), dumping, loading, strings);
  }

  private static Authorizers authorizers(JsonNode node) {
    String enabled = text(node, "enabled", "false");
    if (!enabled.equalsIgnoreCase("true")) {
      return Authorizers.disabled();
    }
    List<String> required = new ArrayList<>();
    node.path("required_authorizers").forEach(id -> required.add(id.asText()));
    Map<String, InitiatorKey> keys = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : node.path("authorizer_public_keys").properties()) {
      String key = "authorization.authorizer_public_keys." + entry.getKey();
      keys.put(entry.getKey(), initiatorKey(text(entry.getValue(), "algorithm", "ed25519"),
          text(entry.getValue(), "public_key", ""), key + ".public_key"));
    }
    return Authorizers.enabled(required, keys);
  }

  /** Mpcium's key formats: Ed25519 32-byte hex; P-256 DER SPKI as hex (optional 0x) or base64. */
  static InitiatorKey initiatorKey(String algorithm, String value, String key) {
    try {
      return switch (algorithm.toLowerCase(Locale.ROOT)) {
        case "ed25519" -> InitiatorKey.ed25519(HexFormat.of().parseHex(value.strip()));
        case "p256" -> {
          String v = value.strip();
          if (v.startsWith("0x")) {
            v = v.substring(2);
          }
          byte[] der = v.matches("[0-9a-fA-F]+") && v.length() % 2 == 0
              ? HexFormat.of().parseHex(v) : Base64.getDecoder().decode(v);
          yield InitiatorKey.p256(der);
        }
        default -> throw new IllegalArgumentException("algorithm must be ed25519 or p256, got "
            + algorithm);
      };
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": " + e.getMessage());
    }
  }

  static String text(JsonNode node, String key, String fallback) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull() || (value.isTextual() && value.asText().isEmpty())) {
      return fallback;
    }
    if (!value.isValueNode()) {
      throw new IllegalArgumentException(key + " must be a scalar");
    }
    return value.asText().strip();
  }

  private static int integer(JsonNode node, String key, int fallback) {
    String value = text(node, key, null);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be an integer, got '" + value + "'");
    }
  }

  private static boolean bool(JsonNode node, String key, boolean fallback) {
    String value = text(node, key, null);
    if (value == null) {
      return fallback;
    }
    if (!value.equals("true") && !value.equals("false")) {
      throw new IllegalArgumentException(key + " must be true or false, got '" + value + "'");
    }
    return Boolean.parseBoolean(value);
  }

  public PartyId nodeName() {
    return nodeName;
  }

  public String natsUrl() {
    return natsUrl;
  }

  /** Mpcium's t. */
  public int mpcThreshold() {
    return mpcThreshold;
  }

  /** Signers needed: t+1. */
  public int signers() {
    return mpcThreshold + 1;
  }

  public InitiatorKey initiator() {
    return initiator;
  }

  public Optional<byte[]> chainCode() {
    return chainCode.map(byte[]::clone);
  }

  /** {@code <db_path>/<node_name>}: key store and identity. */
  public Path dataDir() {
    return dataDir;
  }

  public Path identityFile() {
    return identityFile;
  }

  public String keyStore() {
    return keyStore;
  }

  /** The vault passphrase (not a copy); wipe it with {@link #wipePassphrase()} after use. */
  public char[] passphrase() {
    return passphrase;
  }

  public void wipePassphrase() {
    java.util.Arrays.fill(passphrase, '\0');
  }

  public GatewayConfig gateway() {
    return gateway;
  }

  public Duration roundTimeout() {
    return roundTimeout;
  }

  /** The peer registry's Consul settings; empty when the registry is the JetStream bucket. */
  public Optional<ConsulSettings> consul() {
    return consul;
  }

  /** The JetStream key-value bucket of the peer registry (unused with Consul). */
  public String registryBucket() {
    return registryBucket;
  }

  /** {@code environment: production}: JSON logs. */
  public boolean production() {
    return production;
  }

  /** {@code healthcheck.address} when {@code healthcheck.enabled}. */
  public Optional<String> healthAddress() {
    return healthAddress;
  }

  /** {@code identity_dir} (default {@code identity}): Mpcium's identity files, if any. */
  public Path identityDir() {
    return identityDir;
  }

  /** {@code peers_file} (default {@code peers.json}), read with Mpcium identity files. */
  public Path peersFile() {
    return peersFile;
  }

  /** {@code shutdown_timeout_ms}: how long a graceful stop waits for work in flight. */
  public Duration shutdownTimeout() {
    return shutdownTimeout;
  }

  /** Top-level keys present in the file that this node does not use. */
  public List<String> ignoredKeys() {
    return ignoredKeys;
  }

  @Override
  public String toString() {
    return "NodeSettings[" + nodeName + ", " + natsUrl + ", t=" + mpcThreshold + ", "
        + dataDir + ", registry " + consul.map(Object::toString).orElse(registryBucket) + "]";
  }
}
