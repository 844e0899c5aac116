package io.mpcium.crypto.ed25519;

import io.mpcium.crypto.Group;
import io.mpcium.crypto.GroupElement;
import io.mpcium.crypto.InvalidEncodingException;
import io.mpcium.crypto.Scalar;
import io.mpcium.crypto.ScalarField;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The prime-order subgroup of edwards25519 (RFC 8032), order L = 2^252 +
 * 27742317777372353535851937790883648493, with little-endian 32-byte scalars and RFC 8032 point
 * encodings.
 *
 * <p>{@link #mulBase} (precomputed table, signed 4-bit digits) and {@link #mul} (fixed signed
 * 4-bit window) run in time independent of the scalar, selecting table entries by scanning every
 * entry. The {@code *Vartime} methods use wNAF/Straus and are for public scalars only. {@link
 * #decodeElement} accepts only canonical encodings of non-identity points of order L, so no
 * small-order or mixed-order point ever enters a protocol.
 *
 * <p>A stateless singleton ({@link #INSTANCE}); thread-safe. The base-point table (about 30 KB)
 * is built on the first {@link #mulBase} call.
 */
public final class Ed25519Group implements Group {
  /** The only instance. */
  public static final Ed25519Group INSTANCE = new Ed25519Group();

  private final ScalarField scalarField = new ScalarField(Edwards.L);
  private final Ed25519Point identity = new Ed25519Point(Edwards.Ext.identity());
  private final Ed25519Point generator = new Ed25519Point(Edwards.basePoint());

  private Ed25519Group() {}

  @Override
  public String name() {
    return "edwards25519";
  }

  @Override
  public ScalarField scalarField() {
    return scalarField;
  }

  @Override
  public int elementLength() {
    return 32;
  }

  @Override
  public int scalarLength() {
    return 32;
  }

  @Override
  public Ed25519Point identity() {
    return identity;
  }

  @Override
  public Ed25519Point generator() {
    return generator;
  }

  /**
   * RFC 8032 §5.1.3 decoding that additionally rejects the identity and every point outside the
   * prime-order subgroup ([L]P must be the identity). Variable time; error messages never contain
   * the input.
   */
  @Override
  public Ed25519Point decodeElement(byte[] encoded) throws InvalidEncodingException {
    if (encoded == null || encoded.length != 32) {
      throw new InvalidEncodingException("edwards25519 element must be 32 bytes");
    }
    Edwards.Ext p = Edwards.decompressVartime(encoded);
    if (p == null) {
      throw new InvalidEncodingException("not a canonical edwards25519 point encoding");
    }
    if (Edwards.isIdentityVartime(p)) {
      throw new InvalidEncodingException("edwards25519 element is the identity");
    }
    if (!Edwards.isTorsionFreeVartime(p)) {
      throw new InvalidEncodingException("edwards25519 element is not in the prime-order subgroup");
    }
    return new Ed25519Point(p);
  }

  /** 32 bytes, little-endian, canonical. */
  @Override
  public byte[] encodeScalar(Scalar scalar) {
    return own(scalar).toLE();
  }

  /** Decodes 32 little-endian bytes; rejects values ≥ L. */
  @Override
  public Scalar decodeScalar(byte[] encoded) throws InvalidEncodingException {
    return scalarField.fromCanonicalLE(encoded);
  }

  @Override
  public Ed25519Point mulBase(Scalar k) {
    byte[] kb = own(k).toLE();
    try {
      return new Ed25519Point(Edwards.mulBaseConstantTime(kb));
    } finally {
      Arrays.fill(kb, (byte) 0);
    }
  }

  @Override
  public Ed25519Point mul(GroupElement p, Scalar k) {
    Ed25519Point point = Ed25519Point.of(p);
    byte[] kb = own(k).toLE();
    try {
      return new Ed25519Point(Edwards.mulConstantTime(point.ext(), kb));
    } finally {
      Arrays.fill(kb, (byte) 0);
    }
  }

  @Override
  public Ed25519Point mulVartime(GroupElement p, Scalar k) {
    return multiScalarMulVartime(List.of(k), List.of(p));
  }

  @Override
  public Ed25519Point multiScalarMulVartime(List<Scalar> scalars, List<GroupElement> points) {
    Objects.requireNonNull(scalars, "scalars");
    Objects.requireNonNull(points, "points");
    if (scalars.size() != points.size()) {
      throw new IllegalArgumentException(
          "scalars and points differ in size: " + scalars.size() + " vs " + points.size());
    }
    int n = scalars.size();
    byte[][] ks = new byte[n][];
    Edwards.Ext[] ps = new Edwards.Ext[n];
    for (int i = 0; i < n; i++) {
      ks[i] = own(scalars.get(i)).toLE();
      ps[i] = Ed25519Point.of(points.get(i)).ext();
    }
    return new Ed25519Point(Edwards.multiScalarMulVartime(ks, ps));
  }

  @Override
  public String toString() {
    return "Ed25519Group";
  }

  private Scalar own(Scalar k) {
    Objects.requireNonNull(k, "scalar");
    if (!k.field().equals(scalarField)) {
      throw new IllegalArgumentException("scalar is not modulo the edwards25519 group order");
    }
    return k;
  }
}
