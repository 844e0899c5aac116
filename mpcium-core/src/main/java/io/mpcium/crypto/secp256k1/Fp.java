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
    // on a borrow, z = x − y + 2^256; add p back, i.e. subtract 2^256 − p (cannot underflow)
    long mask = b; // 0 or −1
    long d = 0;
    long sub = P_COMPLEMENT & mask;
    for (int i = 0; i < 8; i++) {
      d += (z[i] & M) - (i == 0 ? sub & M : i == 1 ? sub >>> 32 : 0);
      z[i] = (int) d;
      d >>= 32;
    }
  }

  /** z = −x. */
  static void negate(int[] x, int[] z) {
    int[] zero = new int[8];
    subtract(zero, x, z);
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
    int[] neg = new int[8];
    negate(z, neg);
    cmov(mask, neg, z);
  }

  /**
   * Brings {@code carry·2^256 + z}, known to be below {@code 2p}, into {@code [0, p)}: subtracts p
   * exactly when there is a carry or {@code z ≥ p}, detected as a carry out of {@code z + 2^256 −
   * p}, and selects without a branch.
   */
  private static void reduceOnce(int carry, int[] z) {
    int[] t = new int[8];
    long c = 0;
    for (int i = 0; i < 8; i++) {
      c += (z[i] & M) + (i == 0 ? P_COMPLEMENT & M : i == 1 ? P_COMPLEMENT >>> 32 : 0);
      t[i] = (int) c;
      c >>>= 32;
    }
    int mask = -((int) c | carry);
    cmov(mask, t, z);
  }
}
