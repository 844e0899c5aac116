package io.mpcium.protocol.frost;

import io.mpcium.crypto.ExpandMessageXmd;
import io.mpcium.crypto.Scalar;
import io.mpcium.crypto.ScalarField;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The context-string hashes of RFC 9591 §6.5 (FROST(secp256k1, SHA-256)), for any context
 * string: hash-to-scalar as {@code hash_to_field} with {@code expand_message_xmd}(SHA-256), DST
 * {@code contextString || label} and L = 48, and plain {@code SHA-256(contextString || label ||
 * m)}. Immutable and thread-safe.
 */
final class ContextHashes {
  private final byte[] context;
  private final ScalarField field;

  ContextHashes(String contextString, ScalarField field) {
    this.context = contextString.getBytes(StandardCharsets.US_ASCII);
    this.field = field;
  }

  /** {@code hash_to_field(m, 1)} with DST {@code contextString || label}. */
  Scalar toScalar(String label, byte[] message) {
    return ExpandMessageXmd.hashToField(field, message, tag(label));
  }

  /** {@code SHA-256(contextString || label || m)}. */
  byte[] digest(String label, byte[] message) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(tag(label));
      sha.update(message);
      return sha.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  private byte[] tag(String label) {
    byte[] suffix = label.getBytes(StandardCharsets.US_ASCII);
    byte[] tag = new byte[context.length + suffix.length];
    System.arraycopy(context, 0, tag, 0, context.length);
    System.arraycopy(suffix, 0, tag, context.length, suffix.length);
    return tag;
  }
}
