package io.mpcium.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * The integers modulo an odd prime {@code p} with {@code 2^128 < p < 2^256}: the scalar field of
 * a prime-order group (Ed25519's {@code L}, secp256k1's {@code n}).
 *
 * <p>Scalars are held in Montgomery form ({@code R = 2^260}) as five 52-bit limbs in {@code
 * long}s, which leaves room to add partial products without carry detection. Every operation on
 * scalar values (arithmetic, decoding, encoding, comparison) runs in time independent of the
 * values: no branches or memory indexing on them, no {@code BigInteger}. Only {@link
 * #fromBigInteger(BigInteger)} and {@link Scalar#toBigInteger()} use {@code BigInteger}, and they
 * are for public values.
 *
 * <p>Instances are immutable and thread-safe; two fields are equal when their moduli are.
 */
public final class ScalarField {
  static final int LIMBS = 5;
  private static final long M52 = (1L << 52) - 1;
  private static final BigInteger TWO_128 = BigInteger.ONE.shiftLeft(128);
  private static final BigInteger TWO_256 = BigInteger.ONE.shiftLeft(256);
  private static final BigInteger R = BigInteger.ONE.shiftLeft(52 * LIMBS);

  private final BigInteger modulus;
  // modulus limbs (52 bits each), little-endian
  private final long m0;
  private final long m1;
  private final long m2;
  private final long m3;
  private final long m4;
  /** -modulus^-1 mod 2^52. */
  private final long mInv;
  /** Montgomery constants in limbs: R mod p (one), R^2 mod p, R^3 mod p. */
  private final long[] r1;

  private final long[] r2;
  private final long[] r3;
  /** The public exponent p - 2 (Fermat inversion), as four 64-bit little-endian words. */
  private final long[] pMinus2;

  /**
   * Builds the field modulo {@code modulus}.
   *
   * @throws IllegalArgumentException unless {@code modulus} is an odd prime with {@code 2^128 <
   *     modulus < 2^256}
   */
  public ScalarField(BigInteger modulus) {
    Objects.requireNonNull(modulus, "modulus");
    if (modulus.compareTo(TWO_128) <= 0 || modulus.compareTo(TWO_256) >= 0) {
      throw new IllegalArgumentException("modulus must lie strictly between 2^128 and 2^256");
    }
    if (!modulus.testBit(0) || !modulus.isProbablePrime(128)) {
      throw new IllegalArgumentException("modulus must be an odd prime");
    }
    this.modulus = modulus;
    long[] m = limbsOf(modulus);
    m0 = m[0];
    m1 = m[1];
    m2 = m[2];
    m3 = m[3];
    m4 = m[4];
    // Newton iteration for m0^-1 mod 2^64: each step doubles the number of correct bits.
    long inv = m0; // correct to 3 bits since m0 is odd
    for (int i = 0; i < 5; i++) {
      inv *= 2 - m0 * inv;
    }
    mInv = -inv & M52;
    r1 = limbsOf(R.mod(modulus));
    r2 = limbsOf(R.pow(2).mod(modulus));
    r3 = limbsOf(R.pow(3).mod(modulus));
    BigInteger e = modulus.subtract(BigInteger.TWO);
    pMinus2 = new long[4];
    for (int i = 0; i < 4; i++) {
      pMinus2[i] = e.shiftRight(64 * i).longValue();
    }
  }

  /** The prime modulus. */
  public BigInteger modulus() {
    return modulus;
  }

  /** A new scalar 0. */
  public Scalar zero() {
    return new Scalar(this, new long[LIMBS]);
  }

  /** A new scalar 1. */
  public Scalar one() {
    return new Scalar(this, r1.clone());
  }

  /** The scalar {@code value mod p}; {@code value} must be non-negative. */
  public Scalar of(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("value must be non-negative");
    }
    return new Scalar(this, toMontgomery(limbsFromWords(new long[] {value, 0, 0, 0}, 4)));
  }

  /**
   * The scalar {@code value mod p} (negative values allowed). Uses {@code BigInteger}: for public
   * values only.
   */
  public Scalar fromBigInteger(BigInteger value) {
    return new Scalar(this, toMontgomery(limbsOf(value.mod(modulus))));
  }

  /**
   * Decodes exactly 32 little-endian bytes holding a value below the modulus. The range check
   * runs in constant time; only its outcome is revealed.
   *
   * @throws InvalidEncodingException if the length is wrong or the value is not below the
   *     modulus
   */
  public Scalar fromCanonicalLE(byte[] b32) throws InvalidEncodingException {
    if (b32 == null || b32.length != 32) {
      throw new InvalidEncodingException("scalar encoding must be 32 bytes");
    }
    long[] w = new long[4];
    for (int i = 0; i < 4; i++) {
      w[i] = readLongLE(b32, 8 * i);
    }
    return fromCanonicalWords(w);
  }

  /** As {@link #fromCanonicalLE(byte[])}, big-endian. */
  public Scalar fromCanonicalBE(byte[] b32) throws InvalidEncodingException {
    if (b32 == null || b32.length != 32) {
      throw new InvalidEncodingException("scalar encoding must be 32 bytes");
    }
    long[] w = new long[4];
    for (int i = 0; i < 4; i++) {
      w[i] = readLongBE(b32, 24 - 8 * i);
    }
    return fromCanonicalWords(w);
  }

  private Scalar fromCanonicalWords(long[] w) throws InvalidEncodingException {
    long[] t = limbsFromWords(w, 4);
    Arrays.fill(w, 0);
    // the borrow out of t - p is 1 exactly when t < p
    long borrow = 0;
    long[] m = {m0, m1, m2, m3, m4};
    for (int i = 0; i < LIMBS; i++) {
      borrow = (t[i] - m[i] - borrow) >>> 63;
    }
    if (borrow == 0) {
      Arrays.fill(t, 0);
      throw new InvalidEncodingException("scalar is not below the group order");
    }
    return new Scalar(this, toMontgomery(t));
  }

  /**
   * The little-endian integer in {@code bytes} (0 to 64 bytes) reduced modulo {@code p}, as for
   * turning a SHA-512 digest into a scalar (RFC 8032). Constant time for a given length.
   */
  public Scalar reduceLE(byte[] bytes) {
    checkWideLength(bytes);
    byte[] wide = new byte[64];
    System.arraycopy(bytes, 0, wide, 0, bytes.length);
    Scalar s = reduceWide(wide);
    Arrays.fill(wide, (byte) 0);
    return s;
  }

  /** As {@link #reduceLE(byte[])} for a big-endian integer. */
  public Scalar reduceBE(byte[] bytes) {
    checkWideLength(bytes);
    byte[] wide = new byte[64];
    int n = bytes.length;
    for (int i = 0; i < n; i++) {
      wide[i] = bytes[n - 1 - i];
    }
    Scalar s = reduceWide(wide);
    Arrays.fill(wide, (byte) 0);
    return s;
  }

  /**
   * A uniformly random non-zero scalar: 64 random bytes reduced modulo {@code p} (statistical
   * distance below {@code 2^-256} from uniform), redrawn in the negligible case of zero.
   */
  public Scalar random(SecureRandom rng) {
    Objects.requireNonNull(rng, "rng");
    byte[] wide = new byte[64];
    try {
      while (true) {
        rng.nextBytes(wide);
        Scalar s = reduceWide(wide);
        if (!s.isZero()) {
          return s;
        }
      }
    } finally {
      Arrays.fill(wide, (byte) 0);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof ScalarField other && modulus.equals(other.modulus));
  }

  @Override
  public int hashCode() {
    return modulus.hashCode();
  }

  @Override
  public String toString() {
    return "ScalarField[" + modulus.bitLength() + "-bit prime]";
  }

  // ---------------------------------------------------------------- internals (package-private)

  private static void checkWideLength(byte[] bytes) {
    if (bytes.length > 64) {
      throw new IllegalArgumentException("at most 64 bytes can be reduced");
    }
  }

  /** Reduces a 64-byte little-endian v = lo + hi·R: lo·R2/R + hi·R3/R = v·R mod p. */
  private Scalar reduceWide(byte[] wide) {
    long[] w = new long[8];
    for (int i = 0; i < 8; i++) {
      w[i] = readLongLE(wide, 8 * i);
    }
    long[] limbs = limbsFromWords(w, 8); // 10 limbs, 520 bits
    long[] lo = Arrays.copyOfRange(limbs, 0, LIMBS);
    long[] hi = Arrays.copyOfRange(limbs, LIMBS, 2 * LIMBS);
    long[] a = new long[LIMBS];
    long[] b = new long[LIMBS];
    montMul(lo, r2, a);
    montMul(hi, r3, b);
    addMod(a, b, a);
    Arrays.fill(w, 0);
    Arrays.fill(limbs, 0);
    Arrays.fill(lo, 0);
    Arrays.fill(hi, 0);
    Arrays.fill(b, 0);
    return new Scalar(this, a);
  }

  /** Montgomery form of canonical limbs (wiped afterwards). */
  private long[] toMontgomery(long[] canonical) {
    long[] r = new long[LIMBS];
    montMul(canonical, r2, r);
    Arrays.fill(canonical, 0);
    return r;
  }

  /** The canonical value of a Montgomery-form scalar as four 64-bit little-endian words. */
  long[] canonicalWords(long[] mont) {
    long[] c = new long[LIMBS];
    long[] oneLimb = {1, 0, 0, 0, 0};
    montMul(mont, oneLimb, c);
    long[] w = {
      c[0] | (c[1] << 52),
      (c[1] >>> 12) | (c[2] << 40),
      (c[2] >>> 24) | (c[3] << 28),
      (c[3] >>> 36) | (c[4] << 16)
    };
    Arrays.fill(c, 0);
    return w;
  }

  long[] pMinus2() {
    return pMinus2;
  }

  long[] oneLimbs() {
    return r1;
  }

  /** z = x + y mod p, for x, y < p. z may alias x or y. */
  void addMod(long[] x, long[] y, long[] z) {
    long s0 = x[0] + y[0];
    long s1 = x[1] + y[1] + (s0 >>> 52);
    long s2 = x[2] + y[2] + (s1 >>> 52);
    long s3 = x[3] + y[3] + (s2 >>> 52);
    long s4 = x[4] + y[4] + (s3 >>> 52);
    condSubtract(s0 & M52, s1 & M52, s2 & M52, s3 & M52, s4, z);
  }

  /** z = x - y mod p, for x, y < p. z may alias x or y. */
  void subMod(long[] x, long[] y, long[] z) {
    long d0 = x[0] - y[0];
    long d1 = x[1] - y[1] - (d0 >>> 63);
    long d2 = x[2] - y[2] - (d1 >>> 63);
    long d3 = x[3] - y[3] - (d2 >>> 63);
    long d4 = x[4] - y[4] - (d3 >>> 63);
    long mask = -(d4 >>> 63); // all ones when x < y: add p back
    long s0 = (d0 & M52) + (m0 & mask);
    long s1 = (d1 & M52) + (m1 & mask) + (s0 >>> 52);
    long s2 = (d2 & M52) + (m2 & mask) + (s1 >>> 52);
    long s3 = (d3 & M52) + (m3 & mask) + (s2 >>> 52);
    long s4 = (d4 & M52) + (m4 & mask) + (s3 >>> 52);
    z[0] = s0 & M52;
    z[1] = s1 & M52;
    z[2] = s2 & M52;
    z[3] = s3 & M52;
    z[4] = s4 & M52;
  }

  /**
   * Montgomery product z = x·y·2^-260 mod p, word by word with lazy carries: every partial
   * product is split into two 52-bit halves added to neighbouring limbs, which stay below 2^58,
   * and carries are resolved once at the end. Requires limbs below 2^52, x < 2^260 and y < p;
   * then z < p. z may alias x or y.
   */
  void montMul(long[] x, long[] y, long[] z) {
    final long a0 = x[0];
    final long a1 = x[1];
    final long a2 = x[2];
    final long a3 = x[3];
    final long a4 = x[4];
    final long n0 = m0;
    final long n1 = m1;
    final long n2 = m2;
    final long n3 = m3;
    final long n4 = m4;
    long t0 = 0;
    long t1 = 0;
    long t2 = 0;
    long t3 = 0;
    long t4 = 0;
    long t5;
    for (int i = 0; i < LIMBS; i++) {
      final long b = y[i];
      long lo;
      long hi;
      lo = a0 * b;
      hi = Math.multiplyHigh(a0, b);
      t0 += lo & M52;
      t1 += (hi << 12) | (lo >>> 52);
      lo = a1 * b;
      hi = Math.multiplyHigh(a1, b);
      t1 += lo & M52;
      t2 += (hi << 12) | (lo >>> 52);
      lo = a2 * b;
      hi = Math.multiplyHigh(a2, b);
      t2 += lo & M52;
      t3 += (hi << 12) | (lo >>> 52);
      lo = a3 * b;
      hi = Math.multiplyHigh(a3, b);
      t3 += lo & M52;
      t4 += (hi << 12) | (lo >>> 52);
      lo = a4 * b;
      hi = Math.multiplyHigh(a4, b);
      t4 += lo & M52;
      t5 = (hi << 12) | (lo >>> 52);

      // add q·p with q chosen so that the low 52 bits of t vanish, then shift by one limb
      final long q = (t0 * mInv) & M52;
      lo = q * n0;
      hi = Math.multiplyHigh(q, n0);
      t0 += lo & M52;
      t1 += ((hi << 12) | (lo >>> 52)) + (t0 >>> 52);
      lo = q * n1;
      hi = Math.multiplyHigh(q, n1);
      t1 += lo & M52;
      t2 += (hi << 12) | (lo >>> 52);
      lo = q * n2;
      hi = Math.multiplyHigh(q, n2);
      t2 += lo & M52;
      t3 += (hi << 12) | (lo >>> 52);
      lo = q * n3;
      hi = Math.multiplyHigh(q, n3);
      t3 += lo & M52;
      t4 += (hi << 12) | (lo >>> 52);
      lo = q * n4;
      hi = Math.multiplyHigh(q, n4);
      t4 += lo & M52;
      t5 += (hi << 12) | (lo >>> 52);

      t0 = t1;
      t1 = t2;
      t2 = t3;
      t3 = t4;
      t4 = t5;
    }
    // resolve the lazy carries; the value is below 2p < 2^257, so it fits five limbs
    t1 += t0 >>> 52;
    t2 += t1 >>> 52;
    t3 += t2 >>> 52;
    t4 += t3 >>> 52;
    condSubtract(t0 & M52, t1 & M52, t2 & M52, t3 & M52, t4, z);
  }

  /** Writes t - p to z if t ≥ p, else t; for normalized t below 2p. Constant time. */
  private void condSubtract(long t0, long t1, long t2, long t3, long t4, long[] z) {
    long d0 = t0 - m0;
    long d1 = t1 - m1 - (d0 >>> 63);
    long d2 = t2 - m2 - (d1 >>> 63);
    long d3 = t3 - m3 - (d2 >>> 63);
    long d4 = t4 - m4 - (d3 >>> 63);
    long keep = -(d4 >>> 63); // all ones when t < p
    z[0] = (d0 & M52) ^ (((d0 & M52) ^ t0) & keep);
    z[1] = (d1 & M52) ^ (((d1 & M52) ^ t1) & keep);
    z[2] = (d2 & M52) ^ (((d2 & M52) ^ t2) & keep);
    z[3] = (d3 & M52) ^ (((d3 & M52) ^ t3) & keep);
    z[4] = (d4 & M52) ^ (((d4 & M52) ^ t4) & keep);
  }

  /** 52-bit limbs of {@code n} 64-bit little-endian words (ceil(64n/52) limbs). */
  private static long[] limbsFromWords(long[] w, int n) {
    int count = (64 * n + 51) / 52;
    long[] r = new long[count];
    for (int k = 0; k < count; k++) {
      int bit = 52 * k;
      int word = bit >>> 6;
      int off = bit & 63;
      long v = w[word] >>> off;
      if (off > 12 && word + 1 < n) { // public positions only
        v |= w[word + 1] << (64 - off);
      }
      r[k] = v & M52;
    }
    return r;
  }

  static long readLongLE(byte[] b, int off) {
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (b[off + i] & 0xffL);
    }
    return v;
  }

  static long readLongBE(byte[] b, int off) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[off + i] & 0xffL);
    }
    return v;
  }

  private static long[] limbsOf(BigInteger v) {
    long[] r = new long[LIMBS];
    for (int i = 0; i < LIMBS; i++) {
      r[i] = v.shiftRight(52 * i).longValue() & M52;
    }
    return r;
  }
}
