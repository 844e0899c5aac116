package io.mpcium.crypto;

/**
 * Bytes received from outside do not decode to a valid value: a non-canonical or out-of-range
 * scalar, or a point that is off the curve, the identity, or outside the prime-order subgroup.
 *
 * <p>The message never contains the rejected bytes, so it is safe to log.
 */
public final class InvalidEncodingException extends Exception {
  private static final long serialVersionUID = 1L;

  public InvalidEncodingException(String message) {
    super(message);
  }
}
