package io.mpcium;

import io.mpcium.internal.security.ShareVault;
import io.mpcium.internal.security.VaultCheck;
import io.mpcium.spi.KeyStore;
import io.mpcium.spi.KeyStoreException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * Operator tasks on the passphrase that seals a node's key store: checking it and rotating it.
 * Run them while no node is using the store (a running node holds keys derived from the old
 * passphrase). Passphrase arrays are read, never kept and never wiped: wipe them yourself.
 * Stateless and thread-safe.
 */
public final class VaultPassphrase {
  private VaultPassphrase() { }

  /**
   * Fails unless {@code passphrase} opens the store's vault.
   *
   * @throws WrongPassphraseException if it does not
   * @throws VaultException if the store has no vault yet (no node has started on it)
   */
  public static void verify(KeyStore store, char[] passphrase)
      throws VaultException, KeyStoreException {
    openExisting(store, passphrase, new SecureRandom()).destroy();
  }

  /**
   * Re-seals every record of the store under {@code next} (same KDF cost, fresh salt), all or
   * nothing: after a crash the store opens with exactly one of the two passphrases. A record
   * that does not open under {@code current} aborts the rotation, naming the record, and
   * nothing changes.
   *
   * @return the number of records re-sealed (the vault check record included)
   * @throws WrongPassphraseException if {@code current} is not the store's passphrase
   */
  public static int rotate(KeyStore store, char[] current, char[] next, SecureRandom rng)
      throws VaultException, KeyStoreException {
    Objects.requireNonNull(next, "next");
    Objects.requireNonNull(rng, "rng");
    if (next.length == 0) {
      throw new IllegalArgumentException("the new vault passphrase must not be empty");
    }
    ShareVault old = openExisting(store, current, rng);
    ShareVault fresh = ShareVault.open(next, old.params().withFreshSalt(rng), rng);
    try {
      return store.rewriteAll((keyId, version, record) -> {
        byte[] plain = old.open(keyId, version, record);
        try {
          return fresh.seal(keyId, version, plain);
        } finally {
          Arrays.fill(plain, (byte) 0);
        }
      });
    } finally {
      old.destroy();
      fresh.destroy();
    }
  }

  private static ShareVault openExisting(KeyStore store, char[] passphrase, SecureRandom rng)
      throws VaultException, KeyStoreException {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(passphrase, "passphrase");
    return VaultCheck.open(store, passphrase, rng).orElseThrow(() -> new VaultException(
        "the key store has no vault check record (" + VaultCheck.RECORD_ID
            + "): no node has started on it"));
  }
}
