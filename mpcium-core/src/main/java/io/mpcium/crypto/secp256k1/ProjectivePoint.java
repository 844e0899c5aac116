package io.mpcium.crypto.secp256k1;

/**
 * A mutable secp256k1 point in homogeneous projective coordinates {@code (X : Y : Z)}, affine
 * {@code (X/Z, Y/Z)}, identity {@code (0 : 1 : 0)}, with the complete addition and doubling
 * formulas of Renes, Costello and Batina for {@code a = 0} (eprint 2015/1060, Algorithms 7, 8
 * and 9). Complete: correct for every pair of inputs (identity, equal and opposite points
 * included) with one fixed sequence of field operations, so no branch depends on the points.
 * Not thread-safe; a scratch object.
 */
final class ProjectivePoint {
  final long[] x = Fp.create();
  final long[] y = Fp.create();
  final long[] z = Fp.create();

  private final long[] t0 = Fp.create();
  private final long[] t1 = Fp.create();
  private final long[] t2 = Fp.create();
  private final long[] t3 = Fp.create();
  private final long[] t4 = Fp.create();
  private final long[] x3 = Fp.create();
  private final long[] y3 = Fp.create();
  private final long[] z3 = Fp.create();

  /** The identity. */
  ProjectivePoint() {
    y[0] = 1;
  }

  void setIdentity() {
    java.util.Arrays.fill(x, 0);
    java.util.Arrays.fill(y, 0);
    java.util.Arrays.fill(z, 0);
    y[0] = 1;
  }

  void setAffine(long[] ax, long[] ay) {
    System.arraycopy(ax, 0, x, 0, 5);
    System.arraycopy(ay, 0, y, 0, 5);
    java.util.Arrays.fill(z, 0);
    z[0] = 1;
  }

  void set(ProjectivePoint p) {
    System.arraycopy(p.x, 0, x, 0, 5);
    System.arraycopy(p.y, 0, y, 0, 5);
    System.arraycopy(p.z, 0, z, 0, 5);
  }

  /** this = this + q (Algorithm 7). */
  void add(ProjectivePoint q) {
    Fp.multiply(x, q.x, t0);
    Fp.multiply(y, q.y, t1);
    Fp.multiply(z, q.z, t2);
    Fp.add(x, y, t3);
    Fp.add(q.x, q.y, t4);
    Fp.multiply(t3, t4, t3);
    Fp.add(t0, t1, t4);
    Fp.subtract(t3, t4, t3);
    Fp.add(y, z, t4);
    Fp.add(q.y, q.z, x3);
    Fp.multiply(t4, x3, t4);
    Fp.add(t1, t2, x3);
    Fp.subtract(t4, x3, t4);
    Fp.add(x, z, x3);
    Fp.add(q.x, q.z, y3);
    Fp.multiply(x3, y3, x3);
    Fp.add(t0, t2, y3);
    Fp.subtract(x3, y3, y3);
    finish();
  }

  /** this = this + (qx, qy) for an affine point other than the identity (Algorithm 8). */
  void addAffine(long[] qx, long[] qy) {
    Fp.multiply(x, qx, t0);
    Fp.multiply(y, qy, t1);
    Fp.add(qx, qy, t3);
    Fp.add(x, y, t4);
    Fp.multiply(t3, t4, t3);
    Fp.add(t0, t1, t4);
    Fp.subtract(t3, t4, t3);
    Fp.multiply(qy, z, t4);
    Fp.add(t4, y, t4);
    Fp.multiply(qx, z, y3);
    Fp.add(y3, x, y3);
    System.arraycopy(z, 0, t2, 0, 5);
    finish();
  }

  /**
   * The common tail of Algorithms 7 and 8, given {@code t0 = X1X2}, {@code t1 = Y1Y2}, {@code t2
   * = Z1Z2}, {@code t3 = X1Y2 + X2Y1}, {@code t4 = Y1Z2 + Y2Z1}, {@code y3 = X1Z2 + X2Z1}.
   */
  private void finish() {
    Fp.twice(t0, x3);
    Fp.add(x3, t0, t0);
    Fp.times21(t2, t2);
    Fp.add(t1, t2, z3);
    Fp.subtract(t1, t2, t1);
    Fp.times21(y3, y3);
    Fp.multiply(t4, y3, x3);
    Fp.multiply(t3, t1, t2);
    Fp.subtract(t2, x3, x);
    Fp.multiply(y3, t0, y3);
    Fp.multiply(t1, z3, t1);
    Fp.add(t1, y3, y);
    Fp.multiply(t0, t3, t0);
    Fp.multiply(z3, t4, z3);
    Fp.add(z3, t0, z);
  }

  /** this = 2·this (Algorithm 9). */
  void twice() {
    Fp.square(y, t0);
    Fp.twice(t0, z3);
    Fp.twice(z3, z3);
    Fp.twice(z3, z3);
    Fp.multiply(y, z, t1);
    Fp.square(z, t2);
    Fp.times21(t2, t2);
    Fp.multiply(t2, z3, x3);
    Fp.add(t0, t2, y3);
    Fp.multiply(t1, z3, z3);
    Fp.twice(t2, t1);
    Fp.add(t1, t2, t2);
    Fp.subtract(t0, t2, t0);
    Fp.multiply(t0, y3, y3);
    Fp.add(x3, y3, y3);
    Fp.multiply(x, y, t1);
    Fp.multiply(t0, t1, x3);
    Fp.twice(x3, x);
    System.arraycopy(y3, 0, y, 0, 5);
    System.arraycopy(z3, 0, z, 0, 5);
  }

  /**
   * The affine {@code (x, y)} of this point, or {@code null} for the identity (the only branch,
   * on whether z = 0); wipes this point.
   */
  long[][] toAffineAndWipe() {
    if (Fp.isZeroMask(z) != 0) {
      wipe();
      return null;
    }
    long[] zInv = Fp.create();
    Fp.invert(z, zInv);
    long[] ax = Fp.create();
    long[] ay = Fp.create();
    Fp.multiply(x, zInv, ax);
    Fp.multiply(y, zInv, ay);
    java.util.Arrays.fill(zInv, 0L);
    wipe();
    return new long[][] {ax, ay};
  }

  /**
   * Affine coordinates of many projective points, none the identity, with one inversion
   * (Montgomery's trick): {@code xs[i] = xs[i]/zs[i]}, {@code ys[i] = ys[i]/zs[i]} in place.
   */
  static void normalizeAll(long[][] xs, long[][] ys, long[][] zs) {
    int count = zs.length;
    long[][] prefix = new long[count][];
    prefix[0] = zs[0].clone();
    for (int i = 1; i < count; i++) {
      prefix[i] = Fp.create();
      Fp.multiply(prefix[i - 1], zs[i], prefix[i]);
    }
    long[] inv = Fp.create();
    Fp.invert(prefix[count - 1], inv);
    long[] zInv = Fp.create();
    for (int i = count - 1; i >= 0; i--) {
      if (i > 0) {
        Fp.multiply(inv, prefix[i - 1], zInv);
        Fp.multiply(inv, zs[i], inv);
      } else {
        System.arraycopy(inv, 0, zInv, 0, 5);
      }
      Fp.multiply(xs[i], zInv, xs[i]);
      Fp.multiply(ys[i], zInv, ys[i]);
    }
  }

  /** Overwrites every coordinate and temporary with zeros. */
  void wipe() {
    for (long[] a : new long[][] {x, y, z, t0, t1, t2, t3, t4, x3, y3, z3}) {
      java.util.Arrays.fill(a, 0);
    }
  }
}
