package io.mpcium.spi;

import java.io.IOException;

/** A {@link PeerRegistry} operation failed or was refused. */
public class RegistryException extends IOException {
  private static final long serialVersionUID = 1L;

  public RegistryException(String message) {
    super(message);
  }

  public RegistryException(String message, Throwable cause) {
    super(message, cause);
  }
}
