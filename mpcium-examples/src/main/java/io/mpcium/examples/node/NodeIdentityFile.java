package io.mpcium.examples.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mpcium.NodeIdentity;
import io.mpcium.PartyId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A node's identity on disk: JSON {@code {"node_name","ed25519_seed","x25519_private_key",
 * "ed25519_public_key"}} (hex), mode 0600, created with fresh keys on the first start.
 */
public final class NodeIdentityFile {
  private static final ObjectMapper JSON = new ObjectMapper();

  private NodeIdentityFile() { }

  /** Loads the identity, or creates and stores a new one if the file does not exist. */
  public static NodeIdentity loadOrCreate(Path file, PartyId name, SecureRandom rng)
      throws IOException {
    if (Files.exists(file)) {
      return load(file, name);
    }
    NodeIdentity identity = NodeIdentity.generate(name, rng);
    byte[] seed = identity.exportSigningSeed();
    byte[] agreement = identity.exportAgreementKey();
    ObjectNode node = JSON.createObjectNode();
    node.put("node_name", name.value());
    node.put("ed25519_seed", HexFormat.of().formatHex(seed));
    node.put("x25519_private_key", HexFormat.of().formatHex(agreement));
    node.put("ed25519_public_key", HexFormat.of().formatHex(identity.peerInfo().signingKey()));
    Arrays.fill(seed, (byte) 0);
    Arrays.fill(agreement, (byte) 0);
    Files.createDirectories(file.toAbsolutePath().getParent());
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file);
    } catch (FileAlreadyExistsException e) {
      return load(file, name);
    }
    Files.write(file, node.toPrettyString().getBytes(StandardCharsets.UTF_8),
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
    return identity;
  }

  private static NodeIdentity load(Path file, PartyId name) throws IOException {
    JsonNode node = JSON.readTree(Files.readAllBytes(file));
    if (!name.value().equals(node.path("node_name").asText())) {
      throw new IOException("identity file " + file + " belongs to node '"
          + node.path("node_name").asText() + "', not " + name);
    }
    byte[] seed = null;
    byte[] agreement = null;
    try {
      seed = HexFormat.of().parseHex(node.path("ed25519_seed").asText());
      agreement = HexFormat.of().parseHex(node.path("x25519_private_key").asText());
      return NodeIdentity.fromSeeds(name, seed, agreement);
    } catch (IllegalArgumentException e) {
      throw new IOException("identity file " + file + " is malformed");
    } finally {
      if (seed != null) {
        Arrays.fill(seed, (byte) 0);
      }
      if (agreement != null) {
        Arrays.fill(agreement, (byte) 0);
      }
    }
  }
}
