package io.mpcium.crypto.secp256k1;

import io.mpcium.crypto.ExpandMessageXmd;
import io.mpcium.crypto.InvalidEncodingException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECFieldElement;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The straightforward RFC 9380 §6.6.2 simplified SWU (with the {@code sqrt} of §6.6.2's
 * description and affine isogeny, on BouncyCastle field elements) that {@link
 * Secp256k1HashToCurve} replaced: kept as an independent reference for differential tests.
 */
final class Secp256k1HashToCurveReference {
  private static final ECCurve CURVE = CustomNamedCurves.getByName("secp256k1").getCurve();
  private static final BigInteger P = CURVE.getField().getCharacteristic();
  private static final ECFieldElement A_PRIME = fe(
      "3f8731abdd661adca08a5558f0f5d272e953d363cb6f0e5d405447c01a444533");
  private static final ECFieldElement B_PRIME = CURVE.fromBigInteger(BigInteger.valueOf(1771));
  private static final ECFieldElement Z = CURVE.fromBigInteger(P.subtract(BigInteger.valueOf(11)));
  private static final ECFieldElement[] X_NUM = {
      fe("8e38e38e38e38e38e38e38e38e38e38e38e38e38e38e38e38e38e38daaaaa8c7"),
      fe("07d3d4c80bc321d5b9f315cea7fd44c5d595d2fc0bf63b92dfff1044f17c6581"),
      fe("534c328d23f234e6e2a413deca25caece4506144037c40314ecbd0b53d9dd262"),
      fe("8e38e38e38e38e38e38e38e38e38e38e38e38e38e38e38e38e38e38daaaaa88c")};
  private static final ECFieldElement[] X_DEN = {
      fe("d35771193d94918a9ca34ccbb7b640dd86cd409542f8487d9fe6b745781eb49b"),
      fe("edadc6f64383dc1df7c4b2d51b54225406d36b641f5e41bbc52a56612a8c6d14"),
      CURVE.fromBigInteger(BigInteger.ONE)};
  private static final ECFieldElement[] Y_NUM = {
      fe("4bda12f684bda12f684bda12f684bda12f684bda12f684bda12f684b8e38e23c"),
      fe("c75e0c32d5cb7c0fa9d0a54b12a0a6d5647ab046d686da6fdffc90fc201d71a3"),
      fe("29a6194691f91a73715209ef6512e576722830a201be2018a765e85a9ecee931"),
      fe("2f684bda12f684bda12f684bda12f684bda12f684bda12f684bda12f38e38d84")};
  private static final ECFieldElement[] Y_DEN = {
      fe("fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffff93b"),
      fe("7a06534bb8bdb49fd5e9e6632722c2989467c1bfc8e8d978dfb425d2685c2573"),
      fe("6484aa716545ca2cf3a70c3fa8fe337e0a3d21162f0d6299a7bf8192bfd2a76f"),
      CURVE.fromBigInteger(BigInteger.ONE)};

  private final byte[] dst;

  /** @param dst the domain separation tag (at most 255 bytes) */
  Secp256k1HashToCurveReference(String dst) {
    this.dst = dst.getBytes(StandardCharsets.US_ASCII);
    if (this.dst.length > 255) {
      throw new IllegalArgumentException("DST longer than 255 bytes");
    }
  }

  /** hash_to_curve(msg). */
  Secp256k1Point hash(byte[] msg) {
    BigInteger[] u = hashToField(msg);
    ECPoint q = map(u[0]).add(map(u[1])).normalize();
    if (q.isInfinity()) {
      throw new IllegalStateException("hash to curve produced the identity");
    }
    byte[] xy = new byte[64];
    byte[] x = q.getAffineXCoord().getEncoded();
    byte[] y = q.getAffineYCoord().getEncoded();
    System.arraycopy(x, 0, xy, 0, 32);
    System.arraycopy(y, 0, xy, 32, 32);
    try {
      return Secp256k1Group.INSTANCE.decodeXy(xy);
    } catch (InvalidEncodingException e) {
      throw new IllegalStateException("hash to curve left the curve", e);
    }
  }

  /** hash_to_field(msg, 2): two elements of F_p from 96 bytes of expand_message_xmd. */
  BigInteger[] hashToField(byte[] msg) {
    byte[] uniform = ExpandMessageXmd.sha256(msg, dst, 96);
    return new BigInteger[] {
        new BigInteger(1, Arrays.copyOfRange(uniform, 0, 48)).mod(P),
        new BigInteger(1, Arrays.copyOfRange(uniform, 48, 96)).mod(P)};
  }

  /** map_to_curve_simple_swu onto E', then iso_map to secp256k1. */
  private static ECPoint map(BigInteger uValue) {
    ECFieldElement u = CURVE.fromBigInteger(uValue);
    ECFieldElement u2 = u.square();
    ECFieldElement zu2 = Z.multiply(u2);
    ECFieldElement tv1 = zu2.square().add(zu2);
    ECFieldElement x1;
    if (tv1.isZero()) {
      x1 = B_PRIME.divide(Z.multiply(A_PRIME));
    } else {
      x1 = B_PRIME.negate().divide(A_PRIME).multiply(tv1.invert().addOne());
    }
    ECFieldElement gx1 = x1.square().add(A_PRIME).multiply(x1).add(B_PRIME);
    ECFieldElement y = gx1.sqrt();
    ECFieldElement x = x1;
    if (y == null) {
      x = zu2.multiply(x1);
      ECFieldElement gx2 = x.square().add(A_PRIME).multiply(x).add(B_PRIME);
      y = gx2.sqrt();
    }
    if (u.testBitZero() != y.testBitZero()) {
      y = y.negate();
    }
    ECFieldElement xNum = horner(X_NUM, x);
    ECFieldElement xDen = horner(X_DEN, x);
    ECFieldElement yNum = horner(Y_NUM, x);
    ECFieldElement yDen = horner(Y_DEN, x);
    return CURVE.createPoint(xNum.divide(xDen).toBigInteger(),
        y.multiply(yNum).divide(yDen).toBigInteger());
  }

  private static ECFieldElement horner(ECFieldElement[] k, ECFieldElement x) {
    ECFieldElement acc = k[k.length - 1];
    for (int i = k.length - 2; i >= 0; i--) {
      acc = acc.multiply(x).add(k[i]);
    }
    return acc;
  }

  private static ECFieldElement fe(String hex) {
    return CURVE.fromBigInteger(new BigInteger(hex, 16));
  }
}
