package io.mpcium.crypto.secp256k1;

import io.mpcium.crypto.Group;
import io.mpcium.crypto.GroupElement;
import io.mpcium.crypto.InvalidEncodingException;
import io.mpcium.crypto.Scalar;
import io.mpcium.crypto.ScalarField;
import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The secp256k1 group (SEC 2 §2.4.1), with 32-byte big-endian scalars and 33-byte compressed
 * SEC1 point encodings (SEC 1 §2.3.3); points are BouncyCastle's custom-curve points.
 *
 * <p>{@link #mulBase} ({@link Secp256k1FixedBase} tables for G) and {@link #mul} (the GLV
 * multiplier {@code GlvMultiplier}) run in constant time in the scalar: regular odd-digit
 * recoding, table lookups that read every entry, complete addition formulas, and field
 * arithmetic without secret-dependent branches ({@code Fp}). The scalar never becomes a {@code
 * BigInteger}; the result's affine coordinates do, to build BouncyCastle's point. The {@code
 * *Vartime} methods use BouncyCastle's GLV/wNAF and are for public
 * scalars only. {@link #decodeElement} accepts only compressed encodings ({@code 02}/{@code 03}
 * prefix) of points on the curve other than the identity; the cofactor is 1, so every such point
 * lies in the prime-order group.
 *
 * <p>A stateless singleton ({@link #INSTANCE}); thread-safe. The tables for the generator are
 * built on the first {@link #mulBase} call.
 */
public final class Secp256k1Group implements Group {
  /** The only instance. */
  public static final Secp256k1Group INSTANCE = new Secp256k1Group();

  private static final int ELEMENT_LENGTH = 33;

  private final X9ECParameters params = CustomNamedCurves.getByName("secp256k1");
  private final ECCurve curve = params.getCurve();
  private final BigInteger order = params.getN();
  private final ScalarField scalarField = new ScalarField(order);
  private final Secp256k1Point identity = new Secp256k1Point(this, curve.getInfinity());
  private final Secp256k1Point generator = new Secp256k1Point(this, params.getG().normalize());

  private Secp256k1Group() {}

  @Override
  public String name() {
    return "secp256k1";
  }

  @Override
  public ScalarField scalarField() {
    return scalarField;
  }

  @Override
  public int elementLength() {
    return ELEMENT_LENGTH;
  }

  @Override
  public int scalarLength() {
    return 32;
  }

  @Override
  public Secp256k1Point identity() {
    return identity;
  }

  @Override
  public Secp256k1Point generator() {
    return generator;
  }

  /** The group order n. */
  public BigInteger order() {
    return order;
  }

  /** The prime p of the base field. */
  public BigInteger fieldPrime() {
    return curve.getField().getCharacteristic();
  }

  /**
   * Decodes a 33-byte compressed SEC1 point. Rejects other lengths and prefixes (uncompressed and
   * hybrid encodings included), x ≥ p, x with no point on the curve, and the identity. Variable
   * time; error messages never contain the input.
   */
  @Override
  public Secp256k1Point decodeElement(byte[] encoded) throws InvalidEncodingException {
    if (encoded == null || encoded.length != ELEMENT_LENGTH) {
      throw new InvalidEncodingException("secp256k1 element must be 33 bytes (compressed SEC1)");
    }
    if (encoded[0] != 0x02 && encoded[0] != 0x03) {
      throw new InvalidEncodingException("secp256k1 element must start with 0x02 or 0x03");
    }
    ECPoint point;
    try {
      point = curve.decodePoint(encoded);
    } catch (IllegalArgumentException e) {
      throw new InvalidEncodingException("not a secp256k1 point encoding");
    }
    if (point.isInfinity() || !point.isValid()) {
      throw new InvalidEncodingException("not a valid secp256k1 point");
    }
    return new Secp256k1Point(this, point.normalize());
  }

  /** Decodes a point given as 32-byte big-endian x and y (64 bytes, no prefix), validated. */
  public Secp256k1Point decodeXy(byte[] xy) throws InvalidEncodingException {
    if (xy == null || xy.length != 64) {
      throw new InvalidEncodingException("secp256k1 x||y must be 64 bytes");
    }
    byte[] uncompressed = new byte[65];
    uncompressed[0] = 0x04;
    System.arraycopy(xy, 0, uncompressed, 1, 64);
    ECPoint point;
    try {
      point = curve.decodePoint(uncompressed);
    } catch (IllegalArgumentException e) {
      throw new InvalidEncodingException("not a secp256k1 point");
    }
    if (point.isInfinity() || !point.isValid()) {
      throw new InvalidEncodingException("not a valid secp256k1 point");
    }
    return new Secp256k1Point(this, point.normalize());
  }

  /** 32 bytes, big-endian, canonical. */
  @Override
  public byte[] encodeScalar(Scalar scalar) {
    return own(scalar).toBE();
  }

  /** Decodes 32 big-endian bytes; rejects values ≥ n. */
  @Override
  public Scalar decodeScalar(byte[] encoded) throws InvalidEncodingException {
    return scalarField.fromCanonicalBE(encoded);
  }

  @Override
  public Secp256k1Point mulBase(Scalar k) {
    return GeneratorTable.TABLE.mul(own(k));
  }

  /** The generator's fixed-base tables, built on first use. */
  private static final class GeneratorTable {
    static final Secp256k1FixedBase TABLE = Secp256k1FixedBase.of(INSTANCE.generator());
  }

  @Override
  public Secp256k1Point mul(GroupElement p, Scalar k) {
    ECPoint point = Secp256k1Point.of(p).point();
    byte[] be = own(k).toBE();
    try {
      if (point.isInfinity()) {
        return identity;
      }
      long[][] r = GlvMultiplier.multiply(Fp.of(point.getAffineXCoord().toBigInteger()),
          Fp.of(point.getAffineYCoord().toBigInteger()), be);
      if (r == null) {
        return identity;
      }
      ECPoint product = curve.createPoint(Fp.toBigInteger(r[0]), Fp.toBigInteger(r[1]));
      java.util.Arrays.fill(r[0], 0L);
      java.util.Arrays.fill(r[1], 0L);
      return new Secp256k1Point(this, product);
    } finally {
      java.util.Arrays.fill(be, (byte) 0);
    }
  }

  @Override
  public Secp256k1Point mulVartime(GroupElement p, Scalar k) {
    BigInteger scalar = own(k).toBigInteger();
    return wrap(Secp256k1Point.of(p).point().multiply(scalar));
  }

  @Override
  public Secp256k1Point multiScalarMulVartime(List<Scalar> scalars, List<GroupElement> points) {
    Objects.requireNonNull(scalars, "scalars");
    Objects.requireNonNull(points, "points");
    if (scalars.size() != points.size()) {
      throw new IllegalArgumentException(
          "scalars and points differ in size: " + scalars.size() + " vs " + points.size());
    }
    if (scalars.isEmpty()) {
      return identity;
    }
    int n = scalars.size();
    ECPoint[] ps = new ECPoint[n];
    BigInteger[] ks = new BigInteger[n];
    for (int i = 0; i < n; i++) {
      ks[i] = own(scalars.get(i)).toBigInteger();
      ps[i] = Secp256k1Point.of(points.get(i)).point();
    }
    return wrap(ECAlgorithms.sumOfMultiplies(ps, ks));
  }

  @Override
  public String toString() {
    return "Secp256k1Group";
  }

  ECCurve curve() {
    return curve;
  }

  Secp256k1Point wrap(ECPoint point) {
    return point.isInfinity() ? identity : new Secp256k1Point(this, point.normalize());
  }

  private Scalar own(Scalar k) {
    Objects.requireNonNull(k, "scalar");
    if (!k.field().equals(scalarField)) {
      throw new IllegalArgumentException("scalar is not modulo the secp256k1 group order");
    }
    return k;
  }
}
