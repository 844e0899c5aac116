package io.mpcium;

/**
 * An encrypted share record could not be opened: it is malformed, was tampered with, or the
 * vault passphrase is wrong ({@link WrongPassphraseException}). The message names the record
 * and never contains key material, passphrases or plaintext.
 */
public class VaultException extends Exception {
  private static final long serialVersionUID = 1L;

  public VaultException(String message) {
    super(message);
  }

  public VaultException(String message, Throwable cause) {
    super(message, cause);
  }
}
