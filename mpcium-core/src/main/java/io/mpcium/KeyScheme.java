package io.mpcium;

/**
 * A threshold signature scheme a node can generate keys for and sign with.
 *
 * <p>{@link #ED25519}: FROST (RFC 9591, FROST-ED25519-SHA512-v1); signatures are plain RFC 8032
 * Ed25519 signatures (64 bytes, {@code R || S}) under a 32-byte public key.
 */
public enum KeyScheme {
  ED25519("ed25519");

  private final String label;

  KeyScheme(String label) {
    this.label = label;
  }

  /** The lower-case name used in key ids, configuration and JSON, such as {@code "ed25519"}. */
  public String label() {
    return label;
  }

  /** The key id of a wallet's key of this scheme: {@code "<label>:<walletId>"}. */
  public String keyId(String walletId) {
    return label + ":" + walletId;
  }

  /** Parses {@link #label()}, case-insensitively. */
  public static KeyScheme fromLabel(String label) {
    for (KeyScheme scheme : values()) {
      if (scheme.label.equalsIgnoreCase(label)) {
        return scheme;
      }
    }
    throw new IllegalArgumentException("unknown key scheme '" + label + "' (supported: ed25519)");
  }
}
