package io.mpcium.examples.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mpcium.internal.codec.GoJson;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.bouncycastle.util.BigIntegers;

/**
 * The identity and key files of Mpcium's {@code mpcium-cli} (§1.18), written and read byte for
 * byte as Mpcium's tools do:
 *
 * <ul>
 *   <li>node: {@code <dir>/<name>_identity.json} {@code {"node_name","node_id","public_key",
 *       "created_at"}} and {@code <dir>/<name>_private.key}, the hex of the 64-byte Ed25519
 *       private key (seed‖public key);
 *   <li>initiator: {@code <dir>/<name>.identity.json} {@code {"node_name","algorithm",
 *       "public_key","created_at","created_by","machine_os","machine_name"}} and {@code
 *       <dir>/<name>.key}, the hex of the Ed25519 seed or of the P-256 SEC1 DER key (public key:
 *       hex of the DER SubjectPublicKeyInfo);
 *   <li>authorizer: as the initiator, with {@code "name"} for {@code "node_name"} and the file
 *       names {@code <name>.authorizer.identity.json} and {@code <name>.authorizer.key}.
 * </ul>
 *
 * With a passphrase the private key goes to {@code <key file>.age} instead (age, scrypt
 * recipient, see {@link AgeFiles}). JSON is Go's {@code json.MarshalIndent(v, "", "  ")}; files
 * are created with mode 0600 and never overwritten unless asked. Key material never appears in
 * exception messages. Stateless and thread-safe.
 */
public final class MpciumKeyFiles {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

  private MpciumKeyFiles() { }

  /** What a generate command wrote. */
  public record Written(Path identity, Path privateKey, String publicKeyHex) { }

  /** A node's public identity file. */
  public record NodeIdentityJson(String nodeName, String nodeId, byte[] publicKey) { }

  /** Where Mpcium keeps node {@code name}'s files in {@code dir}. */
  public static Path nodeIdentityFile(Path dir, String name) {
    return dir.resolve(name + "_identity.json");
  }

  public static Path nodePrivateKeyFile(Path dir, String name) {
    return dir.resolve(name + "_private.key");
  }

  // ------------------------------------------------------------------ node identities

  /** Mpcium's {@code generate-identity}: a new Ed25519 identity for {@code name}. */
  public static Written generateNodeIdentity(Path dir, String name, String nodeId,
      Optional<char[]> passphrase, int workFactor, boolean overwrite, SecureRandom rng,
      Clock clock) throws IOException, GeneralSecurityException {
    byte[] seed = new byte[32];
    rng.nextBytes(seed);
    byte[] pub = new byte[32];
    Ed25519.generatePublicKey(seed, 0, pub, 0);
    byte[] full = new byte[64];
    System.arraycopy(seed, 0, full, 0, 32);
    System.arraycopy(pub, 0, full, 32, 32);
    Arrays.fill(seed, (byte) 0);
    Map<String, String> identity = new LinkedHashMap<>();
    identity.put("node_name", name);
    identity.put("node_id", nodeId);
    identity.put("public_key", HexFormat.of().formatHex(pub));
    identity.put("created_at", now(clock));
    Path identityFile = nodeIdentityFile(dir, name);
    Path keyFile = nodePrivateKeyFile(dir, name);
    try {
      return write(dir, identityFile, keyFile, identity, full, passphrase, workFactor,
          overwrite, rng);
    } finally {
      Arrays.fill(full, (byte) 0);
    }
  }

  /** Reads {@code <dir>/<name>_identity.json}. */
  public static NodeIdentityJson readNodeIdentity(Path file) throws IOException {
    JsonNode node = JSON.readTree(Files.readAllBytes(file));
    String name = node.path("node_name").asText("");
    String id = node.path("node_id").asText("");
    String pub = node.path("public_key").asText("");
    if (name.isEmpty() || id.isEmpty() || !pub.matches("[0-9a-fA-F]{64}")) {
      throw new IOException(file + ": a node identity needs node_name, node_id and "
          + "public_key (64 hex characters)");
    }
    return new NodeIdentityJson(name, id, HexFormat.of().parseHex(pub));
  }

  /**
   * Reads a node's private key file ({@code _private.key}, or {@code _private.key.age} with a
   * passphrase) and returns the 32-byte Ed25519 seed (the caller wipes it). The file's public
   * half must match the seed.
   */
  public static byte[] readNodeSeed(Path file, Optional<char[]> passphrase)
      throws IOException, GeneralSecurityException {
    byte[] content = readMaybeEncrypted(file, passphrase);
    byte[] key = null;
    try {
      key = hex(content).orElseThrow(() -> new IOException(file + ": a node private key must "
          + "be the hex of a 64-byte Ed25519 private key"));
      if (key.length != 64) {
        throw new IOException(file + ": a node private key must be 64 bytes (seed and public "
            + "key), got " + key.length);
      }
      byte[] pub = new byte[32];
      Ed25519.generatePublicKey(key, 0, pub, 0);
      if (!Arrays.equals(pub, 0, 32, key, 32, 64)) {
        throw new IOException(file + ": the public half does not belong to the private key");
      }
      return Arrays.copyOf(key, 32);
    } finally {
      Arrays.fill(content, (byte) 0);
      if (key != null) {
        Arrays.fill(key, (byte) 0);
      }
    }
  }

  // ------------------------------------------------------------------ initiators, authorizers

  /** Mpcium's {@code generate-initiator}. */
  public static Written generateInitiator(Path dir, String name, String algorithm,
      Optional<char[]> passphrase, int workFactor, boolean overwrite, SecureRandom rng,
      Clock clock) throws IOException, GeneralSecurityException {
    return generateSigner(dir, name, "node_name", name + ".identity.json", name + ".key",
        algorithm, passphrase, workFactor, overwrite, rng, clock);
  }

  /** Mpcium's {@code generate-authorizer}. */
  public static Written generateAuthorizer(Path dir, String name, String algorithm,
      Optional<char[]> passphrase, int workFactor, boolean overwrite, SecureRandom rng,
      Clock clock) throws IOException, GeneralSecurityException {
    if (!name.matches("[a-zA-Z0-9_-]+")) {
      throw new IllegalArgumentException("an authorizer name must match ^[a-zA-Z0-9_-]+$");
    }
    return generateSigner(dir, name, "name", name + ".authorizer.identity.json",
        name + ".authorizer.key", algorithm, passphrase, workFactor, overwrite, rng, clock);
  }

  private static Written generateSigner(Path dir, String name, String nameKey,
      String identityName, String keyName, String algorithm, Optional<char[]> passphrase,
      int workFactor, boolean overwrite, SecureRandom rng, Clock clock)
      throws IOException, GeneralSecurityException {
    byte[] secret;
    byte[] publicKey;
    switch (algorithm) {
      case "ed25519" -> {
        secret = new byte[32];
        rng.nextBytes(secret);
        publicKey = new byte[32];
        Ed25519.generatePublicKey(secret, 0, publicKey, 0);
      }
      case "p256" -> {
        X9ECParameters curve = ECNamedCurveTable.getByName("P-256");
        BigInteger d = BigIntegers.createRandomInRange(BigInteger.ONE,
            curve.getN().subtract(BigInteger.ONE), rng);
        byte[] point = curve.getG().multiply(d).normalize().getEncoded(false);
        secret = new ECPrivateKey(256, d, new DERBitString(point),
            X9ObjectIdentifiers.prime256v1).getEncoded("DER");
        publicKey = new SubjectPublicKeyInfo(new AlgorithmIdentifier(
            X9ObjectIdentifiers.id_ecPublicKey, X9ObjectIdentifiers.prime256v1), point)
            .getEncoded("DER");
      }
      default -> throw new IllegalArgumentException("algorithm must be ed25519 or p256, got "
          + algorithm);
    }
    Map<String, String> identity = new LinkedHashMap<>();
    identity.put(nameKey, name);
    identity.put("algorithm", algorithm);
    identity.put("public_key", HexFormat.of().formatHex(publicKey));
    identity.put("created_at", now(clock));
    identity.put("created_by", System.getProperty("user.name", "unknown"));
    identity.put("machine_os", machineOs());
    identity.put("machine_name", hostname());
    try {
      return write(dir, dir.resolve(identityName), dir.resolve(keyName), identity, secret,
          passphrase, workFactor, overwrite, rng);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  /**
   * Reads a private key file, decrypting it when its name ends in {@code .age} (which then
   * needs the passphrase). The caller wipes the result.
   */
  public static byte[] readMaybeEncrypted(Path file, Optional<char[]> passphrase)
      throws IOException, GeneralSecurityException {
    byte[] content = Files.readAllBytes(file);
    if (!file.getFileName().toString().endsWith(".age")) {
      return content;
    }
    try {
      char[] secret = passphrase.orElseThrow(() -> new IOException(file
          + " is encrypted: a passphrase is needed"));
      return AgeFiles.decrypt(content, secret);
    } catch (GeneralSecurityException e) {
      throw new GeneralSecurityException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Loads an initiator's (or authorizer's) signing key from Mpcium's key file, decrypting a
   * {@code .age} file with the passphrase, for a client such as {@code MpcClient}.
   */
  public static io.mpcium.Initiator loadInitiator(Path file, String algorithm,
      Optional<char[]> passphrase) throws IOException, GeneralSecurityException {
    byte[] content = readMaybeEncrypted(file, passphrase);
    try {
      return io.mpcium.transport.nats.client.InitiatorKeyFiles.parse(content, algorithm);
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage());
    } finally {
      Arrays.fill(content, (byte) 0);
    }
  }

  // ------------------------------------------------------------------ helpers

  private static Written write(Path dir, Path identityFile, Path keyFile,
      Map<String, String> identity, byte[] secret, Optional<char[]> passphrase, int workFactor,
      boolean overwrite, SecureRandom rng) throws IOException, GeneralSecurityException {
    Path privateFile = passphrase.isPresent() ? keyFile.resolveSibling(keyFile.getFileName()
        + ".age") : keyFile;
    if (!overwrite) {
      for (Path existing : new Path[] {identityFile, privateFile}) {
        if (Files.exists(existing)) {
          throw new FileAlreadyExistsException(existing + " exists (use --overwrite to replace "
              + "it)");
        }
      }
    }
    Files.createDirectories(dir);
    byte[] hex = HexFormat.of().formatHex(secret).getBytes(StandardCharsets.US_ASCII);
    byte[] content = hex;
    try {
      if (passphrase.isPresent()) {
        content = AgeFiles.encrypt(hex, passphrase.get(), workFactor, rng);
      }
      writePrivate(identityFile, goIndentedJson(identity).getBytes(StandardCharsets.UTF_8));
      writePrivate(privateFile, content);
    } finally {
      Arrays.fill(hex, (byte) 0);
    }
    return new Written(identityFile, privateFile, identity.get("public_key"));
  }

  /** Writes a file readable by its owner only (0600), replacing any existing one. */
  public static void writePrivate(Path file, byte[] content) throws IOException {
    Files.deleteIfExists(file);
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file);
    }
    Files.write(file, content, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
  }

  /** Go's {@code json.MarshalIndent(map-as-struct, "", "  ")} of string fields. */
  public static String goIndentedJson(Map<String, String> fields) {
    StringBuilder out = new StringBuilder("{\n");
    int i = 0;
    for (Map.Entry<String, String> field : fields.entrySet()) {
      out.append("  ").append(GoJson.quote(field.getKey())).append(": ")
          .append(GoJson.quote(field.getValue()));
      out.append(++i < fields.size() ? ",\n" : "\n");
    }
    return out.append('}').toString();
  }

  private static String now(Clock clock) {
    return ZonedDateTime.now(clock.withZone(java.time.ZoneOffset.UTC))
        .truncatedTo(ChronoUnit.SECONDS).format(RFC3339);
  }

  /** Go's {@code runtime.GOOS} names. */
  private static String machineOs() {
    String os = System.getProperty("os.name", "unknown").toLowerCase(java.util.Locale.ROOT);
    if (os.contains("linux")) {
      return "linux";
    }
    if (os.contains("mac")) {
      return "darwin";
    }
    if (os.contains("windows")) {
      return "windows";
    }
    return os.replace(' ', '_');
  }

  private static String hostname() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static Optional<byte[]> hex(byte[] content) {
    String text = new String(content, StandardCharsets.US_ASCII).strip();
    if (text.isEmpty() || text.length() % 2 != 0 || !text.matches("[0-9a-fA-F]+")) {
      return Optional.empty();
    }
    return Optional.of(HexFormat.of().parseHex(text));
  }
}
