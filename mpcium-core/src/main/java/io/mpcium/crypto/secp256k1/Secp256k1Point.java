package io.mpcium.crypto.secp256k1;

import io.mpcium.crypto.Group;
import io.mpcium.crypto.GroupElement;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.math.ec.ECPoint;

/**
 * A point of {@link Secp256k1Group}, held in normalized (affine) form. Immutable and thread-safe.
 * Points are public values; equality is variable time.
 */
public final class Secp256k1Point implements GroupElement {
  private final Secp256k1Group group;
  private final ECPoint point;

  Secp256k1Point(Secp256k1Group group, ECPoint normalized) {
    this.group = group;
    this.point = normalized;
  }

  static Secp256k1Point of(GroupElement element) {
    Objects.requireNonNull(element, "element");
    if (!(element instanceof Secp256k1Point)) {
      throw new IllegalArgumentException("not a secp256k1 element: " + element.group().name());
    }
    return (Secp256k1Point) element;
  }

  ECPoint point() {
    return point;
  }

  @Override
  public Group group() {
    return group;
  }

  @Override
  public Secp256k1Point add(GroupElement other) {
    return group.wrap(point.add(of(other).point));
  }

  @Override
  public Secp256k1Point subtract(GroupElement other) {
    return group.wrap(point.subtract(of(other).point));
  }

  @Override
  public Secp256k1Point negate() {
    return group.wrap(point.negate());
  }

  @Override
  public boolean isIdentity() {
    return point.isInfinity();
  }

  /**
   * The 33-byte compressed SEC1 encoding. The identity, which SEC1 encodes as a single zero byte,
   * is written as 33 zero bytes so that every encoding has the group's fixed length; {@link
   * Secp256k1Group#decodeElement} rejects it.
   */
  @Override
  public byte[] encode() {
    return point.isInfinity() ? new byte[33] : point.getEncoded(true);
  }

  /** The 65-byte uncompressed SEC1 encoding {@code 04 || x || y}; not defined for the identity. */
  public byte[] encodeUncompressed() {
    requireFinite();
    return point.getEncoded(false);
  }

  /** The affine x coordinate as an integer in [0, p). */
  public BigInteger x() {
    requireFinite();
    return point.getAffineXCoord().toBigInteger();
  }

  /** Whether the affine y coordinate is odd. */
  public boolean yIsOdd() {
    requireFinite();
    return point.getAffineYCoord().testBitZero();
  }

  private void requireFinite() {
    if (point.isInfinity()) {
      throw new IllegalStateException("the identity has no affine coordinates");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secp256k1Point && point.equals(((Secp256k1Point) o).point);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encode());
  }

  @Override
  public String toString() {
    return "Secp256k1Point[" + HexFormat.of().formatHex(encode()) + "]";
  }
}
