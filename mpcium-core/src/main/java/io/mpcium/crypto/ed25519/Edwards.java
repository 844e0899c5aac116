package io.mpcium.crypto.ed25519;

import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc7748.X25519Field;

/**
 * The twisted Edwards curve {@code -x² + y² = 1 + d·x²·y²} over GF(2^255 - 19) (edwards25519), on
 * top of BouncyCastle's {@link X25519Field} (int[10] elements, radix 2^25.5).
 *
 * <p>Points are in extended coordinates (X:Y:Z:T) with x = X/Z, y = Y/Z, xy = T/Z. Addition is the
 * unified, complete "add-2008-hwcd-3" formula and doubling "dbl-2008-hwcd" (Hisil, Wong, Carter,
 * Dawson, 2008), both specialised to a = -1; being complete, they need no special cases for the
 * identity, equal or opposite inputs, or small-order points.
 *
 * <p>Limb-size discipline: a multiplication input is always a multiplication output, a carried
 * value, or the sum or difference of two of those; longer sums are carried first.
 *
 * <p>Methods named {@code *Vartime} branch on their (public) inputs; all others run in time
 * independent of the scalar. Stateless apart from immutable constants; thread-safe.
 */
final class Edwards {
  static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
  static final BigInteger L =
      BigInteger.ONE.shiftLeft(252).add(new BigInteger("27742317777372353535851937790883648493"));

  /** d = -121665/121666 and 2d. Never mutated. */
  private static final int[] D;

  private static final int[] D2;

  /** Width of the non-adjacent forms used by the variable-time multiplications. */
  private static final int WNAF_WIDTH = 5;

  /** Odd multiples 1, 3, ..., 2^(w-1) - 1 held per point in the variable-time tables. */
  private static final int WNAF_TABLE = 1 << (WNAF_WIDTH - 2);

  /** The width-5 NAF of the group order L, for the subgroup check. */
  private static final byte[] L_NAF;

  /** The base point B: y = 4/5, x even (RFC 8032 §5.1). Never mutated; hand out copies. */
  private static final Ext BASE;

  static {
    BigInteger d =
        BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
    D = fieldElement(d);
    D2 = fieldElement(d.shiftLeft(1).mod(P));
    L_NAF = nonAdjacentForm(littleEndian32(L), WNAF_WIDTH);
    BigInteger by = BigInteger.valueOf(4).multiply(BigInteger.valueOf(5).modInverse(P)).mod(P);
    BASE = decompressVartime(littleEndian32(by)); // sign bit 0: the even x
  }

  /** A fresh copy of the base point. */
  static Ext basePoint() {
    return BASE.copy();
  }

  private Edwards() {}

  // ------------------------------------------------------------------------ point containers

  /** A point in extended coordinates; mutable scratch or, once wrapped, never mutated again. */
  static final class Ext {
    final int[] x = X25519Field.create();
    final int[] y = X25519Field.create();
    final int[] z = X25519Field.create();
    final int[] t = X25519Field.create();

    static Ext identity() {
      Ext p = new Ext();
      X25519Field.one(p.y);
      X25519Field.one(p.z);
      return p;
    }

    Ext copy() {
      Ext r = new Ext();
      X25519Field.copy(x, 0, r.x, 0);
      X25519Field.copy(y, 0, r.y, 0);
      X25519Field.copy(z, 0, r.z, 0);
      X25519Field.copy(t, 0, r.t, 0);
      return r;
    }
  }

  /** A point prepared for addition: (Y+X, Y-X, 2Z, 2d·T). */
  static final class Cached {
    final int[] ypx = X25519Field.create();
    final int[] ymx = X25519Field.create();
    final int[] z2 = X25519Field.create();
    final int[] t2d = X25519Field.create();

    void setIdentity() {
      X25519Field.one(ypx);
      X25519Field.one(ymx);
      X25519Field.one(z2);
      X25519Field.addOne(z2);
      X25519Field.zero(t2d);
    }
  }

  /** An affine point prepared for mixed addition: (y+x, y-x, 2d·x·y), Z = 1. */
  static final class Niels {
    final int[] ypx = X25519Field.create();
    final int[] ymx = X25519Field.create();
    final int[] xy2d = X25519Field.create();

    void setIdentity() {
      X25519Field.one(ypx);
      X25519Field.one(ymx);
      X25519Field.zero(xy2d);
    }
  }

  /** Field temporaries for one thread's sequence of point operations. */
  static final class Tmp {
    final int[] a = X25519Field.create();
    final int[] b = X25519Field.create();
    final int[] c = X25519Field.create();
    final int[] d = X25519Field.create();
    final int[] e = X25519Field.create();
    final int[] f = X25519Field.create();
    final int[] g = X25519Field.create();
    final int[] h = X25519Field.create();
  }

  // ------------------------------------------------------------------------ group law

  /** r = 2p (dbl-2008-hwcd, a = -1); T is computed only if {@code withT}. r may be p. */
  static void dbl(Ext p, Ext r, boolean withT, Tmp s) {
    int[] a = s.a;
    int[] b = s.b;
    int[] c = s.c;
    int[] e = s.e;
    int[] f = s.f;
    int[] g = s.g;
    int[] h = s.h;
    X25519Field.sqr(p.x, a); // A = X²
    X25519Field.sqr(p.y, b); // B = Y²
    X25519Field.sqr(p.z, c);
    X25519Field.add(c, c, c); // C = 2Z²
    X25519Field.add(a, b, h); // H' = A + B        (= -H of the a = -1 formula)
    X25519Field.add(p.x, p.y, e);
    X25519Field.sqr(e, e);
    X25519Field.sub(h, e, e); // E' = A + B - (X+Y)² (= -E)
    X25519Field.carry(e);
    X25519Field.sub(a, b, g); // G' = A - B          (= -G)
    X25519Field.add(c, g, f); // F' = C + A - B      (= -F)
    X25519Field.carry(f);
    // the sign flips cancel in every product below
    X25519Field.mul(e, f, r.x);
    X25519Field.mul(g, h, r.y);
    X25519Field.mul(f, g, r.z);
    if (withT) {
      X25519Field.mul(e, h, r.t);
    }
  }

  /** r = p + q (add-2008-hwcd-3, k = 2d). r may be p. */
  static void add(Ext p, Cached q, Ext r, Tmp s) {
    addOrSub(p, q.ypx, q.ymx, q.t2d, q.z2, false, true, r, s);
  }

  /** r = p + q, leaving r.t stale unless {@code withT}: for a sum that is only doubled next. */
  static void add(Ext p, Cached q, Ext r, boolean withT, Tmp s) {
    addOrSub(p, q.ypx, q.ymx, q.t2d, q.z2, false, withT, r, s);
  }

  /** r = p - q. r may be p. */
  static void sub(Ext p, Cached q, Ext r, Tmp s) {
    addOrSub(p, q.ymx, q.ypx, q.t2d, q.z2, true, true, r, s);
  }

  private static void addOrSub(
      Ext p,
      int[] qypx,
      int[] qymx,
      int[] qt2d,
      int[] qz2,
      boolean negT,
      boolean withT,
      Ext r,
      Tmp s) {
    int[] a = s.a;
    int[] b = s.b;
    int[] c = s.c;
    int[] d = s.d;
    int[] e = s.e;
    int[] f = s.f;
    int[] g = s.g;
    int[] h = s.h;
    X25519Field.sub(p.y, p.x, a);
    X25519Field.mul(a, qymx, a); // A = (Y1-X1)(Y2-X2)
    X25519Field.add(p.y, p.x, b);
    X25519Field.mul(b, qypx, b); // B = (Y1+X1)(Y2+X2)
    X25519Field.mul(p.t, qt2d, c); // C = 2d·T1·T2
    X25519Field.mul(p.z, qz2, d); // D = 2·Z1·Z2
    X25519Field.sub(b, a, e); // E = B - A
    X25519Field.add(b, a, h); // H = B + A
    if (negT) {
      X25519Field.add(d, c, f); // F = D - (-C)
      X25519Field.sub(d, c, g); // G = D + (-C)
    } else {
      X25519Field.sub(d, c, f); // F = D - C
      X25519Field.add(d, c, g); // G = D + C
    }
    X25519Field.mul(e, f, r.x);
    X25519Field.mul(g, h, r.y);
    if (withT) {
      X25519Field.mul(e, h, r.t);
    }
    X25519Field.mul(f, g, r.z);
  }

  /** r = p + q for an affine q (mixed addition). r may be p. */
  static void addNiels(Ext p, Niels q, Ext r, Tmp s) {
    int[] a = s.a;
    int[] b = s.b;
    int[] c = s.c;
    int[] d = s.d;
    int[] e = s.e;
    int[] f = s.f;
    int[] g = s.g;
    int[] h = s.h;
    X25519Field.sub(p.y, p.x, a);
    X25519Field.mul(a, q.ymx, a);
    X25519Field.add(p.y, p.x, b);
    X25519Field.mul(b, q.ypx, b);
    X25519Field.mul(p.t, q.xy2d, c);
    X25519Field.add(p.z, p.z, d);
    X25519Field.carry(d);
    X25519Field.sub(b, a, e);
    X25519Field.add(b, a, h);
    X25519Field.sub(d, c, f);
    X25519Field.add(d, c, g);
    X25519Field.mul(e, f, r.x);
    X25519Field.mul(g, h, r.y);
    X25519Field.mul(e, h, r.t);
    X25519Field.mul(f, g, r.z);
  }

  static void toCached(Ext p, Cached r) {
    X25519Field.add(p.y, p.x, r.ypx);
    X25519Field.sub(p.y, p.x, r.ymx);
    X25519Field.add(p.z, p.z, r.z2);
    X25519Field.mul(p.t, D2, r.t2d);
  }

  static Ext negate(Ext p) {
    Ext r = p.copy();
    X25519Field.negate(r.x, r.x);
    X25519Field.negate(r.t, r.t);
    return r;
  }

  // ------------------------------------------------------------------------ comparisons, encoding

  static boolean isIdentityVartime(Ext p) {
    int[] u = X25519Field.create();
    X25519Field.copy(p.x, 0, u, 0);
    X25519Field.normalize(u);
    if (!X25519Field.isZeroVar(u)) {
      return false;
    }
    X25519Field.sub(p.y, p.z, u);
    X25519Field.normalize(u);
    return X25519Field.isZeroVar(u);
  }

  /** Projective equality: X1·Z2 == X2·Z1 and Y1·Z2 == Y2·Z1. */
  static boolean equalsVartime(Ext p, Ext q) {
    int[] u = X25519Field.create();
    int[] v = X25519Field.create();
    X25519Field.mul(p.x, q.z, u);
    X25519Field.mul(q.x, p.z, v);
    X25519Field.sub(u, v, u);
    X25519Field.normalize(u);
    if (!X25519Field.isZeroVar(u)) {
      return false;
    }
    X25519Field.mul(p.y, q.z, u);
    X25519Field.mul(q.y, p.z, v);
    X25519Field.sub(u, v, u);
    X25519Field.normalize(u);
    return X25519Field.isZeroVar(u);
  }

  /** Canonical affine coordinates: {x, y}, normalized (constant-time inversion of Z). */
  static int[][] affine(Ext p) {
    int[] zInv = X25519Field.create();
    X25519Field.inv(p.z, zInv);
    int[] x = X25519Field.create();
    int[] y = X25519Field.create();
    X25519Field.mul(p.x, zInv, x);
    X25519Field.mul(p.y, zInv, y);
    X25519Field.normalize(x);
    X25519Field.normalize(y);
    return new int[][] {x, y};
  }

  /** RFC 8032 §5.1.2: y little-endian, with the low bit of x in the top bit. */
  static byte[] encode(Ext p) {
    int[][] xy = affine(p);
    byte[] out = new byte[32];
    X25519Field.encode(xy[1], out, 0);
    out[31] |= (byte) ((xy[0][0] & 1) << 7);
    return out;
  }

  static byte[] encodeField(int[] canonical) {
    byte[] out = new byte[32];
    X25519Field.encode(canonical, out, 0);
    return out;
  }

  /**
   * RFC 8032 §5.1.3 decoding, variable time (encodings are public). Returns null for a
   * non-canonical y (y ≥ p), a y with no matching x, or x = 0 with the sign bit set. Performs no
   * subgroup or identity check.
   */
  static Ext decompressVartime(byte[] enc) {
    if (!isCanonicalY(enc)) {
      return null;
    }
    int sign = (enc[31] >>> 7) & 1;
    int[] y = X25519Field.create();
    X25519Field.decode255(enc, 0, y, 0); // ignores the top (sign) bit
    int[] u = X25519Field.create();
    int[] v = X25519Field.create();
    X25519Field.sqr(y, u);
    X25519Field.mul(u, D, v);
    X25519Field.subOne(u); // u = y² - 1
    X25519Field.addOne(v); // v = d·y² + 1
    int[] x = X25519Field.create();
    if (!X25519Field.sqrtRatioVar(u, v, x)) {
      return null;
    }
    X25519Field.normalize(x);
    if (X25519Field.isZeroVar(x) && sign == 1) {
      return null;
    }
    if ((x[0] & 1) != sign) {
      X25519Field.negate(x, x);
      X25519Field.normalize(x);
    }
    Ext p = new Ext();
    X25519Field.copy(x, 0, p.x, 0);
    X25519Field.copy(y, 0, p.y, 0);
    X25519Field.one(p.z);
    X25519Field.mul(x, y, p.t);
    return p;
  }

  /** Whether the 255-bit y in a 32-byte encoding is below p = 2^255 - 19. */
  private static boolean isCanonicalY(byte[] enc) {
    if ((enc[31] & 0x7f) != 0x7f) {
      return true;
    }
    for (int i = 30; i >= 1; i--) {
      if (enc[i] != (byte) 0xff) {
        return true;
      }
    }
    return (enc[0] & 0xff) < 0xed;
  }

  /** Whether [L]p is the identity, i.e. p lies in the prime-order subgroup. Variable time. */
  static boolean isTorsionFreeVartime(Ext p) {
    Ext r = straus(new byte[][] {L_NAF}, new Ext[] {p});
    return isIdentityVartime(r);
  }

  // ------------------------------------------------------------------------ constant-time k·P

  /**
   * k·P with a fixed signed 4-bit window: 252 doublings and 64 additions of a table entry chosen
   * by scanning all eight entries, whatever k is. {@code k} is 32 little-endian bytes, below
   * 2^253.
   */
  static Ext mulConstantTime(Ext p, byte[] k) {
    Tmp s = new Tmp();
    // table[j-1] = j·P for j = 1..8, cached form, flat: 8 entries × 4 elements × 10 ints
    int[] table = new int[8 * 4 * X25519Field.SIZE];
    Cached pc = new Cached();
    toCached(p, pc);
    Cached entry = new Cached();
    Ext acc = p.copy();
    for (int j = 1; j <= 8; j++) {
      if (j > 1) {
        add(acc, pc, acc, s);
      }
      toCached(acc, entry);
      storeCached(entry, table, j - 1);
    }
    byte[] e = signedRadix16(k);
    Ext r = Ext.identity();
    Cached sel = new Cached();
    for (int i = 63; i >= 0; i--) {
      if (i != 63) {
        dbl(r, r, false, s);
        dbl(r, r, false, s);
        dbl(r, r, false, s);
        dbl(r, r, true, s);
      }
      selectCached(table, e[i], sel);
      add(r, sel, r, i == 0, s); // T is needed only by the final result; dbl ignores it
    }
    Arrays.fill(e, (byte) 0);
    return r;
  }

  private static void storeCached(Cached c, int[] table, int index) {
    int off = index * 4 * X25519Field.SIZE;
    X25519Field.copy(c.ypx, 0, table, off);
    X25519Field.copy(c.ymx, 0, table, off + X25519Field.SIZE);
    X25519Field.copy(c.z2, 0, table, off + 2 * X25519Field.SIZE);
    X25519Field.copy(c.t2d, 0, table, off + 3 * X25519Field.SIZE);
  }

  /** r = digit·(table point), for digit in [-8, 8], reading every entry (constant time). */
  private static void selectCached(int[] table, int digit, Cached r) {
    int sign = digit >>> 31;
    int abs = (digit ^ -sign) + sign;
    r.setIdentity();
    for (int j = 1; j <= 8; j++) {
      int mask = ((abs ^ j) - 1) >> 31; // -1 iff abs == j
      int off = (j - 1) * 4 * X25519Field.SIZE;
      X25519Field.cmov(mask, table, off, r.ypx, 0);
      X25519Field.cmov(mask, table, off + X25519Field.SIZE, r.ymx, 0);
      X25519Field.cmov(mask, table, off + 2 * X25519Field.SIZE, r.z2, 0);
      X25519Field.cmov(mask, table, off + 3 * X25519Field.SIZE, r.t2d, 0);
    }
    // -(Y+X, Y-X, 2Z, 2dT) = (Y-X, Y+X, 2Z, -2dT)
    X25519Field.cswap(sign, r.ypx, r.ymx);
    X25519Field.cnegate(sign, r.t2d);
  }

  /**
   * Signed radix-16 digits e[0..63] in [-8, 8] with k = Σ e[i]·16^i, for k below 2^253; branch
   * free.
   */
  static byte[] signedRadix16(byte[] k) {
    byte[] e = new byte[64];
    for (int i = 0; i < 32; i++) {
      e[2 * i] = (byte) (k[i] & 15);
      e[2 * i + 1] = (byte) ((k[i] >>> 4) & 15);
    }
    int carry = 0;
    for (int i = 0; i < 63; i++) {
      int v = e[i] + carry;
      carry = (v + 8) >> 4;
      e[i] = (byte) (v - (carry << 4));
    }
    e[63] = (byte) (e[63] + carry);
    return e;
  }

  // ------------------------------------------------------------------------ constant-time k·B

  /**
   * k·B from a precomputed table whose row r holds j·256^r·B (j = 1..8) as affine Niels points.
   * With k = Σ e_i·16^i: k·B = 16·Σ_{i odd} e_i·256^((i-1)/2)·B + Σ_{i even} e_i·256^(i/2)·B, so
   * 64 mixed additions, 4 doublings and 64 full-row scans, whatever k is.
   */
  static Ext mulBaseConstantTime(byte[] k) {
    int[] table = BaseTable.TABLE;
    byte[] e = signedRadix16(k);
    Tmp s = new Tmp();
    Ext r = Ext.identity();
    Niels sel = new Niels();
    for (int i = 1; i < 64; i += 2) {
      selectNiels(table, i >>> 1, e[i], sel);
      addNiels(r, sel, r, s);
    }
    dbl(r, r, false, s);
    dbl(r, r, false, s);
    dbl(r, r, false, s);
    dbl(r, r, true, s);
    for (int i = 0; i < 64; i += 2) {
      selectNiels(table, i >>> 1, e[i], sel);
      addNiels(r, sel, r, s);
    }
    Arrays.fill(e, (byte) 0);
    return r;
  }

  private static void selectNiels(int[] table, int row, int digit, Niels r) {
    int sign = digit >>> 31;
    int abs = (digit ^ -sign) + sign;
    r.setIdentity();
    int rowOff = row * 8 * 3 * X25519Field.SIZE;
    for (int j = 1; j <= 8; j++) {
      int mask = ((abs ^ j) - 1) >> 31;
      int off = rowOff + (j - 1) * 3 * X25519Field.SIZE;
      X25519Field.cmov(mask, table, off, r.ypx, 0);
      X25519Field.cmov(mask, table, off + X25519Field.SIZE, r.ymx, 0);
      X25519Field.cmov(mask, table, off + 2 * X25519Field.SIZE, r.xy2d, 0);
    }
    X25519Field.cswap(sign, r.ypx, r.ymx);
    X25519Field.cnegate(sign, r.xy2d);
  }

  /** The base point table, built on first use (about 1 ms) and never mutated afterwards. */
  private static final class BaseTable {
    static final int[] TABLE = build();

    private static int[] build() {
      int[] table = new int[32 * 8 * 3 * X25519Field.SIZE];
      Tmp s = new Tmp();
      Ext rowBase = basePoint();
      Cached c = new Cached();
      int[] zInv = X25519Field.create();
      int[] x = X25519Field.create();
      int[] y = X25519Field.create();
      int[] v = X25519Field.create();
      for (int row = 0; row < 32; row++) {
        toCached(rowBase, c);
        Ext acc = rowBase.copy();
        for (int j = 1; j <= 8; j++) {
          if (j > 1) {
            add(acc, c, acc, s);
          }
          X25519Field.invVar(acc.z, zInv); // public data
          X25519Field.mul(acc.x, zInv, x);
          X25519Field.mul(acc.y, zInv, y);
          int off = (row * 8 + (j - 1)) * 3 * X25519Field.SIZE;
          X25519Field.add(y, x, v);
          X25519Field.normalize(v);
          X25519Field.copy(v, 0, table, off);
          X25519Field.sub(y, x, v);
          X25519Field.normalize(v);
          X25519Field.copy(v, 0, table, off + X25519Field.SIZE);
          X25519Field.mul(x, y, v);
          X25519Field.mul(v, D2, v);
          X25519Field.normalize(v);
          X25519Field.copy(v, 0, table, off + 2 * X25519Field.SIZE);
        }
        for (int i = 0; i < 8; i++) {
          dbl(rowBase, rowBase, i == 7, s);
        }
      }
      return table;
    }
  }

  // ------------------------------------------------------------------------ variable time

  /** Σ k_i·P_i for public scalars (32 little-endian bytes each, below 2^255): Straus + wNAF. */
  static Ext multiScalarMulVartime(byte[][] scalars, Ext[] points) {
    byte[][] nafs = new byte[scalars.length][];
    for (int i = 0; i < scalars.length; i++) {
      nafs[i] = nonAdjacentForm(scalars[i], WNAF_WIDTH);
    }
    return straus(nafs, points);
  }

  private static Ext straus(byte[][] nafs, Ext[] points) {
    int n = points.length;
    Tmp s = new Tmp();
    int top = -1;
    for (byte[] naf : nafs) {
      for (int i = naf.length - 1; i > top; i--) {
        if (naf[i] != 0) {
          top = i;
          break;
        }
      }
    }
    Ext r = Ext.identity();
    if (top < 0) {
      return r;
    }
    Cached[][] tables = new Cached[n][];
    for (int j = 0; j < n; j++) {
      tables[j] = oddMultiples(points[j], s);
    }
    for (int i = top; i >= 0; i--) {
      boolean any = false;
      for (byte[] naf : nafs) {
        any |= naf[i] != 0;
      }
      if (i != top) {
        dbl(r, r, any || i == 0, s);
      }
      for (int j = 0; j < n; j++) {
        int digit = nafs[j][i];
        if (digit > 0) {
          add(r, tables[j][digit >>> 1], r, s);
        } else if (digit < 0) {
          sub(r, tables[j][(-digit) >>> 1], r, s);
        }
      }
    }
    return r;
  }

  /** P, 3P, 5P, ..., (2^(w-1) - 1)P in cached form. */
  private static Cached[] oddMultiples(Ext p, Tmp s) {
    Cached[] t = new Cached[WNAF_TABLE];
    Ext twoP = new Ext();
    dbl(p, twoP, true, s);
    Cached two = new Cached();
    toCached(twoP, two);
    Ext acc = p.copy();
    for (int i = 0; i < WNAF_TABLE; i++) {
      if (i > 0) {
        add(acc, two, acc, s);
      }
      t[i] = new Cached();
      toCached(acc, t[i]);
    }
    return t;
  }

  /**
   * Width-w non-adjacent form of a 32-byte little-endian integer below 2^255: digits that are
   * zero or odd in (-2^(w-1), 2^(w-1)), any w consecutive of which hold at most one non-zero.
   */
  static byte[] nonAdjacentForm(byte[] k, int w) {
    byte[] naf = new byte[257];
    int width = 1 << w;
    int pos = 0;
    int carry = 0;
    while (pos < 256) {
      int window = carry + bitsAt(k, pos, w);
      if ((window & 1) == 0) {
        pos++; // digit 0; an incoming carry moves on to the next bit unchanged
        continue;
      }
      if (window < width / 2) {
        naf[pos] = (byte) window;
        carry = 0;
      } else {
        naf[pos] = (byte) (window - width);
        carry = 1;
      }
      pos += w;
    }
    naf[256] = (byte) carry;
    return naf;
  }

  /** The w bits of k starting at bit {@code pos} (bits past 255 read as zero). */
  private static int bitsAt(byte[] k, int pos, int w) {
    int v = 0;
    for (int i = w - 1; i >= 0; i--) {
      int bit = pos + i;
      int b = bit < 256 ? (k[bit >>> 3] >>> (bit & 7)) & 1 : 0;
      v = (v << 1) | b;
    }
    return v;
  }

  // ------------------------------------------------------------------------ helpers

  static int[] fieldElement(BigInteger v) {
    int[] r = X25519Field.create();
    X25519Field.decode255(littleEndian32(v), 0, r, 0);
    return r;
  }

  static byte[] littleEndian32(BigInteger v) {
    byte[] out = new byte[32];
    byte[] be = v.toByteArray();
    for (int i = 0; i < 32 && i < be.length; i++) {
      out[i] = be[be.length - 1 - i];
    }
    return out;
  }
}
