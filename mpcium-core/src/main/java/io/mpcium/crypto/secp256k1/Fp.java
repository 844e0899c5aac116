package io.mpcium.crypto.secp256k1;

import java.math.BigInteger;
import org.bouncycastle.math.raw.Nat256;

/**
 * Arithmetic modulo the secp256k1 prime {@code p = 2^256 − 2^32 − 977} on 8 little-endian 32-bit
 * limbs ({@code int[8]}), every value kept canonical (in {@code [0, p)}).
 *
 * <p>Addition, subtraction, doubling, negation, multiplication by {@code 3b = 21}, conditional
 * move and conditional negation are written here without branches or secret-indexed memory
 * access. Multiplication and squaring delegate to BouncyCastle's {@code SecP256K1Field}, whose
 * final reduction has one data-dependent branch that is taken only when the reduced value lies
 * within {@code 2^33} of {@code 2^256} (probability about {@code 2^-223}) or its top limb is all
 * ones (about {@code 2^-32}); inversion delegates to BouncyCastle's constant-time {@code
 * Mod.checkedModOddInverse} (safegcd). Stateless.
 */
final class Fp {
  /** {@code 2^256 − p}. */
  private static final long P_COMPLEMENT = 0x1000003D1L;
  private static final long M = 0xFFFFFFFFL;
  private static final int[] P = {
      0xFFFFFC2F, 0xFFFFFFFE, -1, -1, -1, -1, -1, -1};

  private Fp() { }

  static int[] create() {
    return new int[8];
  }

  static int[] of(BigInteger publicValue) {
    return org.bouncycastle.math.ec.custom.sec.SecP256K1Field.fromBigInteger(publicValue);
  }

  static BigInteger toBigInteger(int[] x) {
    return Nat256.toBigInteger(x);
  }

  /** z = x + y. */
  static void add(int[] x, int[] y, int[] z) {
    long c = 0;
    for (int i = 0; i < 8; i++) {
      c += (x[i] & M) + (y[i] & M);
      z[i] = (int) c;
      c >>>= 32;
    }
    reduceOnce((int) c, z);
  }

  /** z = 2x. */
  static void twice(int[] x, int[] z) {
    add(x, x, z);
  }

  /** z = x − y. */
  static void subtract(int[] x, int[] y, int[] z) {
    long b = 0;
    for (int i = 0; i < 8; i++) {
      b += (x[i] & M) - (y[i] & M);
      z[i] = (int) b;
      b >>= 32;
    }
    // on a borrow, z = x − y + 2^256: add p back, i.e. subtract 2^256 − p (cannot underflow)
    long sub = P_COMPLEMENT & b; // b is 0 or −1
    long d = (z[0] & M) - (sub & M);
    z[0] = (int) d;
    d = (z[1] & M) - (sub >>> 32) + (d >> 32);
    z[1] = (int) d;
    d >>= 32;
    for (int i = 2; i < 8; i++) {
      d += z[i] & M;
      z[i] = (int) d;
      d >>= 32;
    }
  }

  /** z = −x. */
  static void negate(int[] x, int[] z) {
    System.arraycopy(x, 0, z, 0, 8);
    cnegate(-1, z);
  }

  /** z = 21·x (21 = 3b for secp256k1's b = 7). */
  static void times21(int[] x, int[] z) {
    long c = 0;
    for (int i = 0; i < 8; i++) {
      c += (x[i] & M) * 21;
      z[i] = (int) c;
      c >>>= 32;
    }
    // z + c·2^256 ≡ z + c·(2^256 − p); c ≤ 20
    long d = c * P_COMPLEMENT;
    for (int i = 0; i < 8; i++) {
      d += z[i] & M;
      z[i] = (int) d;
      d >>>= 32;
    }
    reduceOnce((int) d, z);
  }

  static void multiply(int[] x, int[] y, int[] z) {
    org.bouncycastle.math.ec.custom.sec.SecP256K1Field.multiply(x, y, z);
  }

  static void square(int[] x, int[] z) {
    org.bouncycastle.math.ec.custom.sec.SecP256K1Field.square(x, z);
  }

  /** z = 1/x for x ≠ 0, constant time. */
  static void invert(int[] x, int[] z) {
    org.bouncycastle.math.ec.custom.sec.SecP256K1Field.inv(x, z);
  }

  /** Whether x = 0, without branching on x. */
  static int isZeroMask(int[] x) {
    int acc = 0;
    for (int i = 0; i < 8; i++) {
      acc |= x[i];
    }
    // −1 if acc == 0, else 0
    return ((acc | -acc) >> 31) ^ -1;
  }

  /** z = x where mask = −1, z unchanged where mask = 0. */
  static void cmov(int mask, int[] x, int[] z) {
    for (int i = 0; i < 8; i++) {
      z[i] ^= (z[i] ^ x[i]) & mask;
    }
  }

  /** z = −z where mask = −1, z unchanged where mask = 0. */
  static void cnegate(int mask, int[] z) {
    // p − z limb by limb (each limb depends only on lower ones), kept where mask is set; zero
    // stays zero
    int m = mask & ~isZeroMask(z);
    long b = 0;
    for (int i = 0; i < 8; i++) {
      b += (P[i] & M) - (z[i] & M);
      z[i] ^= (z[i] ^ (int) b) & m;
      b >>= 32;
    }
  }

  /**
   * Brings {@code carry·2^256 + z}, known to be below {@code 2p}, into {@code [0, p)}: subtracts p
   * exactly when there is a carry or {@code z ≥ p}, detected as a carry out of {@code z + 2^256 −
   * p}, and selects without a branch.
   */
  private static void reduceOnce(int carry, int[] z) {
    long c = (z[0] & M) + (P_COMPLEMENT & M);
    c = (z[1] & M) + (P_COMPLEMENT >>> 32) + (c >>> 32);
    c >>>= 32;
    for (int i = 2; i < 8; i++) {
      c = (z[i] & M) + c;
      c >>>= 32;
    }
    long add = P_COMPLEMENT & -(c | carry);
    long d = (z[0] & M) + (add & M);
    z[0] = (int) d;
    d = (z[1] & M) + (add >>> 32) + (d >>> 32);
    z[1] = (int) d;
    d >>>= 32;
    for (int i = 2; i < 8; i++) {
      d += z[i] & M;
      z[i] = (int) d;
      d >>>= 32;
    }
  }
}
