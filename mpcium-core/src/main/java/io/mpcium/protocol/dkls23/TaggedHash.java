package io.mpcium.protocol.dkls23;

import io.mpcium.crypto.GroupElement;
import io.mpcium.crypto.Scalar;
import io.mpcium.crypto.ScalarField;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Domain-separated SHA-256: {@code SHA-256(be64(|tag|) ‖ tag ‖ be64(|c_0|) ‖ c_0 ‖ … )}. Every
 * component carries its length, so distinct component lists never hash the same input (no
 * {@code ["ab","c"]} / {@code ["a","bc"]} ambiguity). Callers bind the session ids and the
 * ordered pair of party indices as components. Not thread-safe; one use per instance.
 */
final class TaggedHash {
  private final MessageDigest digest;

  private TaggedHash(MessageDigest digest) {
    this.digest = digest;
  }

  static TaggedHash of(String tag) {
    TaggedHash h = new TaggedHash(sha256());
    return h.bytes(tag.getBytes(StandardCharsets.UTF_8));
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }

  /** Appends one length-prefixed component. */
  TaggedHash bytes(byte[] component) {
    return bytes(component, 0, component.length);
  }

  TaggedHash bytes(byte[] component, int offset, int length) {
    long n = length;
    for (int shift = 56; shift >= 0; shift -= 8) {
      digest.update((byte) (n >>> shift));
    }
    digest.update(component, offset, length);
    return this;
  }

  TaggedHash u32(int value) {
    return bytes(new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8),
        (byte) value});
  }

  TaggedHash point(GroupElement p) {
    return bytes(p.encode());
  }

  TaggedHash scalar(Scalar s) {
    byte[] b = s.toBE();
    bytes(b);
    java.util.Arrays.fill(b, (byte) 0);
    return this;
  }

  /** Appends the longs of {@code words} as one component (little-endian bytes). */
  TaggedHash longs(long[] words, int offset, int count) {
    byte[] b = new byte[8 * count];
    for (int i = 0; i < count; i++) {
      Prf.putLongLE(b, 8 * i, words[offset + i]);
    }
    return bytes(b);
  }

  byte[] digest() {
    return digest.digest();
  }

  /** A copy of the state so far, to continue two ways from a common prefix. */
  TaggedHash fork() {
    try {
      return new TaggedHash((MessageDigest) digest.clone());
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("SHA-256 state cannot be cloned", e);
    }
  }

  /**
   * A scalar: 64 bytes ({@code H(… ‖ [0]) ‖ H(… ‖ [1])}) reduced modulo the order, so the
   * statistical distance from uniform is below {@code 2^-250} for any 256-bit order.
   */
  Scalar toScalar(ScalarField field) {
    TaggedHash second = fork();
    byte[] wide = new byte[64];
    System.arraycopy(bytes(new byte[] {0}).digest(), 0, wide, 0, 32);
    System.arraycopy(second.bytes(new byte[] {1}).digest(), 0, wide, 32, 32);
    Scalar s = field.reduceBE(wide);
    java.util.Arrays.fill(wide, (byte) 0);
    return s;
  }
}
