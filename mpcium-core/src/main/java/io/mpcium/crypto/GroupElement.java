package io.mpcium.crypto;

/**
 * An element of a prime-order group (a curve point). Immutable and thread-safe.
 *
 * <p>Elements are public values: {@link #equals(Object)} may run in variable time. An element
 * obtained from {@link Group#decodeElement(byte[])} has been validated (canonical, on the curve,
 * in the prime-order subgroup, not the identity).
 */
public interface GroupElement {

  /** The group this element belongs to. */
  Group group();

  GroupElement add(GroupElement other);

  GroupElement subtract(GroupElement other);

  GroupElement negate();

  boolean isIdentity();

  /** The group's canonical encoding ({@link Group#elementLength()} bytes). */
  byte[] encode();
}
