package io.mpcium.spi;

import java.io.IOException;

/** A {@link Transport} could not hand a frame to the network (no route, closed, I/O failure). */
public class TransportException extends IOException {
  private static final long serialVersionUID = 1L;

  public TransportException(String message) {
    super(message);
  }

  public TransportException(String message, Throwable cause) {
    super(message, cause);
  }
}
