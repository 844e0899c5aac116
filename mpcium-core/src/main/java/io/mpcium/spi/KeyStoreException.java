package io.mpcium.spi;

import java.io.IOException;

/** A {@link KeyStore} operation failed; nothing was changed unless the method says otherwise. */
public class KeyStoreException extends IOException {
  private static final long serialVersionUID = 1L;

  public KeyStoreException(String message) {
    super(message);
  }

  public KeyStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
