package io.mpcium;

/**
 * A threshold signature scheme a node can generate keys for and sign with.
 *
 * <p>{@link #ED25519}: FROST (RFC 9591, FROST-ED25519-SHA512-v1); signatures are plain RFC 8032
 * Ed25519 signatures (64 bytes, {@code R || S}) under a 32-byte public key.
 *
 * <p>{@link #SECP256K1}: threshold ECDSA with DKLs23; the public key is 33-byte compressed SEC1,
 * the message is a 32-byte digest the caller computed, and signatures are {@code r || s} with
 * low S plus a recovery id, as Ethereum and Bitcoin expect. A party that fails a DKLs23 check
 * during signing is banned for that key.
 *
 * <p>{@link #SCHNORR}: FROST over secp256k1 with BIP340's challenge and even-Y rules (Bitcoin
 * Taproot); the public key is the 32-byte x-only key, signatures are 64-byte BIP340 signatures,
 * optionally for a BIP341 output key ({@link TaprootTweak}).
 */
public enum KeyScheme {
  SECP256K1("secp256k1"),
  ED25519("ed25519"),
  SCHNORR("schnorr");

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
    throw new IllegalArgumentException("unknown key scheme '" + label + "' (supported: "
        + String.join(", ", java.util.Arrays.stream(values()).map(KeyScheme::label).toList())
        + ")");
  }
}
