package io.mpcium.crypto.secp256k1;

/** A signature that does not verify, or whose parts are out of range. */
public final class InvalidSignatureException extends Exception {
  private static final long serialVersionUID = 1L;

  public InvalidSignatureException(String message) {
    super(message);
  }
}
