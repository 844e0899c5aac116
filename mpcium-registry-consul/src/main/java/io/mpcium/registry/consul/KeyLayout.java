package io.mpcium.registry.consul;

import io.mpcium.KeyScheme;
import io.mpcium.PartyId;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the registry keeps each thing in Consul's key-value store: Mpcium's layout under an
 * optional prefix.
 *
 * <ul>
 *   <li>{@code mpc_peers/<name>} = the node id (Mpcium: a UUID string);
 *   <li>{@code mpc_identity/<name>} = the node's public identity (JSON, this project's addition:
 *       Mpcium keeps it in files);
 *   <li>{@code ready/<nodeId>} = {@code true}, held by the node's session;
 *   <li>{@code threshold_keyinfo/<keyType>:<walletId>} = Mpcium's key metadata JSON, where the
 *       key type is Mpcium's ({@code eddsa} for Ed25519, {@code ecdsa} for secp256k1).
 * </ul>
 *
 * Immutable.
 */
final class KeyLayout {
  static final String PEERS = "mpc_peers/";
  static final String IDENTITIES = "mpc_identity/";
  static final String READY = "ready/";
  static final String KEY_INFO = "threshold_keyinfo/";

  /** Node ids appear in keys and URLs: Mpcium's UUIDs and other plain tokens. */
  private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final Pattern PREFIX = Pattern.compile("([A-Za-z0-9._-]+/)*");
  /** Our scheme labels and Mpcium's key types, where they differ. */
  private static final Map<String, String> MPCIUM_KEY_TYPES =
      Map.of("ed25519", "eddsa", "secp256k1", "ecdsa");

  private final String prefix;

  KeyLayout(String prefix) {
    Objects.requireNonNull(prefix, "keyPrefix");
    if (!PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException("key prefix must be empty or segments of "
          + "[A-Za-z0-9._-] each ending in '/', got '" + prefix + "'");
    }
    this.prefix = prefix;
  }

  String prefix() {
    return prefix;
  }

  String peer(PartyId name) {
    return prefix + PEERS + name.value();
  }

  String identity(PartyId name) {
    return prefix + IDENTITIES + name.value();
  }

  String ready(String nodeId) {
    return prefix + READY + checkNodeId(nodeId);
  }

  String peersDirectory() {
    return prefix + PEERS;
  }

  String identitiesDirectory() {
    return prefix + IDENTITIES;
  }

  String readyDirectory() {
    return prefix + READY;
  }

  /** The Consul key of a key id in our form, {@code <scheme label>:<walletId>}. */
  String keyInfo(String keyId) {
    int colon = keyId.indexOf(':');
    if (colon <= 0 || colon == keyId.length() - 1) {
      throw new IllegalArgumentException("key id must be <scheme>:<walletId>, got '" + keyId
          + "'");
    }
    KeyScheme scheme = KeyScheme.fromLabel(keyId.substring(0, colon));
    return keyInfo(scheme, keyId.substring(colon + 1));
  }

  String keyInfo(KeyScheme scheme, String walletId) {
    return prefix + KEY_INFO + mpciumKeyType(scheme) + ":" + walletId;
  }

  /** The last path segment of a key below {@code directory}, or empty for other keys. */
  Optional<String> child(String directory, String key) {
    if (!key.startsWith(directory) || key.length() == directory.length()) {
      return Optional.empty();
    }
    String rest = key.substring(directory.length());
    return rest.indexOf('/') >= 0 ? Optional.empty() : Optional.of(rest);
  }

  /** Mpcium's name of a scheme's keys ({@code eddsa}, {@code ecdsa}), else the scheme label. */
  static String mpciumKeyType(KeyScheme scheme) {
    return MPCIUM_KEY_TYPES.getOrDefault(scheme.label(), scheme.label());
  }

  static String checkNodeId(String nodeId) {
    if (nodeId == null || !NODE_ID.matcher(nodeId).matches()) {
      throw new IllegalArgumentException("node id must be 1-128 characters from "
          + "[A-Za-z0-9._:-], got " + (nodeId == null ? "null"
          : nodeId.length() > 140 ? "a string of " + nodeId.length() + " characters"
          : "'" + nodeId + "'"));
    }
    return nodeId;
  }
}
