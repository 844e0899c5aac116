package io.mpcium.internal.codec;

/**
 * Bytes from outside could not be decoded: truncated, oversized, trailing data, or a field out
 * of range. The message describes the field, never the secret content.
 */
public final class MalformedMessageException extends Exception {
  private static final long serialVersionUID = 1L;

  public MalformedMessageException(String message) {
    super(message);
  }

  public MalformedMessageException(String message, Throwable cause) {
    super(message, cause);
  }
}
