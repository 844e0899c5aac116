package io.mpcium.examples.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mpcium.NodeIdentity;
import io.mpcium.PartyId;
import io.mpcium.examples.keys.MpciumKeyFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * A node identity from Mpcium's files, as Mpcium's node reads them (§3.1): {@code peers.json},
 * the node's {@code identity/<name>_private.key} (or {@code .age}, decrypted with a
 * passphrase) and every peer's {@code identity/<peer>_identity.json}, whose {@code node_id}
 * must match the peers file. The Ed25519 key signs as in Mpcium; the X25519 key to which peers
 * encrypt is derived from the Ed25519 seed with HKDF-SHA256 (info {@value #AGREEMENT_INFO}), so
 * it stays the same across restarts. The peers' Ed25519 keys are pinned ({@link
 * PinnedPeerRegistry}).
 */
public final class MpciumIdentity {
  static final String AGREEMENT_INFO = "mpcium-java/v1/x25519-agreement-key";

  private final NodeIdentity identity;
  private final Map<PartyId, byte[]> pinned;
  private final Map<PartyId, String> nodeIds;

  private MpciumIdentity(NodeIdentity identity, Map<PartyId, byte[]> pinned,
      Map<PartyId, String> nodeIds) {
    this.identity = identity;
    this.pinned = pinned;
    this.nodeIds = Map.copyOf(nodeIds);
  }

  /** Whether {@code dir} holds Mpcium key files for {@code name}. */
  public static boolean present(Path dir, PartyId name) {
    Path key = MpciumKeyFiles.nodePrivateKeyFile(dir, name.value());
    return Files.exists(key) || Files.exists(encrypted(key));
  }

  private static Path encrypted(Path key) {
    return key.resolveSibling(key.getFileName() + ".age");
  }

  /**
   * Loads node {@code name}'s identity. {@code decrypt} (Mpcium's {@code -d}) selects the
   * {@code .age} key, which is also used when it is the only one; {@code passphrase} is asked
   * only then.
   */
  public static MpciumIdentity load(Path dir, Path peersFile, PartyId name, boolean decrypt,
      Supplier<Optional<char[]>> passphrase) throws IOException, GeneralSecurityException {
    Map<PartyId, String> peers = peers(peersFile);
    if (!peers.containsKey(name)) {
      throw new IOException("node " + name + " is not in " + peersFile);
    }
    Map<PartyId, byte[]> pinned = new LinkedHashMap<>();
    for (Map.Entry<PartyId, String> peer : peers.entrySet()) {
      Path file = MpciumKeyFiles.nodeIdentityFile(dir, peer.getKey().value());
      if (!Files.exists(file)) {
        throw new IOException("missing " + file + ": every peer's identity file is needed");
      }
      MpciumKeyFiles.NodeIdentityJson json = MpciumKeyFiles.readNodeIdentity(file);
      if (!json.nodeName().equals(peer.getKey().value())
          || !json.nodeId().equals(peer.getValue())) {
        throw new IOException(file + " is the identity of " + json.nodeName() + " ("
            + json.nodeId() + "), but " + peersFile + " says " + peer.getKey() + " is "
            + peer.getValue());
      }
      pinned.put(peer.getKey(), json.publicKey());
    }
    Path key = MpciumKeyFiles.nodePrivateKeyFile(dir, name.value());
    boolean useAge = decrypt || (!Files.exists(key) && Files.exists(encrypted(key)));
    Optional<char[]> secret = useAge ? passphrase.get() : Optional.empty();
    if (useAge && secret.isEmpty()) {
      throw new IOException(encrypted(key) + " is encrypted: give its passphrase "
          + "(--identity-password-file, $MPCIUM_IDENTITY_PASSPHRASE or the prompt)");
    }
    byte[] seed = null;
    byte[] agreement = null;
    try {
      seed = MpciumKeyFiles.readNodeSeed(useAge ? encrypted(key) : key, secret);
      agreement = agreementKey(seed);
      NodeIdentity identity = NodeIdentity.fromSeeds(name, seed, agreement);
      if (!Arrays.equals(identity.peerInfo().signingKey(), pinned.get(name))) {
        identity.destroy();
        throw new IOException("the private key of " + name + " does not match the public_key "
            + "of " + MpciumKeyFiles.nodeIdentityFile(dir, name.value()));
      }
      return new MpciumIdentity(identity, pinned, peers);
    } finally {
      secret.ifPresent(s -> Arrays.fill(s, '\0'));
      if (seed != null) {
        Arrays.fill(seed, (byte) 0);
      }
      if (agreement != null) {
        Arrays.fill(agreement, (byte) 0);
      }
    }
  }

  static byte[] agreementKey(byte[] seed) {
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(seed, null, AGREEMENT_INFO.getBytes(StandardCharsets.UTF_8)));
    byte[] key = new byte[32];
    hkdf.generateBytes(key, 0, key.length);
    return key;
  }

  private static Map<PartyId, String> peers(Path file) throws IOException {
    JsonNode json = new ObjectMapper().readTree(Files.readAllBytes(file));
    if (json == null || !json.isObject() || json.isEmpty()) {
      throw new IOException(file + " must be a JSON object {\"<name>\":\"<node id>\",...}");
    }
    Map<PartyId, String> peers = new LinkedHashMap<>();
    json.properties().forEach(e -> peers.put(PartyId.of(e.getKey()), e.getValue().asText()));
    return peers;
  }

  public NodeIdentity identity() {
    return identity;
  }

  /** The peers file: node name to Mpcium node id. */
  public Map<PartyId, String> nodeIds() {
    return nodeIds;
  }

  /** The Ed25519 public key of every node in the peers file. */
  public Map<PartyId, byte[]> pinnedKeys() {
    Map<PartyId, byte[]> copy = new LinkedHashMap<>();
    pinned.forEach((id, key) -> copy.put(id, key.clone()));
    return copy;
  }
}
