package io.mpcium.crypto;

import java.util.List;

/**
 * A prime-order group with its scalar field: the arithmetic every protocol in this library is
 * written against (DKG, FROST, resharing), so that one implementation serves Ed25519 and
 * secp256k1.
 *
 * <p>Implementations are immutable and thread-safe. Methods taking a {@link Scalar} that may be
 * secret ({@link #mulBase}, {@link #mul}) run in constant time in that scalar; methods named
 * {@code *Vartime} are only for public scalars.
 */
public interface Group {

  /** A short name such as {@code "edwards25519"}. */
  String name();

  /** The field of scalars modulo the group order. */
  ScalarField scalarField();

  /** Length in bytes of {@link GroupElement#encode()}. */
  int elementLength();

  /** Length in bytes of {@link #encodeScalar(Scalar)}. */
  int scalarLength();

  GroupElement identity();

  GroupElement generator();

  /**
   * Decodes an element received from outside. Rejects non-canonical encodings, points off the
   * curve, the identity and points outside the prime-order subgroup.
   */
  GroupElement decodeElement(byte[] encoded) throws InvalidEncodingException;

  /** The group's canonical scalar encoding (little-endian for Ed25519, big-endian for secp256k1). */
  byte[] encodeScalar(Scalar scalar);

  /** Decodes a canonical scalar; rejects values not below the group order. */
  Scalar decodeScalar(byte[] encoded) throws InvalidEncodingException;

  /** {@code k·G}, constant time in {@code k}. */
  GroupElement mulBase(Scalar k);

  /** {@code k·P}, constant time in {@code k}. */
  GroupElement mul(GroupElement p, Scalar k);

  /** {@code k·P} for a public scalar {@code k}; variable time. */
  GroupElement mulVartime(GroupElement p, Scalar k);

  /** {@code Σ scalars[i]·points[i]} for public scalars; variable time. Lists have equal size. */
  GroupElement multiScalarMulVartime(List<Scalar> scalars, List<GroupElement> points);
}
