package io.mpcium.crypto.secp256k1;

import io.mpcium.crypto.ExpandMessageXmd;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * RFC 9380 hash to curve for secp256k1, suite {@code secp256k1_XMD:SHA-256_SSWU_RO_} (§8.7):
 * expand_message_xmd with SHA-256 (§5.3.1), hash_to_field with {@code L = 48} (§5.2), the
 * straight-line simplified SWU map for {@code q ≡ 3 (mod 4)} onto the isogenous curve E'
 * (Appendix F.2 with sqrt_ratio of F.2.1.2: one exponentiation per field element), the
 * 3-isogeny of Appendix E.1 evaluated in fractions, and the sum of the two mapped points in
 * projective coordinates, so a hash costs two exponentiations and one inversion. Pinned by the
 * Appendix J.8.1 vectors. Inputs are public; variable time. Immutable and thread-safe.
 */
public final class Secp256k1HashToCurve {
  private static final BigInteger P = Secp256k1Group.INSTANCE.fieldPrime();
  private static final long[] A_PRIME = fe(
      "3f8731abdd661adca08a5558f0f5d272e953d363cb6f0e5d405447c01a444533");
  private static final long[] B_PRIME = Fp.of(BigInteger.valueOf(1771));
  private static final long[] Z = Fp.of(P.subtract(BigInteger.valueOf(11)));
  /** sqrt(−Z) = sqrt(11), the c2 of sqrt_ratio_3mod4. */
  private static final long[] SQRT_MINUS_Z = sqrtOf11();
  private static final long[] ONE = Fp.of(BigInteger.ONE);
  private static final long[][] X_NUM = {
      fe("8e38e38e38e38e38e38e38e38e38e38e38e38e38e38e38e38e38e38daaaaa8c7"),
      fe("07d3d4c80bc321d5b9f315cea7fd44c5d595d2fc0bf63b92dfff1044f17c6581"),
      fe("534c328d23f234e6e2a413deca25caece4506144037c40314ecbd0b53d9dd262"),
      fe("8e38e38e38e38e38e38e38e38e38e38e38e38e38e38e38e38e38e38daaaaa88c")};
  private static final long[][] X_DEN = {
      fe("d35771193d94918a9ca34ccbb7b640dd86cd409542f8487d9fe6b745781eb49b"),
      fe("edadc6f64383dc1df7c4b2d51b54225406d36b641f5e41bbc52a56612a8c6d14"),
      ONE};
  private static final long[][] Y_NUM = {
      fe("4bda12f684bda12f684bda12f684bda12f684bda12f684bda12f684b8e38e23c"),
      fe("c75e0c32d5cb7c0fa9d0a54b12a0a6d5647ab046d686da6fdffc90fc201d71a3"),
      fe("29a6194691f91a73715209ef6512e576722830a201be2018a765e85a9ecee931"),
      fe("2f684bda12f684bda12f684bda12f684bda12f684bda12f684bda12f38e38d84")};
  private static final long[][] Y_DEN = {
      fe("fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffff93b"),
      fe("7a06534bb8bdb49fd5e9e6632722c2989467c1bfc8e8d978dfb425d2685c2573"),
      fe("6484aa716545ca2cf3a70c3fa8fe337e0a3d21162f0d6299a7bf8192bfd2a76f"),
      ONE};

  private final byte[] dst;

  /** @param dst the domain separation tag (at most 255 bytes, ASCII) */
  public Secp256k1HashToCurve(String dst) {
    this.dst = dst.getBytes(StandardCharsets.US_ASCII);
    if (this.dst.length > 255) {
      throw new IllegalArgumentException("DST longer than 255 bytes");
    }
  }

  /** hash_to_curve(msg); never the identity (that would need a SHA-256 preimage). */
  public Secp256k1Point hash(byte[] msg) {
    BigInteger[] u = hashToField(msg);
    ProjectivePoint q = map(Fp.of(u[0]));
    q.add(map(Fp.of(u[1])));
    long[][] xy = q.toAffineAndWipe();
    if (xy == null) {
      throw new IllegalStateException("hash to curve produced the identity");
    }
    Secp256k1Group group = Secp256k1Group.INSTANCE;
    return group.wrap(group.curve().createPoint(Fp.toBigInteger(xy[0]), Fp.toBigInteger(xy[1])));
  }

  /** hash_to_field(msg, 2): two elements of F_p from 96 bytes of expand_message_xmd. */
  public BigInteger[] hashToField(byte[] msg) {
    byte[] uniform = ExpandMessageXmd.sha256(msg, dst, 96);
    return new BigInteger[] {
        new BigInteger(1, Arrays.copyOfRange(uniform, 0, 48)).mod(P),
        new BigInteger(1, Arrays.copyOfRange(uniform, 48, 96)).mod(P)};
  }

  /**
   * map_to_curve_simple_swu (Appendix F.2, straight line) onto E', then iso_map (Appendix E.1):
   * the point of secp256k1 in projective coordinates, the identity where a denominator vanishes.
   */
  private static ProjectivePoint map(long[] u) {
    long[] tv1 = Fp.create();
    long[] tv2 = Fp.create();
    long[] tv3 = Fp.create();
    long[] tv4 = Fp.create();
    long[] tv5 = Fp.create();
    long[] tv6 = Fp.create();
    Fp.square(u, tv1);
    Fp.multiply(Z, tv1, tv1);
    Fp.square(tv1, tv2);
    Fp.add(tv2, tv1, tv2);
    Fp.add(tv2, ONE, tv3);
    Fp.multiply(B_PRIME, tv3, tv3);
    // tv4 = tv2 != 0 ? −tv2 : Z
    Fp.negate(tv2, tv4);
    Fp.cmov(Fp.isZeroMask(tv2), Z, tv4);
    Fp.multiply(A_PRIME, tv4, tv4);
    Fp.square(tv3, tv2);
    Fp.square(tv4, tv6);
    Fp.multiply(A_PRIME, tv6, tv5);
    Fp.add(tv2, tv5, tv2);
    Fp.multiply(tv2, tv3, tv2);
    Fp.multiply(tv6, tv4, tv6);
    Fp.multiply(B_PRIME, tv6, tv5);
    Fp.add(tv2, tv5, tv2);
    long[] x = Fp.create();
    Fp.multiply(tv1, tv3, x);
    long[] y1 = Fp.create();
    int isSquare = sqrtRatio(tv2, tv6, y1);
    long[] y = Fp.create();
    Fp.multiply(tv1, u, y);
    Fp.multiply(y, y1, y);
    Fp.cmov(isSquare, tv3, x);
    Fp.cmov(isSquare, y1, y);
    Fp.cnegate((int) -((u[0] ^ y[0]) & 1), y);
    // E' point (x / tv4, y); iso_map with x = xn / xd, xn = x, xd = tv4
    long[] xd = tv4;
    long[][] powers = {ONE, xd, Fp.create(), Fp.create()};
    Fp.square(xd, powers[2]);
    Fp.multiply(powers[2], xd, powers[3]);
    long[] xNum = homogeneous(X_NUM, x, powers);
    long[] xDen = homogeneous(X_DEN, x, powers);
    long[] yNum = homogeneous(Y_NUM, x, powers);
    long[] yDen = homogeneous(Y_DEN, x, powers);
    // X_num/X_den carry xd^3 / xd^2: affine x = xNum / (xDen·xd), y = y·yNum / yDen
    Fp.multiply(xDen, xd, xDen);
    ProjectivePoint r = new ProjectivePoint();
    if ((Fp.isZeroMask(xDen) | Fp.isZeroMask(yDen)) != 0) {
      return r;
    }
    Fp.multiply(xNum, yDen, r.x);
    Fp.multiply(y, yNum, tv5);
    Fp.multiply(tv5, xDen, r.y);
    Fp.multiply(xDen, yDen, r.z);
    return r;
  }

  /**
   * {@code Σ k_i·xn^i·xd^(deg−i)} for the polynomial with coefficients k (lowest first), given
   * {@code xdPowers[j] = xd^j}.
   */
  private static long[] homogeneous(long[][] k, long[] xn, long[][] xdPowers) {
    int deg = k.length - 1;
    long[] acc = Fp.create();
    System.arraycopy(k[deg], 0, acc, 0, 5);
    long[] t = Fp.create();
    for (int i = deg - 1; i >= 0; i--) {
      // Horner in (xn, xd): acc = acc·xn + k_i·xd^(deg−i)
      Fp.multiply(acc, xn, acc);
      Fp.multiply(k[i], xdPowers[deg - i], t);
      Fp.add(acc, t, acc);
    }
    return acc;
  }

  /**
   * sqrt_ratio for {@code q ≡ 3 (mod 4)} (Appendix F.2.1.2): y with {@code y² = u/v} when u/v is
   * square (returns −1), else {@code y² = Z·u/v} (returns 0).
   */
  private static int sqrtRatio(long[] u, long[] v, long[] y) {
    long[] tv1 = Fp.create();
    long[] tv2 = Fp.create();
    long[] y1 = Fp.create();
    Fp.square(v, tv1);
    Fp.multiply(u, v, tv2);
    Fp.multiply(tv1, tv2, tv1);
    powPMinus3Over4(tv1, y1);
    Fp.multiply(y1, tv2, y1);
    long[] y2 = Fp.create();
    Fp.multiply(y1, SQRT_MINUS_Z, y2);
    long[] tv3 = Fp.create();
    Fp.square(y1, tv3);
    Fp.multiply(tv3, v, tv3);
    Fp.subtract(tv3, u, tv3);
    int isQr = Fp.isZeroMask(tv3);
    System.arraycopy(y2, 0, y, 0, 5);
    Fp.cmov(isQr, y1, y);
    return isQr;
  }

  /**
   * {@code x^((p−3)/4)}; the exponent's bits are 223 ones, a zero, 22 ones, {@code 0000 1011}.
   * Addition chain in the style of libsecp256k1's field square root.
   */
  private static void powPMinus3Over4(long[] x, long[] z) {
    long[] x2 = Fp.create();
    Fp.square(x, x2);
    Fp.multiply(x2, x, x2);
    long[] x3 = Fp.create();
    Fp.square(x2, x3);
    Fp.multiply(x3, x, x3);
    long[] x6 = squareTimes(x3, 3, x3);
    long[] x9 = squareTimes(x6, 3, x3);
    long[] x11 = squareTimes(x9, 2, x2);
    long[] x22 = squareTimes(x11, 11, x11);
    long[] x44 = squareTimes(x22, 22, x22);
    long[] x88 = squareTimes(x44, 44, x44);
    long[] x176 = squareTimes(x88, 88, x88);
    long[] x220 = squareTimes(x176, 44, x44);
    long[] x223 = squareTimes(x220, 3, x3);
    long[] t = squareTimes(x223, 23, x22);
    t = squareTimes(t, 5, x);
    t = squareTimes(t, 3, x2);
    System.arraycopy(t, 0, z, 0, 5);
  }

  /** {@code a^(2^n)·b}. */
  private static long[] squareTimes(long[] a, int n, long[] b) {
    long[] r = Fp.create();
    Fp.squareN(a, n, r);
    Fp.multiply(r, b, r);
    return r;
  }

  private static long[] sqrtOf11() {
    BigInteger eleven = BigInteger.valueOf(11);
    BigInteger root = eleven.modPow(P.add(BigInteger.ONE).shiftRight(2), P);
    if (!root.multiply(root).mod(P).equals(eleven)) {
      throw new IllegalStateException("11 has no square root modulo p");
    }
    return Fp.of(root);
  }

  private static long[] fe(String hex) {
    return Fp.of(new BigInteger(hex, 16));
  }
}
