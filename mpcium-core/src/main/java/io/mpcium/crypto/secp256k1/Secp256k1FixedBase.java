package io.mpcium.crypto.secp256k1;

import io.mpcium.crypto.GroupElement;
import io.mpcium.crypto.Scalar;
import java.util.Arrays;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Constant-time {@code k·P} for a secret scalar k and one fixed public point P, after a
 * precomputation of {@code (2j+1)·2^(5i)·P} for 52 windows i and 16 odd multiples j (affine,
 * about 66 KiB, built with one inversion): a product is then 52 mixed additions and no
 * doublings.
 *
 * <p>Constant time in k: an even k is replaced by the odd {@code n − k} with a masked select
 * (the result is negated back at the end, again masked); the odd scalar is recoded into 52 odd
 * digits in {@code [−31, 31]} (the regular recoding of {@link GlvMultiplier}); every lookup
 * reads all 16 entries of its window; the additions use the complete formulas of {@link
 * ProjectivePoint}. Only the final identity test (true for {@code k = 0} alone) and the
 * conversion of the result to BouncyCastle's representation depend on the result. Immutable and
 * thread-safe once built.
 */
public final class Secp256k1FixedBase {
  private static final int WINDOWS = 52;
  private static final int ENTRIES = 16;
  private static final int[] N = GlvMultiplier.fromBigEndian(
      toBytes(Secp256k1Group.INSTANCE.order()));

  /** x and y of entry j of window i at index {@code 16i + j}. */
  private final long[][] xs = new long[WINDOWS * ENTRIES][];
  private final long[][] ys = new long[WINDOWS * ENTRIES][];

  private Secp256k1FixedBase(long[] px, long[] py) {
    ProjectivePoint base = new ProjectivePoint();
    base.setAffine(px, py);
    ProjectivePoint two = new ProjectivePoint();
    ProjectivePoint running = new ProjectivePoint();
    long[][] zs = new long[WINDOWS * ENTRIES][];
    for (int i = 0; i < WINDOWS; i++) {
      two.set(base);
      two.twice();
      running.set(base);
      for (int j = 0; j < ENTRIES; j++) {
        if (j > 0) {
          running.add(two);
        }
        int at = i * ENTRIES + j;
        xs[at] = running.x.clone();
        ys[at] = running.y.clone();
        zs[at] = running.z.clone();
      }
      // 2^(5(i+1))·P = 31·2^(5i)·P + 2^(5i)·P
      running.add(base);
      base.set(running);
    }
    ProjectivePoint.normalizeAll(xs, ys, zs);
  }

  /** Precomputes the tables for a validated point other than the identity. */
  public static Secp256k1FixedBase of(GroupElement point) {
    ECPoint p = Secp256k1Point.of(point).point();
    if (p.isInfinity()) {
      throw new IllegalArgumentException("the fixed point must not be the identity");
    }
    return new Secp256k1FixedBase(Fp.of(p.getAffineXCoord().toBigInteger()),
        Fp.of(p.getAffineYCoord().toBigInteger()));
  }

  /** {@code k·P}. */
  public Secp256k1Point mul(Scalar k) {
    Secp256k1Group group = Secp256k1Group.INSTANCE;
    if (!k.field().equals(group.scalarField())) {
      throw new IllegalArgumentException("scalar is not modulo the secp256k1 group order");
    }
    byte[] be = k.toBE();
    long[][] r = multiply(be);
    Arrays.fill(be, (byte) 0);
    if (r == null) {
      return group.identity();
    }
    ECPoint product = group.curve().createPoint(Fp.toBigInteger(r[0]), Fp.toBigInteger(r[1]));
    Arrays.fill(r[0], 0L);
    Arrays.fill(r[1], 0L);
    return new Secp256k1Point(group, product);
  }

  /** Affine {@code k·P} for k as 32 big-endian bytes below n, or {@code null} for the identity. */
  long[][] multiply(byte[] kBigEndian) {
    int[] k = GlvMultiplier.fromBigEndian(kBigEndian);
    // even k: use n − k (odd, since n is odd) and negate the product
    int even = (k[0] & 1) - 1;
    int[] negated = new int[8];
    long borrow = 0;
    for (int i = 0; i < 8; i++) {
      borrow += (N[i] & 0xFFFFFFFFL) - (k[i] & 0xFFFFFFFFL);
      negated[i] = (int) borrow;
      borrow >>= 32;
    }
    for (int i = 0; i < 8; i++) {
      k[i] ^= (k[i] ^ negated[i]) & even;
    }
    ProjectivePoint acc = new ProjectivePoint();
    long[] sx = Fp.create();
    long[] sy = Fp.create();
    GlvMultiplier.select(xs, ys, 0, GlvMultiplier.digit(k, 0, WINDOWS), 0, sx, sy);
    acc.setAffine(sx, sy);
    for (int i = 1; i < WINDOWS; i++) {
      GlvMultiplier.select(xs, ys, i * ENTRIES, GlvMultiplier.digit(k, i, WINDOWS), 0, sx,
          sy);
      acc.addAffine(sx, sy);
    }
    Arrays.fill(k, 0);
    Arrays.fill(negated, 0);
    Arrays.fill(sx, 0L);
    Arrays.fill(sy, 0L);
    long[][] r = acc.toAffineAndWipe();
    if (r != null) {
      Fp.cnegate(even, r[1]);
    }
    return r;
  }

  private static byte[] toBytes(java.math.BigInteger v) {
    byte[] out = new byte[32];
    byte[] raw = v.toByteArray();
    int len = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - len, out, 32 - len, len);
    return out;
  }

  @Override
  public String toString() {
    return "Secp256k1FixedBase";
  }
}
