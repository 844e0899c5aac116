package io.mpcium.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * {@code expand_message_xmd} with SHA-256 (RFC 9380 §5.3.1) and {@code hash_to_field} into a
 * scalar field with one output (RFC 9380 §5.2, m = 1). Used by the FROST(secp256k1, SHA-256)
 * ciphersuite for H1, H2 and H3. Stateless and thread-safe.
 *
 * <p>The message may be secret (nonce generation hashes a signing share): the computation has no
 * branches on its contents, and intermediate buffers are wiped.
 */
public final class ExpandMessageXmd {
  private static final int B_IN_BYTES = 32;
  private static final int S_IN_BYTES = 64;
  private static final byte[] OVERSIZE_PREFIX =
      "H2C-OVERSIZE-DST-".getBytes(StandardCharsets.US_ASCII);

  private ExpandMessageXmd() { }

  /**
   * {@code expand_message_xmd(msg, DST, len_in_bytes)} with SHA-256. A DST longer than 255 bytes
   * is first hashed as RFC 9380 §5.3.3 requires.
   *
   * @throws IllegalArgumentException if {@code lenInBytes} is not in {@code [1, 8160]}
   */
  public static byte[] sha256(byte[] msg, byte[] dst, int lenInBytes) {
    int ell = (lenInBytes + B_IN_BYTES - 1) / B_IN_BYTES;
    if (lenInBytes < 1 || ell > 255) {
      throw new IllegalArgumentException("len_in_bytes must be between 1 and 8160");
    }
    byte[] dstPrime = dstPrime(dst);
    MessageDigest sha = sha256();
    sha.update(new byte[S_IN_BYTES]);
    sha.update(msg);
    sha.update(new byte[] {(byte) (lenInBytes >>> 8), (byte) lenInBytes, 0});
    sha.update(dstPrime);
    byte[] b0 = sha.digest();
    byte[] out = new byte[ell * B_IN_BYTES];
    byte[] previous = new byte[B_IN_BYTES];
    byte[] input = new byte[B_IN_BYTES];
    // b_1 = H(b_0 || 1 || DST'), b_i = H((b_0 xor b_(i-1)) || i || DST'); b_0 xor 0 = b_0
    for (int i = 1; i <= ell; i++) {
      for (int k = 0; k < B_IN_BYTES; k++) {
        input[k] = (byte) (b0[k] ^ previous[k]);
      }
      sha.update(input);
      sha.update((byte) i);
      sha.update(dstPrime);
      previous = sha.digest();
      System.arraycopy(previous, 0, out, (i - 1) * B_IN_BYTES, B_IN_BYTES);
    }
    Arrays.fill(b0, (byte) 0);
    Arrays.fill(input, (byte) 0);
    Arrays.fill(previous, (byte) 0);
    if (out.length == lenInBytes) {
      return out;
    }
    byte[] truncated = Arrays.copyOf(out, lenInBytes);
    Arrays.fill(out, (byte) 0);
    return truncated;
  }

  /**
   * {@code hash_to_field(msg, 1)} into {@code field} with {@code expand_message_xmd}(SHA-256) and
   * {@code L} = 48 bytes, which suits fields of up to 256 bits at 128-bit security: the 48
   * uniform bytes read big-endian and reduced modulo the field's prime.
   */
  public static Scalar hashToField(ScalarField field, byte[] msg, byte[] dst) {
    byte[] uniform = sha256(msg, dst, 48);
    try {
      return field.reduceBE(uniform);
    } finally {
      Arrays.fill(uniform, (byte) 0);
    }
  }

  private static byte[] dstPrime(byte[] dst) {
    byte[] tag = dst;
    if (dst.length > 255) {
      MessageDigest sha = sha256();
      sha.update(OVERSIZE_PREFIX);
      sha.update(dst);
      tag = sha.digest();
    }
    byte[] prime = Arrays.copyOf(tag, tag.length + 1);
    prime[tag.length] = (byte) tag.length;
    return prime;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
