package io.mpcium.transport.nats.wire;

/** A message could not be read as the Mpcium JSON structure it should be. */
public final class MalformedMpciumMessageException extends Exception {
  private static final long serialVersionUID = 1L;

  public MalformedMpciumMessageException(String message) {
    super(message);
  }
}
