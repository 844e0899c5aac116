package io.mpcium.crypto.ed25519;

import io.mpcium.crypto.Group;
import io.mpcium.crypto.GroupElement;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A point of edwards25519 in extended coordinates. Points are public values.
 *
 * <p>Instances are immutable and thread-safe. {@link #add}, {@link #subtract} and {@link #negate}
 * use complete formulas and accept any point of this group. {@link #equals(Object)} compares
 * projectively; {@link #hashCode()} and {@link #toString()} use the RFC 8032 encoding.
 */
public final class Ed25519Point implements GroupElement {
  /** Never mutated after construction. */
  private final Edwards.Ext p;

  Ed25519Point(Edwards.Ext p) {
    this.p = p;
  }

  /** The coordinates, for package use only: callers must not mutate them. */
  Edwards.Ext ext() {
    return p;
  }

  @Override
  public Group group() {
    return Ed25519Group.INSTANCE;
  }

  @Override
  public Ed25519Point add(GroupElement other) {
    Edwards.Cached q = new Edwards.Cached();
    Edwards.toCached(of(other).p, q);
    Edwards.Ext r = new Edwards.Ext();
    Edwards.add(p, q, r, new Edwards.Tmp());
    return new Ed25519Point(r);
  }

  @Override
  public Ed25519Point subtract(GroupElement other) {
    Edwards.Cached q = new Edwards.Cached();
    Edwards.toCached(of(other).p, q);
    Edwards.Ext r = new Edwards.Ext();
    Edwards.sub(p, q, r, new Edwards.Tmp());
    return new Ed25519Point(r);
  }

  @Override
  public Ed25519Point negate() {
    return new Ed25519Point(Edwards.negate(p));
  }

  /** 2·this. */
  public Ed25519Point twice() {
    Edwards.Ext r = new Edwards.Ext();
    Edwards.dbl(p, r, true, new Edwards.Tmp());
    return new Ed25519Point(r);
  }

  @Override
  public boolean isIdentity() {
    return Edwards.isIdentityVartime(p);
  }

  /** RFC 8032 §5.1.2: 32 bytes, y little-endian with the low bit of x in the top bit. */
  @Override
  public byte[] encode() {
    return Edwards.encode(p);
  }

  /** The affine x coordinate, canonical, 32 bytes little-endian. */
  public byte[] affineX() {
    return Edwards.encodeField(Edwards.affine(p)[0]);
  }

  /** The affine y coordinate, canonical, 32 bytes little-endian. */
  public byte[] affineY() {
    return Edwards.encodeField(Edwards.affine(p)[1]);
  }

  /** Projective comparison (variable time: points are public). */
  @Override
  public boolean equals(Object o) {
    return o instanceof Ed25519Point other && Edwards.equalsVartime(p, other.p);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encode());
  }

  @Override
  public String toString() {
    return "Ed25519Point[" + HexFormat.of().formatHex(encode()) + "]";
  }

  static Ed25519Point of(GroupElement e) {
    Objects.requireNonNull(e, "element");
    if (!(e instanceof Ed25519Point point)) {
      throw new IllegalArgumentException("not an edwards25519 element: " + e.getClass().getName());
    }
    return point;
  }
}
