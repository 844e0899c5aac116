package io.mpcium.crypto.secp256k1;

import java.math.BigInteger;

/**
 * Arithmetic modulo the secp256k1 prime {@code p = 2^256 − C}, {@code C = 2^32 + 977}, on five
 * little-endian 52-bit limbs ({@code long[5]}, top limb below {@code 2^48}), every value kept
 * canonical (in {@code [0, p)}).
 *
 * <p>Every operation here except {@link #of} and {@link #toBigInteger} (for public values) runs
 * one fixed sequence of instructions: no branch and no memory index depends on the operands.
 * Multiplication forms the 25 partial products with {@link Math#multiplyHigh} (exact for
 * operands below {@code 2^63}), splits each at bit 52 so that column sums never overflow, folds
 * the high half with {@code 2^260 ≡ 16·C}, and ends with a masked conditional subtraction of p.
 * Inversion converts to BouncyCastle's 32-bit limbs and uses its constant-time {@code
 * Mod.checkedModOddInverse} (safegcd). Stateless.
 */
final class Fp {
  private static final long M52 = (1L << 52) - 1;
  private static final long M48 = (1L << 48) - 1;
  private static final long C = 0x1000003D1L;
  /** {@code 2^260 mod p = 16·C}. */
  private static final long R = C << 4;
  private static final long P0 = (1L << 52) - C;
  private static final long P4 = M48;

  private Fp() { }

  static long[] create() {
    return new long[5];
  }

  /** The element for a public integer in {@code [0, p)}. */
  static long[] of(BigInteger publicValue) {
    long[] r = new long[5];
    for (int i = 0; i < 5; i++) {
      r[i] = publicValue.shiftRight(52 * i).longValue() & M52;
    }
    return r;
  }

  static BigInteger toBigInteger(long[] x) {
    BigInteger r = BigInteger.ZERO;
    for (int i = 4; i >= 0; i--) {
      r = r.shiftLeft(52).or(BigInteger.valueOf(x[i]));
    }
    return r;
  }

  /** z = x + y. */
  static void add(long[] x, long[] y, long[] z) {
    long s0 = x[0] + y[0];
    long s1 = x[1] + y[1] + (s0 >>> 52);
    long s2 = x[2] + y[2] + (s1 >>> 52);
    long s3 = x[3] + y[3] + (s2 >>> 52);
    long s4 = x[4] + y[4] + (s3 >>> 52);
    subtractPIfAtLeast(s0 & M52, s1 & M52, s2 & M52, s3 & M52, s4, z);
  }

  /** z = 2x. */
  static void twice(long[] x, long[] z) {
    add(x, x, z);
  }

  /** z = x − y. */
  static void subtract(long[] x, long[] y, long[] z) {
    long d0 = x[0] - y[0];
    long d1 = x[1] - y[1] - (d0 >>> 63);
    long d2 = x[2] - y[2] - (d1 >>> 63);
    long d3 = x[3] - y[3] - (d2 >>> 63);
    long d4 = x[4] - y[4] - (d3 >>> 63);
    long mask = d4 >> 63; // all ones when x < y: add p back
    long s0 = (d0 & M52) + (P0 & mask);
    long s1 = (d1 & M52) + (M52 & mask) + (s0 >>> 52);
    long s2 = (d2 & M52) + (M52 & mask) + (s1 >>> 52);
    long s3 = (d3 & M52) + (M52 & mask) + (s2 >>> 52);
    long s4 = (d4 & M52) + (P4 & mask) + (s3 >>> 52);
    z[0] = s0 & M52;
    z[1] = s1 & M52;
    z[2] = s2 & M52;
    z[3] = s3 & M52;
    z[4] = s4 & M48;
  }

  /** z = −x. */
  static void negate(long[] x, long[] z) {
    subtract(new long[5], x, z);
  }

  /** z = 21·x (21 = 3b for secp256k1's b = 7). */
  static void times21(long[] x, long[] z) {
    long s0 = x[0] * 21;
    long s1 = x[1] * 21 + (s0 >>> 52);
    long s2 = x[2] * 21 + (s1 >>> 52);
    long s3 = x[3] * 21 + (s2 >>> 52);
    long s4 = x[4] * 21 + (s3 >>> 52);
    foldAndReduce(s0 & M52, s1 & M52, s2 & M52, s3 & M52, s4, 0, z);
  }

  /** z = x·y. z may alias x or y. */
  static void multiply(long[] x, long[] y, long[] z) {
    long a0 = x[0];
    long a1 = x[1];
    long a2 = x[2];
    long a3 = x[3];
    long a4 = x[4];
    long b0 = y[0];
    long b1 = y[1];
    long b2 = y[2];
    long b3 = y[3];
    long b4 = y[4];
    // columns c0..c9 of Σ a_i·b_j·2^(52(i+j)); each product split at bit 52 (columns < 2^56)
    long c0 = 0;
    long c1 = 0;
    long c2 = 0;
    long c3 = 0;
    long c4 = 0;
    long c5 = 0;
    long c6 = 0;
    long c7 = 0;
    long c8 = 0;
    long c9 = 0;
    long lo;
    long hi;
    // i + j = 0
    lo = a0 * b0; hi = Math.multiplyHigh(a0, b0);
    c0 += lo & M52; c1 += (lo >>> 52) | (hi << 12);
    // i + j = 1
    lo = a0 * b1; hi = Math.multiplyHigh(a0, b1);
    c1 += lo & M52; c2 += (lo >>> 52) | (hi << 12);
    lo = a1 * b0; hi = Math.multiplyHigh(a1, b0);
    c1 += lo & M52; c2 += (lo >>> 52) | (hi << 12);
    // i + j = 2
    lo = a0 * b2; hi = Math.multiplyHigh(a0, b2);
    c2 += lo & M52; c3 += (lo >>> 52) | (hi << 12);
    lo = a1 * b1; hi = Math.multiplyHigh(a1, b1);
    c2 += lo & M52; c3 += (lo >>> 52) | (hi << 12);
    lo = a2 * b0; hi = Math.multiplyHigh(a2, b0);
    c2 += lo & M52; c3 += (lo >>> 52) | (hi << 12);
    // i + j = 3
    lo = a0 * b3; hi = Math.multiplyHigh(a0, b3);
    c3 += lo & M52; c4 += (lo >>> 52) | (hi << 12);
    lo = a1 * b2; hi = Math.multiplyHigh(a1, b2);
    c3 += lo & M52; c4 += (lo >>> 52) | (hi << 12);
    lo = a2 * b1; hi = Math.multiplyHigh(a2, b1);
    c3 += lo & M52; c4 += (lo >>> 52) | (hi << 12);
    lo = a3 * b0; hi = Math.multiplyHigh(a3, b0);
    c3 += lo & M52; c4 += (lo >>> 52) | (hi << 12);
    // i + j = 4
    lo = a0 * b4; hi = Math.multiplyHigh(a0, b4);
    c4 += lo & M52; c5 += (lo >>> 52) | (hi << 12);
    lo = a1 * b3; hi = Math.multiplyHigh(a1, b3);
    c4 += lo & M52; c5 += (lo >>> 52) | (hi << 12);
    lo = a2 * b2; hi = Math.multiplyHigh(a2, b2);
    c4 += lo & M52; c5 += (lo >>> 52) | (hi << 12);
    lo = a3 * b1; hi = Math.multiplyHigh(a3, b1);
    c4 += lo & M52; c5 += (lo >>> 52) | (hi << 12);
    lo = a4 * b0; hi = Math.multiplyHigh(a4, b0);
    c4 += lo & M52; c5 += (lo >>> 52) | (hi << 12);
    // i + j = 5
    lo = a1 * b4; hi = Math.multiplyHigh(a1, b4);
    c5 += lo & M52; c6 += (lo >>> 52) | (hi << 12);
    lo = a2 * b3; hi = Math.multiplyHigh(a2, b3);
    c5 += lo & M52; c6 += (lo >>> 52) | (hi << 12);
    lo = a3 * b2; hi = Math.multiplyHigh(a3, b2);
    c5 += lo & M52; c6 += (lo >>> 52) | (hi << 12);
    lo = a4 * b1; hi = Math.multiplyHigh(a4, b1);
    c5 += lo & M52; c6 += (lo >>> 52) | (hi << 12);
    // i + j = 6
    lo = a2 * b4; hi = Math.multiplyHigh(a2, b4);
    c6 += lo & M52; c7 += (lo >>> 52) | (hi << 12);
    lo = a3 * b3; hi = Math.multiplyHigh(a3, b3);
    c6 += lo & M52; c7 += (lo >>> 52) | (hi << 12);
    lo = a4 * b2; hi = Math.multiplyHigh(a4, b2);
    c6 += lo & M52; c7 += (lo >>> 52) | (hi << 12);
    // i + j = 7
    lo = a3 * b4; hi = Math.multiplyHigh(a3, b4);
    c7 += lo & M52; c8 += (lo >>> 52) | (hi << 12);
    lo = a4 * b3; hi = Math.multiplyHigh(a4, b3);
    c7 += lo & M52; c8 += (lo >>> 52) | (hi << 12);
    // i + j = 8
    lo = a4 * b4; hi = Math.multiplyHigh(a4, b4);
    c8 += lo & M52; c9 += (lo >>> 52) | (hi << 12);
    reduceWide(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, z);
  }

  /** z = x², with the 15 distinct partial products (cross terms doubled). z may alias x. */
  static void square(long[] x, long[] z) {
    long a0 = x[0];
    long a1 = x[1];
    long a2 = x[2];
    long a3 = x[3];
    long a4 = x[4];
    long d0 = a0 << 1;
    long d1 = a1 << 1;
    long d2 = a2 << 1;
    long d3 = a3 << 1;
    long c0 = 0;
    long c1 = 0;
    long c2 = 0;
    long c3 = 0;
    long c4 = 0;
    long c5 = 0;
    long c6 = 0;
    long c7 = 0;
    long c8 = 0;
    long c9 = 0;
    long lo;
    long hi;
    // i + j = 0
    lo = a0 * a0; hi = Math.multiplyHigh(a0, a0);
    c0 += lo & M52; c1 += (lo >>> 52) | (hi << 12);
    // i + j = 1
    lo = d0 * a1; hi = Math.multiplyHigh(d0, a1);
    c1 += lo & M52; c2 += (lo >>> 52) | (hi << 12);
    // i + j = 2
    lo = d0 * a2; hi = Math.multiplyHigh(d0, a2);
    c2 += lo & M52; c3 += (lo >>> 52) | (hi << 12);
    lo = a1 * a1; hi = Math.multiplyHigh(a1, a1);
    c2 += lo & M52; c3 += (lo >>> 52) | (hi << 12);
    // i + j = 3
    lo = d0 * a3; hi = Math.multiplyHigh(d0, a3);
    c3 += lo & M52; c4 += (lo >>> 52) | (hi << 12);
    lo = d1 * a2; hi = Math.multiplyHigh(d1, a2);
    c3 += lo & M52; c4 += (lo >>> 52) | (hi << 12);
    // i + j = 4
    lo = d0 * a4; hi = Math.multiplyHigh(d0, a4);
    c4 += lo & M52; c5 += (lo >>> 52) | (hi << 12);
    lo = d1 * a3; hi = Math.multiplyHigh(d1, a3);
    c4 += lo & M52; c5 += (lo >>> 52) | (hi << 12);
    lo = a2 * a2; hi = Math.multiplyHigh(a2, a2);
    c4 += lo & M52; c5 += (lo >>> 52) | (hi << 12);
    // i + j = 5
    lo = d1 * a4; hi = Math.multiplyHigh(d1, a4);
    c5 += lo & M52; c6 += (lo >>> 52) | (hi << 12);
    lo = d2 * a3; hi = Math.multiplyHigh(d2, a3);
    c5 += lo & M52; c6 += (lo >>> 52) | (hi << 12);
    // i + j = 6
    lo = d2 * a4; hi = Math.multiplyHigh(d2, a4);
    c6 += lo & M52; c7 += (lo >>> 52) | (hi << 12);
    lo = a3 * a3; hi = Math.multiplyHigh(a3, a3);
    c6 += lo & M52; c7 += (lo >>> 52) | (hi << 12);
    // i + j = 7
    lo = d3 * a4; hi = Math.multiplyHigh(d3, a4);
    c7 += lo & M52; c8 += (lo >>> 52) | (hi << 12);
    // i + j = 8
    lo = a4 * a4; hi = Math.multiplyHigh(a4, a4);
    c8 += lo & M52; c9 += (lo >>> 52) | (hi << 12);
    reduceWide(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, z);
  }

  /** z = x^(2^n). */
  static void squareN(long[] x, int n, long[] z) {
    square(x, z);
    for (int i = 1; i < n; i++) {
      square(z, z);
    }
  }

  /** z = 1/x for x ≠ 0, constant time. */
  static void invert(long[] x, long[] z) {
    int[] w = new int[8];
    long[] q = {
      x[0] | (x[1] << 52),
      (x[1] >>> 12) | (x[2] << 40),
      (x[2] >>> 24) | (x[3] << 28),
      (x[3] >>> 36) | (x[4] << 16)
    };
    for (int i = 0; i < 4; i++) {
      w[2 * i] = (int) q[i];
      w[2 * i + 1] = (int) (q[i] >>> 32);
    }
    int[] r = new int[8];
    org.bouncycastle.math.ec.custom.sec.SecP256K1Field.inv(w, r);
    for (int i = 0; i < 4; i++) {
      q[i] = (r[2 * i] & 0xFFFFFFFFL) | ((long) r[2 * i + 1] << 32);
    }
    z[0] = q[0] & M52;
    z[1] = ((q[0] >>> 52) | (q[1] << 12)) & M52;
    z[2] = ((q[1] >>> 40) | (q[2] << 24)) & M52;
    z[3] = ((q[2] >>> 28) | (q[3] << 36)) & M52;
    z[4] = q[3] >>> 16;
    java.util.Arrays.fill(w, 0);
    java.util.Arrays.fill(r, 0);
    java.util.Arrays.fill(q, 0);
  }

  /** −1 if x = 0, else 0, without branching on x. */
  static int isZeroMask(long[] x) {
    long acc = x[0] | x[1] | x[2] | x[3] | x[4];
    return (int) (((acc | -acc) >> 63) ^ -1L);
  }

  /** z = x where mask = −1, z unchanged where mask = 0. */
  static void cmov(int mask, long[] x, long[] z) {
    long m = mask;
    for (int i = 0; i < 5; i++) {
      z[i] ^= (z[i] ^ x[i]) & m;
    }
  }

  /** z = −z where mask = −1, z unchanged where mask = 0. */
  static void cnegate(int mask, long[] z) {
    long[] neg = new long[5];
    negate(z, neg);
    cmov(mask, neg, z);
  }

  /**
   * Reduces {@code Σ c_k·2^(52k)} (k < 10, every c_k below {@code 2^57}): the columns from 5 up
   * are multiplied by {@code 2^260 mod p} and added to the columns five below.
   */
  private static void reduceWide(long c0, long c1, long c2, long c3, long c4, long c5, long c6,
      long c7, long c8, long c9, long[] z) {
    long d0 = c0;
    long d1 = c1;
    long d2 = c2;
    long d3 = c3;
    long d4 = c4;
    long lo;
    long hi;
    lo = c5 * R; hi = Math.multiplyHigh(c5, R);
    d0 += lo & M52; d1 += (lo >>> 52) | (hi << 12);
    lo = c6 * R; hi = Math.multiplyHigh(c6, R);
    d1 += lo & M52; d2 += (lo >>> 52) | (hi << 12);
    lo = c7 * R; hi = Math.multiplyHigh(c7, R);
    d2 += lo & M52; d3 += (lo >>> 52) | (hi << 12);
    lo = c8 * R; hi = Math.multiplyHigh(c8, R);
    d3 += lo & M52; d4 += (lo >>> 52) | (hi << 12);
    lo = c9 * R; hi = Math.multiplyHigh(c9, R);
    d4 += lo & M52;
    long d5 = (lo >>> 52) | (hi << 12);
    // carries (d_k < 2^58)
    d1 += d0 >>> 52;
    d2 += d1 >>> 52;
    d3 += d2 >>> 52;
    d4 += d3 >>> 52;
    foldAndReduce(d0 & M52, d1 & M52, d2 & M52, d3 & M52, d4, d5, z);
  }

  /**
   * Reduces {@code l0 + l1·2^52 + l2·2^104 + l3·2^156 + l4·2^208 + top·2^260} with 52-bit
   * {@code l0..l3}, {@code l4 < 2^60} and {@code top < 2^42}: folds everything from bit 256 up
   * with {@code 2^256 ≡ C}, twice, then subtracts p once if needed.
   */
  private static void foldAndReduce(long l0, long l1, long l2, long l3, long l4, long top,
      long[] z) {
    long h = (l4 >>> 48) + (top << 4); // below 2^47
    l4 &= M48;
    // h·C = h·977 + h·2^32; h·2^32 split at bit 52
    l0 += h * 977 + ((h & 0xFFFFF) << 32);
    l1 += h >>> 20;
    l1 += l0 >>> 52;
    l0 &= M52;
    l2 += l1 >>> 52;
    l1 &= M52;
    l3 += l2 >>> 52;
    l2 &= M52;
    l4 += l3 >>> 52;
    l3 &= M52;
    // at most one more 2^256
    long h2 = l4 >>> 48;
    l4 &= M48;
    l0 += h2 * C;
    l1 += l0 >>> 52;
    l0 &= M52;
    l2 += l1 >>> 52;
    l1 &= M52;
    l3 += l2 >>> 52;
    l2 &= M52;
    l4 += l3 >>> 52;
    l3 &= M52;
    subtractPIfAtLeast(l0, l1, l2, l3, l4, z);
  }

  /** z = s − p if s ≥ p, else s; s given as 52-bit limbs with {@code s < 2p}. */
  private static void subtractPIfAtLeast(long s0, long s1, long s2, long s3, long s4, long[] z) {
    long d0 = s0 - P0;
    long d1 = s1 - M52 - (d0 >>> 63);
    long d2 = s2 - M52 - (d1 >>> 63);
    long d3 = s3 - M52 - (d2 >>> 63);
    long d4 = s4 - P4 - (d3 >>> 63);
    long keep = d4 >> 63; // all ones when s < p
    z[0] = (d0 & M52 & ~keep) | (s0 & keep);
    z[1] = (d1 & M52 & ~keep) | (s1 & keep);
    z[2] = (d2 & M52 & ~keep) | (s2 & keep);
    z[3] = (d3 & M52 & ~keep) | (s3 & keep);
    z[4] = (d4 & ~keep) | (s4 & keep);
  }
}
