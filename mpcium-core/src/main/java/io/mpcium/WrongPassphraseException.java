package io.mpcium;

/**
 * A share record does not authenticate under the vault's passphrase: either the passphrase is
 * wrong or the record was altered (including being moved to another record id or version).
 * AES-GCM cannot tell the two apart. Nothing was changed by the failed attempt.
 */
public final class WrongPassphraseException extends VaultException {
  private static final long serialVersionUID = 1L;

  public WrongPassphraseException(String message) {
    super(message);
  }
}
