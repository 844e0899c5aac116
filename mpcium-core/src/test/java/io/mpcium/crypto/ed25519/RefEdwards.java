package io.mpcium.crypto.ed25519;

import java.math.BigInteger;

/**
 * A slow, obviously-correct affine edwards25519 model on BigInteger, straight from the curve
 * equation -x² + y² = 1 + d·x²·y² (RFC 8032 §5.1), used as a test oracle and to construct points
 * the production decoder must refuse (small-order and mixed-order points).
 */
final class RefEdwards {
  static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
  static final BigInteger L =
      BigInteger.ONE.shiftLeft(252).add(new BigInteger("27742317777372353535851937790883648493"));
  static final BigInteger D =
      BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
  private static final BigInteger SQRT_M1 =
      BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P);

  /** An affine point. */
  record Pt(BigInteger x, BigInteger y) {
    static final Pt IDENTITY = new Pt(BigInteger.ZERO, BigInteger.ONE);

    boolean onCurve() {
      BigInteger x2 = x.multiply(x);
      BigInteger y2 = y.multiply(y);
      BigInteger lhs = y2.subtract(x2).mod(P);
      BigInteger rhs = BigInteger.ONE.add(D.multiply(x2).multiply(y2)).mod(P);
      return lhs.equals(rhs);
    }
  }

  private RefEdwards() {}

  static Pt add(Pt a, Pt b) {
    BigInteger t = D.multiply(a.x).multiply(b.x).multiply(a.y).multiply(b.y).mod(P);
    BigInteger x =
        a.x.multiply(b.y).add(a.y.multiply(b.x)).multiply(BigInteger.ONE.add(t).modInverse(P));
    BigInteger y =
        a.y.multiply(b.y).add(a.x.multiply(b.x)).multiply(BigInteger.ONE.subtract(t).modInverse(P));
    return new Pt(x.mod(P), y.mod(P));
  }

  static Pt negate(Pt a) {
    return new Pt(a.x.negate().mod(P), a.y);
  }

  static Pt mul(Pt a, BigInteger k) {
    Pt r = Pt.IDENTITY;
    for (int i = k.bitLength() - 1; i >= 0; i--) {
      r = add(r, r);
      if (k.testBit(i)) {
        r = add(r, a);
      }
    }
    return r;
  }

  /** x with x² = u/v and the requested parity, or null if u/v is not a square. */
  static BigInteger recoverX(BigInteger y, int sign) {
    BigInteger y2 = y.multiply(y).mod(P);
    BigInteger w =
        y2.subtract(BigInteger.ONE).multiply(D.multiply(y2).add(BigInteger.ONE).modInverse(P)).mod(P);
    BigInteger x = w.modPow(P.add(BigInteger.valueOf(3)).shiftRight(3), P);
    if (!x.multiply(x).mod(P).equals(w)) {
      x = x.multiply(SQRT_M1).mod(P);
      if (!x.multiply(x).mod(P).equals(w)) {
        return null;
      }
    }
    if (x.testBit(0) != (sign == 1)) {
      x = P.subtract(x).mod(P);
    }
    return x;
  }

  /** RFC 8032 encoding of an affine point. */
  static byte[] encode(Pt a) {
    return encodeRaw(a.y, a.x.testBit(0) ? 1 : 0);
  }

  /** 32 bytes: {@code y} (which may be ≥ p, for non-canonical tests) plus the sign bit. */
  static byte[] encodeRaw(BigInteger y, int sign) {
    byte[] out = Edwards.littleEndian32(y);
    out[31] |= (byte) (sign << 7);
    return out;
  }

  /** Lenient decoding (accepts y ≥ p by reducing it), or null. */
  static Pt decode(byte[] enc) {
    byte[] c = enc.clone();
    int sign = (c[31] >>> 7) & 1;
    c[31] &= 0x7f;
    BigInteger y = new BigInteger(1, reverse(c)).mod(P);
    BigInteger x = recoverX(y, sign);
    return x == null ? null : new Pt(x, y);
  }

  static byte[] reverse(byte[] b) {
    byte[] r = new byte[b.length];
    for (int i = 0; i < b.length; i++) {
      r[i] = b[b.length - 1 - i];
    }
    return r;
  }
}
