package io.mpcium.internal.security;

import io.mpcium.VaultException;
import io.mpcium.spi.KeyStore;
import io.mpcium.spi.KeyStoreException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;

/**
 * The vault check record a key store keeps beside its shares: a known plaintext sealed under the
 * vault passphrase, so that a node proves its passphrase (and learns the stored KDF parameters)
 * when it starts, before it touches any share. Stateless.
 */
public final class VaultCheck {
  /** The check record's id in every key store; version {@value #VERSION}. */
  public static final String RECORD_ID = "mpcium:vault-check";
  public static final int VERSION = 1;
  private static final byte[] PLAINTEXT =
      "mpcium vault check v1".getBytes(StandardCharsets.US_ASCII);

  private VaultCheck() { }

  /**
   * Opens the vault of {@code store} with its stored KDF parameters, verifying the passphrase.
   * Empty if the store has no check record (a new store).
   *
   * @throws io.mpcium.WrongPassphraseException if the passphrase does not open the check record
   */
  public static Optional<ShareVault> open(KeyStore store, char[] passphrase, SecureRandom rng)
      throws VaultException, KeyStoreException {
    Optional<byte[]> check = store.get(RECORD_ID, VERSION);
    if (check.isEmpty()) {
      return Optional.empty();
    }
    ShareVault vault = ShareVault.open(passphrase, ShareVault.paramsOf(check.get()), rng);
    try {
      verify(vault, check.get());
    } catch (VaultException | RuntimeException e) {
      vault.destroy();
      throw e;
    }
    return Optional.of(vault);
  }

  /** {@link #open}, or a new vault under {@code newVaultKdf} whose check record is stored. */
  public static ShareVault openOrCreate(KeyStore store, char[] passphrase, KdfParams newVaultKdf,
      SecureRandom rng) throws VaultException, KeyStoreException {
    Optional<ShareVault> existing = open(store, passphrase, rng);
    if (existing.isPresent()) {
      return existing.get();
    }
    ShareVault created = ShareVault.open(passphrase, newVaultKdf, rng);
    try {
      store.put(RECORD_ID, VERSION, seal(created));
    } catch (KeyStoreException | RuntimeException e) {
      created.destroy();
      throw e;
    }
    return created;
  }

  /** A check record sealed by {@code vault}. */
  public static byte[] seal(ShareVault vault) {
    return vault.seal(RECORD_ID, VERSION, PLAINTEXT);
  }

  private static void verify(ShareVault vault, byte[] record) throws VaultException {
    byte[] plain = vault.open(RECORD_ID, VERSION, record);
    if (!Arrays.equals(plain, PLAINTEXT)) {
      throw new VaultException("record " + RECORD_ID + " v" + VERSION
          + " is not a vault check record");
    }
  }
}
