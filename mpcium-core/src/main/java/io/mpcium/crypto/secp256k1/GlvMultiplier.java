package io.mpcium.crypto.secp256k1;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Constant-time {@code k·P} for a secret scalar {@code k} and an arbitrary affine point {@code P}
 * of secp256k1, using the curve's endomorphism {@code φ(x, y) = (βx, y) = λ·P} (GLV: Gallant,
 * Lambert and Vanstone, CRYPTO 2001), with the reduced lattice basis and rounding constants that
 * BouncyCastle's {@code ScalarSplitParameters} use for this curve (the tests check β, λ, the
 * split against BouncyCastle's {@code EndoUtil} and the bound on the halves).
 *
 * <p>Steps, none with a branch or memory access that depends on {@code k}:
 *
 * <ol>
 *   <li>Split: {@code k = a + b·λ (mod n)} with {@code |a|, |b| < 2^129}, from {@code c_i =
 *       round(k·g_i / 2^272)} and the basis vectors, in fixed-width two's-complement integer
 *       arithmetic (no reduction modulo n, no {@code BigInteger}).
 *   <li>Signs: {@code kP = |a|·(±P) + |b|·(±φ(P))}; the signs are applied to the y coordinate of
 *       looked-up table points by a masked negation.
 *   <li>Odd halves: an even {@code |a|} (or {@code |b|}) is replaced by {@code |a| + 1} (setting
 *       bit 0) and the extra {@code ±P} is subtracted at the end with a masked select between the
 *       corrected and the uncorrected sum.
 *   <li>Regular recoding: an odd {@code m < 2^130} is exactly {@code Σ_{i<26} d_i·2^{5i}} with
 *       every digit odd in {@code [−31, 31]}: {@code d_i = ((m >> 5i) mod 64 | 1) − 32} for
 *       {@code i < 25} and {@code d_25 = (m >> 125) | 1}; so every window adds a point, there
 *       are no zero digits.
 *   <li>Tables: {@code (2j+1)·P} for {@code j < 16}, made affine with one inversion, and {@code
 *       φ} of each. Each lookup reads all 16 entries and keeps one with masks.
 *   <li>125 doublings and 52 mixed additions with the complete formulas of {@link
 *       ProjectivePoint}, then one constant-time inversion to return to affine coordinates.
 * </ol>
 *
 * <p>What is not constant time: building the table depends only on the public point; the final
 * result is tested for the identity (which happens only for {@code k = 0}); the caller converts
 * the result's coordinates to {@code BigInteger} for BouncyCastle. The JVM gives no formal
 * guarantee that the JIT keeps branch-free Java branch-free. Stateless; thread-safe.
 */
final class GlvMultiplier {
  static final BigInteger BETA =
      new BigInteger("7ae96a2b657c07106e64479eac3434e99cf0497512f58995c1396c28719501ee", 16);
  static final BigInteger LAMBDA =
      new BigInteger("5363ad4cc05c30e0a5261c028812645a122e22ea20816678df02967c1b23bd72", 16);
  /** Basis vectors {@code v1 = (V1A, V1B)}, {@code v2 = (V2A, V2B)} and rounding constants. */
  static final BigInteger V1A = new BigInteger("3086d221a7d46bcde86c90e49284eb15", 16);
  static final BigInteger V1B = new BigInteger("-e4437ed6010e88286f547fa90abfe4c3", 16);
  static final BigInteger V2A = new BigInteger("114ca50f7a8e2f3f657c1108d9d44cfd8", 16);
  static final BigInteger V2B = V1A;
  static final BigInteger G1 = new BigInteger("3086d221a7d46bcde86c90e49284eb153dab", 16);
  static final BigInteger G2 = new BigInteger("e4437ed6010e88286f547fa90abfe4c42212", 16);
  static final int SHIFT = 272;

  /** Limbs of a two's-complement integer modulo 2^288. */
  private static final int W = 9;
  private static final int DIGITS = 26;
  private static final int TABLE = 16;
  private static final long M = 0xFFFFFFFFL;

  private static final long[] BETA_FP = Fp.of(BETA);
  private static final int[] G1_LIMBS = limbs(G1, 5);
  private static final int[] G2_LIMBS = limbs(G2, 5);
  private static final int[] V1A_LIMBS = limbs(V1A, 5);
  private static final int[] MINUS_V1B_LIMBS = limbs(V1B.negate(), 5);
  private static final int[] V2A_LIMBS = limbs(V2A, 5);
  private static final int[] V2B_LIMBS = limbs(V2B, 5);

  private GlvMultiplier() { }

  /**
   * The affine coordinates of {@code k·P}, or {@code null} for the identity.
   *
   * @param px affine x of P (public), canonical
   * @param py affine y of P (public), canonical
   * @param k the secret scalar as 32 big-endian bytes, below n
   */
  static long[][] multiply(long[] px, long[] py, byte[] k) {
    int[] scalar = fromBigEndian(k);
    int[][] split = split(scalar);
    int[] a = split[0];
    int[] b = split[1];
    int signA = split[2][0];
    int signB = split[2][1];
    // make both halves odd; remember the added one
    int evenA = (a[0] & 1) - 1; // −1 if even
    int evenB = (b[0] & 1) - 1;
    a[0] |= 1;
    b[0] |= 1;

    long[][] tx = new long[TABLE][];
    long[][] ty = new long[TABLE][];
    oddMultiples(px, py, tx, ty);
    long[][] tbx = new long[TABLE][];
    for (int j = 0; j < TABLE; j++) {
      tbx[j] = Fp.create();
      Fp.multiply(tx[j], BETA_FP, tbx[j]);
    }

    ProjectivePoint acc = new ProjectivePoint();
    long[] sx = Fp.create();
    long[] sy = Fp.create();
    select(tx, ty, digit(a, DIGITS - 1), signA, sx, sy);
    acc.setAffine(sx, sy);
    select(tbx, ty, digit(b, DIGITS - 1), signB, sx, sy);
    acc.addAffine(sx, sy);
    for (int i = DIGITS - 2; i >= 0; i--) {
      for (int s = 0; s < 5; s++) {
        acc.twice();
      }
      select(tx, ty, digit(a, i), signA, sx, sy);
      acc.addAffine(sx, sy);
      select(tbx, ty, digit(b, i), signB, sx, sy);
      acc.addAffine(sx, sy);
    }
    // subtract the ones added to even halves: acc −= evenA·(±P) + evenB·(±φP)
    correct(acc, tx[0], ty[0], ~signA, evenA, sx, sy);
    correct(acc, tbx[0], ty[0], ~signB, evenB, sx, sy);

    Arrays.fill(scalar, 0);
    Arrays.fill(a, 0);
    Arrays.fill(b, 0);
    Arrays.fill(sx, 0);
    Arrays.fill(sy, 0);
    return acc.toAffineAndWipe();
  }

  /** acc = acc + (qx, ±qy) when {@code apply = −1}; the sign mask is −1 for negation. */
  private static void correct(ProjectivePoint acc, long[] qx, long[] qy, int negate, int apply,
      long[] sx, long[] sy) {
    System.arraycopy(qx, 0, sx, 0, 5);
    System.arraycopy(qy, 0, sy, 0, 5);
    Fp.cnegate(negate, sy);
    ProjectivePoint corrected = new ProjectivePoint();
    corrected.set(acc);
    corrected.addAffine(sx, sy);
    Fp.cmov(apply, corrected.x, acc.x);
    Fp.cmov(apply, corrected.y, acc.y);
    Fp.cmov(apply, corrected.z, acc.z);
    corrected.wipe();
  }

  private static void select(long[][] tx, long[][] ty, int d, int signHalf, long[] sx,
      long[] sy) {
    select(tx, ty, 0, d, signHalf, sx, sy);
  }

  /**
   * Selects {@code |d|·Q} from a table of 16 odd multiples ({@code (2j+1)·Q} at index {@code
   * base + j}), reading every entry, and negates its y when the digit's sign differs from {@code
   * flip} ({@code −1} to flip, 0 not to). Shared with {@link Secp256k1FixedBase}.
   */
  static void select(long[][] xs, long[][] ys, int base, int d, int flip, long[] sx,
      long[] sy) {
    int sign = d >> 31; // −1 for negative
    int abs = (d ^ sign) - sign;
    int index = (abs - 1) >>> 1;
    Arrays.fill(sx, 0L);
    Arrays.fill(sy, 0L);
    for (int j = 0; j < TABLE; j++) {
      long mask = ((j ^ index) - 1) >> 31;
      long[] ex = xs[base + j];
      long[] ey = ys[base + j];
      for (int l = 0; l < 5; l++) {
        sx[l] |= ex[l] & mask;
        sy[l] |= ey[l] & mask;
      }
    }
    Fp.cnegate(sign ^ flip, sy);
  }

  /** Digit i of the regular recoding of the odd value m (below 2^130) into 26 digits. */
  static int digit(int[] m, int i) {
    return digit(m, i, DIGITS);
  }

  /**
   * Digit i of the regular recoding of the odd value m (below {@code 2^(5·count)}) into {@code
   * count} odd digits in {@code [−31, 31]}: {@code ((m >> 5i) mod 64 | 1) − 32}, and the top
   * digit {@code (m >> 5(count−1)) | 1}.
   */
  static int digit(int[] m, int i, int count) {
    int bit = 5 * i;
    int limb = bit >>> 5;
    int off = bit & 31;
    long window = (m[limb] & M) >>> off;
    if (limb + 1 < m.length) {
      window |= (m[limb + 1] & M) << (32 - off);
    }
    if (i == count - 1) {
      return (int) (window | 1);
    }
    return (int) ((window & 63) | 1) - 32;
  }

  /**
   * The GLV split of k (8 limbs, below n): returns {@code |a|} and {@code |b|} as 5-limb
   * magnitudes and their sign masks ({@code −1} for negative) with {@code k ≡ a + b·λ (mod n)}.
   * Fixed sequence of integer operations; package-private for tests.
   */
  static int[][] split(int[] k) {
    int[] c1 = roundShift(k, G1_LIMBS);
    int[] c2 = roundShift(k, G2_LIMBS);
    // a = k − c1·v1A − c2·v2A ; b = c1·(−v1B) − c2·v2B, all modulo 2^288
    int[] a = new int[W];
    System.arraycopy(k, 0, a, 0, 8);
    int[] t = mulTrunc(c1, V1A_LIMBS);
    subInPlace(a, t);
    t = mulTrunc(c2, V2A_LIMBS);
    subInPlace(a, t);
    int[] b = mulTrunc(c1, MINUS_V1B_LIMBS);
    t = mulTrunc(c2, V2B_LIMBS);
    subInPlace(b, t);
    int signA = a[W - 1] >> 31;
    int signB = b[W - 1] >> 31;
    absInPlace(a, signA);
    absInPlace(b, signB);
    Arrays.fill(c1, 0);
    Arrays.fill(c2, 0);
    Arrays.fill(t, 0);
    return new int[][] {Arrays.copyOf(a, 5), Arrays.copyOf(b, 5), {signA, signB}};
  }

  /** {@code round(k·g / 2^272)} as 5 limbs, for k below 2^256 and g below 2^160. */
  private static int[] roundShift(int[] k, int[] g) {
    int[] product = new int[13];
    for (int i = 0; i < 8; i++) {
      long carry = 0;
      for (int j = 0; j < 5; j++) {
        carry += (k[i] & M) * (g[j] & M) + (product[i + j] & M);
        product[i + j] = (int) carry;
        carry >>>= 32;
      }
      product[i + 5] = (int) carry;
    }
    // add 2^271 (bit 15 of limb 8), then take bits 272..415
    long c = (product[8] & M) + (1L << 15);
    product[8] = (int) c;
    c >>>= 32;
    for (int i = 9; i < 13; i++) {
      c += product[i] & M;
      product[i] = (int) c;
      c >>>= 32;
    }
    int[] r = new int[5];
    for (int i = 0; i < 5; i++) {
      long lo = (product[8 + i] & M) >>> 16;
      long hi = 8 + i + 1 < 13 ? (product[9 + i] & M) << 16 : 0;
      r[i] = (int) (lo | hi);
    }
    Arrays.fill(product, 0);
    return r;
  }

  /** {@code x·y mod 2^288} for 5-limb non-negative x and y. */
  private static int[] mulTrunc(int[] x, int[] y) {
    int[] r = new int[W];
    for (int i = 0; i < 5; i++) {
      long carry = 0;
      for (int j = 0; j < 5 && i + j < W; j++) {
        carry += (x[i] & M) * (y[j] & M) + (r[i + j] & M);
        r[i + j] = (int) carry;
        carry >>>= 32;
      }
      if (i + 5 < W) {
        r[i + 5] = (int) carry;
      }
    }
    return r;
  }

  private static void subInPlace(int[] a, int[] t) {
    long borrow = 0;
    for (int i = 0; i < W; i++) {
      borrow += (a[i] & M) - (t[i] & M);
      a[i] = (int) borrow;
      borrow >>= 32;
    }
  }

  /** a = |a| for a two's-complement a with sign mask s: {@code (a ^ s) − s}. */
  private static void absInPlace(int[] a, int s) {
    long carry = s & 1;
    for (int i = 0; i < W; i++) {
      carry += (a[i] ^ s) & M;
      a[i] = (int) carry;
      carry >>>= 32;
    }
  }

  /**
   * {@code (2j+1)·P} for {@code j < 16}, affine: built with complete projective additions of
   * {@code 2P}, then normalised with one inversion (Montgomery's trick). The point is public.
   */
  private static void oddMultiples(long[] px, long[] py, long[][] tx, long[][] ty) {
    ProjectivePoint twoP = new ProjectivePoint();
    twoP.setAffine(px, py);
    twoP.twice();
    ProjectivePoint running = new ProjectivePoint();
    running.setAffine(px, py);
    long[][] tz = new long[TABLE][];
    for (int j = 0; j < TABLE; j++) {
      if (j > 0) {
        running.add(twoP);
      }
      tx[j] = running.x.clone();
      ty[j] = running.y.clone();
      tz[j] = running.z.clone();
    }
    ProjectivePoint.normalizeAll(tx, ty, tz);
  }

  static int[] fromBigEndian(byte[] be) {
    if (be.length != 32) {
      throw new IllegalArgumentException("scalar must be 32 bytes");
    }
    int[] r = new int[8];
    for (int i = 0; i < 8; i++) {
      int o = 28 - 4 * i;
      r[i] = (be[o] & 0xFF) << 24 | (be[o + 1] & 0xFF) << 16 | (be[o + 2] & 0xFF) << 8
          | (be[o + 3] & 0xFF);
    }
    return r;
  }

  private static int[] limbs(BigInteger v, int n) {
    int[] r = new int[n];
    for (int i = 0; i < n; i++) {
      r[i] = v.shiftRight(32 * i).intValue();
    }
    return r;
  }
}
