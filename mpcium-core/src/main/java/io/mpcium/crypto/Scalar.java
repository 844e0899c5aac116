package io.mpcium.crypto;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;

/**
 * An element of a {@link ScalarField}: an integer modulo the field's prime, which may be secret.
 *
 * <p><b>Security.</b> Arithmetic, {@link #isZero()}, {@link #ctEquals(Scalar)}, {@link
 * #select(Scalar, boolean)}, {@link #invert()} and the byte encodings run in time independent of
 * the value. {@link #toString()} never reveals the value and {@link #hashCode()} does not depend
 * on it. {@link #toBigInteger()} and {@link #pow(BigInteger)}'s exponent are for public values
 * only. {@link #destroy()} zeroes the limbs, after which every method except {@link #field()},
 * {@link #isDestroyed()}, {@link #hashCode()} and {@link #toString()} throws {@link
 * IllegalStateException}. Java cannot guarantee that no copy survives in memory (the garbage
 * collector moves objects), so destroy is best effort.
 *
 * <p><b>Threading.</b> Immutable apart from {@link #destroy()}, so safe to share between threads;
 * destroying a scalar while another thread is still using it gives that thread undefined (but
 * memory-safe) results.
 *
 * <p>Mixing scalars of different fields throws {@link IllegalArgumentException}.
 */
public final class Scalar {
  private final ScalarField field;
  /** The value in Montgomery form, fully reduced (below the modulus). */
  private final long[] v;

  private volatile boolean destroyed;

  Scalar(ScalarField field, long[] montgomeryLimbs) {
    this.field = field;
    this.v = montgomeryLimbs;
  }

  /** The field this scalar belongs to. */
  public ScalarField field() {
    return field;
  }

  /** {@code this + o}. */
  public Scalar add(Scalar o) {
    long[] ov = other(o);
    long[] r = new long[ScalarField.LIMBS];
    field.addMod(live(), ov, r);
    return new Scalar(field, r);
  }

  /** {@code this - o}. */
  public Scalar sub(Scalar o) {
    long[] ov = other(o);
    long[] r = new long[ScalarField.LIMBS];
    field.subMod(live(), ov, r);
    return new Scalar(field, r);
  }

  /** {@code this · o}. */
  public Scalar mul(Scalar o) {
    long[] ov = other(o);
    long[] r = new long[ScalarField.LIMBS];
    field.montMul(live(), ov, r);
    return new Scalar(field, r);
  }

  /** {@code this²}. */
  public Scalar square() {
    long[] a = live();
    long[] r = new long[ScalarField.LIMBS];
    field.montMul(a, a, r);
    return new Scalar(field, r);
  }

  /** {@code -this}. */
  public Scalar negate() {
    long[] r = new long[ScalarField.LIMBS];
    field.subMod(r, live(), r);
    return new Scalar(field, r);
  }

  /**
   * {@code this^-1}, by Fermat's little theorem with the fixed public exponent {@code p - 2}, so
   * constant time. The inverse of zero is zero.
   */
  public Scalar invert() {
    long[] a = live();
    long[] e = field.pMinus2();
    long[][] table = powerTable(a);
    long[] acc = field.oneLimbs().clone();
    // fixed 4-bit windows of the public exponent, most significant first
    for (int i = 63; i >= 0; i--) {
      for (int k = 0; k < 4; k++) {
        field.montMul(acc, acc, acc);
      }
      int nibble = (int) (e[i >>> 4] >>> ((i & 15) * 4)) & 15;
      field.montMul(acc, table[nibble], acc);
    }
    wipe(table);
    return new Scalar(field, acc);
  }

  /**
   * {@code this^e} for a <em>public</em> exponent {@code e >= 0}; the running time depends on
   * {@code e} but not on this scalar's value.
   */
  public Scalar pow(BigInteger publicExponent) {
    Objects.requireNonNull(publicExponent, "exponent");
    if (publicExponent.signum() < 0) {
      throw new IllegalArgumentException("exponent must be non-negative");
    }
    long[] a = live();
    long[] acc = field.oneLimbs().clone();
    for (int i = publicExponent.bitLength() - 1; i >= 0; i--) {
      field.montMul(acc, acc, acc);
      if (publicExponent.testBit(i)) {
        field.montMul(acc, a, acc);
      }
    }
    return new Scalar(field, acc);
  }

  /** Whether this scalar is zero, in constant time. */
  public boolean isZero() {
    long[] a = live();
    long x = a[0] | a[1] | a[2] | a[3] | a[4];
    return ((x | -x) >>> 63) == 0;
  }

  /** Whether {@code this == o} as field elements, in constant time. */
  public boolean ctEquals(Scalar o) {
    long[] ov = other(o);
    long[] a = live();
    long x = (a[0] ^ ov[0]) | (a[1] ^ ov[1]) | (a[2] ^ ov[2]) | (a[3] ^ ov[3]) | (a[4] ^ ov[4]);
    return ((x | -x) >>> 63) == 0;
  }

  /** {@code takeOther ? other : this}, as a new scalar, without branching on {@code takeOther}. */
  public Scalar select(Scalar other, boolean takeOther) {
    long[] ov = other(other);
    long[] a = live();
    // a JVM boolean is already 0/1; the JIT compiles this to a register move, not a jump
    long mask = -(takeOther ? 1L : 0L);
    long[] r = new long[ScalarField.LIMBS];
    for (int i = 0; i < ScalarField.LIMBS; i++) {
      r[i] = a[i] ^ ((a[i] ^ ov[i]) & mask);
    }
    return new Scalar(field, r);
  }

  /** The canonical 32-byte little-endian encoding. */
  public byte[] toLE() {
    long[] c = canonical();
    byte[] out = new byte[32];
    for (int i = 0; i < 32; i++) {
      out[i] = (byte) (c[i >>> 3] >>> ((i & 7) * 8));
    }
    Arrays.fill(c, 0);
    return out;
  }

  /** The canonical 32-byte big-endian encoding. */
  public byte[] toBE() {
    long[] c = canonical();
    byte[] out = new byte[32];
    for (int i = 0; i < 32; i++) {
      out[31 - i] = (byte) (c[i >>> 3] >>> ((i & 7) * 8));
    }
    Arrays.fill(c, 0);
    return out;
  }

  /**
   * The value as a {@code BigInteger} in {@code [0, p)}. {@code BigInteger} is neither constant
   * time nor erasable: use this for tests and public values only.
   */
  public BigInteger toBigInteger() {
    return new BigInteger(1, toBE());
  }

  /** Zeroes this scalar's limbs; afterwards it can no longer be used. Idempotent. */
  public void destroy() {
    Arrays.fill(v, 0);
    destroyed = true;
  }

  /** Whether {@link #destroy()} has been called. */
  public boolean isDestroyed() {
    return destroyed;
  }

  /** Equal when in the same field with the same value; the value comparison is constant time. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Scalar s && field.equals(s.field) && ctEquals(s);
  }

  /** Depends only on the field, never on the value. */
  @Override
  public int hashCode() {
    return field.hashCode();
  }

  /** Never reveals the value. */
  @Override
  public String toString() {
    return "Scalar[redacted]";
  }

  // ------------------------------------------------------------------------------- internals

  private long[] live() {
    if (destroyed) {
      throw new IllegalStateException("scalar destroyed");
    }
    return v;
  }

  private long[] other(Scalar o) {
    Objects.requireNonNull(o, "scalar");
    if (o.field != field && !o.field.equals(field)) {
      throw new IllegalArgumentException("scalars belong to different fields");
    }
    return o.live();
  }

  /** The canonical value as four 64-bit little-endian words; the caller wipes them. */
  private long[] canonical() {
    return field.canonicalWords(live());
  }

  private long[][] powerTable(long[] a) {
    long[][] t = new long[16][];
    t[0] = field.oneLimbs().clone();
    t[1] = a.clone();
    for (int i = 2; i < 16; i++) {
      t[i] = new long[ScalarField.LIMBS];
      field.montMul(t[i - 1], a, t[i]);
    }
    return t;
  }

  private static void wipe(long[][] table) {
    for (long[] row : table) {
      Arrays.fill(row, 0);
    }
  }
}
