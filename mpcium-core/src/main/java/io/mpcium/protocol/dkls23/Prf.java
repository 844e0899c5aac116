package io.mpcium.protocol.dkls23;

import io.mpcium.crypto.Scalar;
import io.mpcium.crypto.ScalarField;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The hot-loop hash: SHA-256 keyed by a fixed 32-byte context ({@code key}, itself a {@link
 * TaggedHash} of the tag, the session ids and the ordered pair), then fixed-length fields. Every
 * call absorbs the same field layout, so the encoding stays injective without per-field length
 * prefixes; the pre-absorbed state is cloned per call rather than rehashed. Not thread-safe.
 */
final class Prf {
  private final MessageDigest keyed;
  private final byte[] block = new byte[32];

  Prf(byte[] key32) {
    if (key32.length != 32) {
      throw new IllegalArgumentException("PRF key must be 32 bytes");
    }
    keyed = TaggedHash.sha256();
    keyed.update(key32);
  }

  /** {@code SHA-256(key ‖ input ‖ be32(counter))} into {@code out[outOffset..+32)}. */
  void hash(byte[] input, int inOffset, int inLength, int counter, byte[] out, int outOffset) {
    MessageDigest d = fork();
    d.update(input, inOffset, inLength);
    d.update((byte) (counter >>> 24));
    d.update((byte) (counter >>> 16));
    d.update((byte) (counter >>> 8));
    d.update((byte) counter);
    try {
      d.digest(out, outOffset, 32);
    } catch (java.security.DigestException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Fills {@code out} (any length) with {@code hash(input, 0), hash(input, 1), …}, truncated. */
  void expand(byte[] input, byte[] out) {
    int blocks = (out.length + 31) / 32;
    for (int c = 0; c < blocks; c++) {
      int n = Math.min(32, out.length - 32 * c);
      if (n == 32) {
        hash(input, 0, input.length, c, out, 32 * c);
      } else {
        hash(input, 0, input.length, c, block, 0);
        System.arraycopy(block, 0, out, 32 * c, n);
      }
    }
    Arrays.fill(block, (byte) 0);
  }

  /**
   * {@code count} scalars from {@code input}: 32 hash bytes each, reduced, when the order is
   * within {@code 2^-128} of {@code 2^256} (secp256k1: statistical distance about {@code
   * 2^-128}); 64 bytes each otherwise.
   */
  void scalars(ScalarField field, byte[] input, Scalar[] out, int offset, int count) {
    boolean narrow = narrow(field);
    byte[] buf = new byte[narrow ? 32 : 64];
    for (int k = 0; k < count; k++) {
      hash(input, 0, input.length, 2 * k, buf, 0);
      if (narrow) {
        out[offset + k] = reduceOnce(field, buf);
      } else {
        hash(input, 0, input.length, 2 * k + 1, buf, 32);
        out[offset + k] = field.reduceBE(buf);
      }
    }
    Arrays.fill(buf, (byte) 0);
  }

  /**
   * A 32-byte big-endian value below {@code 2^256 < 2p} reduced by one conditional subtraction,
   * without branching on the value.
   */
  static Scalar reduceForTest(ScalarField field, byte[] be32) {
    return reduceOnce(field, be32.clone());
  }

  private static Scalar reduceOnce(ScalarField field, byte[] be32) {
    long[] p = modulusWords(field);
    long[] x = new long[4];
    for (int i = 0; i < 4; i++) {
      long w = 0;
      for (int b = 0; b < 8; b++) {
        w = (w << 8) | (be32[24 - 8 * i + b] & 0xff);
      }
      x[i] = w;
    }
    long[] d = new long[4];
    long borrow = 0;
    for (int i = 0; i < 4; i++) {
      long diff = x[i] - p[i] - borrow;
      borrow = ((~x[i] & p[i]) | (~(x[i] ^ p[i]) & diff)) >>> 63;
      d[i] = diff;
    }
    long keep = -borrow; // all ones when x < p: keep x
    for (int i = 0; i < 4; i++) {
      long w = (x[i] & keep) | (d[i] & ~keep);
      for (int b = 0; b < 8; b++) {
        be32[24 - 8 * i + b] = (byte) (w >>> (56 - 8 * b));
      }
    }
    Arrays.fill(x, 0);
    Arrays.fill(d, 0);
    try {
      return field.fromCanonicalBE(be32);
    } catch (io.mpcium.crypto.InvalidEncodingException e) {
      throw new IllegalStateException("reduction left a value above the order", e);
    }
  }

  private static final java.util.Map<BigInteger, long[]> MODULI =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static long[] modulusWords(ScalarField field) {
    return MODULI.computeIfAbsent(field.modulus(), m -> {
      long[] w = new long[4];
      for (int i = 0; i < 4; i++) {
        w[i] = m.shiftRight(64 * i).longValue();
      }
      return w;
    });
  }

  static boolean narrow(ScalarField field) {
    BigInteger gap = BigInteger.ONE.shiftLeft(256).subtract(field.modulus());
    return gap.signum() > 0 && gap.bitLength() <= 129;
  }

  private MessageDigest fork() {
    try {
      return (MessageDigest) keyed.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("SHA-256 state cannot be cloned", e);
    }
  }

  static void putLongLE(byte[] b, int off, long v) {
    for (int i = 0; i < 8; i++) {
      b[off + i] = (byte) (v >>> (8 * i));
    }
  }

  static long getLongLE(byte[] b, int off) {
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (b[off + i] & 0xff);
    }
    return v;
  }
}
