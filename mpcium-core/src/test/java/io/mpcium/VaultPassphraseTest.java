package io.mpcium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpcium.inmemory.InMemoryKeyStore;
import io.mpcium.internal.security.KdfParams;
import io.mpcium.internal.security.ShareVault;
import io.mpcium.internal.security.VaultCheck;
import io.mpcium.spi.KeyStore;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VaultPassphraseTest {
  private static final char[] OLD = "old passphrase".toCharArray();
  private static final char[] NEW = "new passphrase".toCharArray();
  private final SecureRandom rng = new SecureRandom();

  private KeyStore storeWithShares() throws Exception {
    KeyStore store = new InMemoryKeyStore();
    ShareVault vault = VaultCheck.openOrCreate(store, OLD, KdfParams.forTesting(rng), rng);
    store.put("ed25519:a", 1, vault.seal("ed25519:a", 1, new byte[] {1, 2}));
    store.put("ed25519:a", 2, vault.seal("ed25519:a", 2, new byte[] {3}));
    store.put("ed25519:b", 1, vault.seal("ed25519:b", 1, new byte[] {4}));
    vault.destroy();
    return store;
  }

  @Test
  void rotationReSealsEveryRecordUnderTheNewPassphraseOnly() throws Exception {
    KeyStore store = storeWithShares();

    assertThat(VaultPassphrase.rotate(store, OLD, NEW, rng)).isEqualTo(4);

    VaultPassphrase.verify(store, NEW);
    assertThatThrownBy(() -> VaultPassphrase.verify(store, OLD))
        .isInstanceOf(WrongPassphraseException.class);
    ShareVault vault = VaultCheck.open(store, NEW, rng).orElseThrow();
    assertThat(vault.open("ed25519:a", 1, store.get("ed25519:a", 1).orElseThrow()))
        .containsExactly(1, 2);
    assertThat(vault.open("ed25519:a", 2, store.get("ed25519:a", 2).orElseThrow()))
        .containsExactly(3);
    assertThat(vault.open("ed25519:b", 1, store.get("ed25519:b", 1).orElseThrow()))
        .containsExactly(4);
    assertThat(ShareVault.paramsOf(store.get("ed25519:b", 1).orElseThrow()).algorithm())
        .isEqualTo(KdfParams.SCRYPT_TESTING);
  }

  @Test
  void aWrongCurrentPassphraseOrAnAlteredRecordChangesNothing() throws Exception {
    KeyStore store = storeWithShares();
    List<byte[]> before = snapshot(store);

    assertThatThrownBy(() -> VaultPassphrase.rotate(store, "guess".toCharArray(), NEW, rng))
        .isInstanceOf(WrongPassphraseException.class);
    assertThat(snapshot(store)).usingRecursiveComparison().isEqualTo(before);

    byte[] altered = store.get("ed25519:b", 1).orElseThrow();
    altered[altered.length - 1] ^= 1;
    store.delete("ed25519:b", 1);
    store.put("ed25519:b", 1, altered);
    List<byte[]> withAltered = snapshot(store);
    assertThatThrownBy(() -> VaultPassphrase.rotate(store, OLD, NEW, rng))
        .isInstanceOf(VaultException.class).hasMessageContaining("ed25519:b v1");
    assertThat(snapshot(store)).usingRecursiveComparison().isEqualTo(withAltered);
    VaultPassphrase.verify(store, OLD);
  }

  @Test
  void aStoreWithoutAVaultSaysSo() {
    assertThatThrownBy(() -> VaultPassphrase.verify(new InMemoryKeyStore(), OLD))
        .isInstanceOf(VaultException.class).hasMessageContaining("no vault check record");
  }

  private static List<byte[]> snapshot(KeyStore store) throws Exception {
    List<byte[]> all = new ArrayList<>();
    for (String keyId : store.keyIds()) {
      for (int version : store.versions(keyId)) {
        all.add(store.get(keyId, version).orElseThrow());
      }
    }
    return all;
  }
}
