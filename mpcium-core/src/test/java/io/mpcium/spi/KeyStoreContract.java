package io.mpcium.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpcium.VaultException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link KeyStore} must do. A store module's test extends this class and says how to
 * make a fresh, empty store.
 */
public abstract class KeyStoreContract {
  protected KeyStore store;

  /** A new, empty store. */
  protected abstract KeyStore newStore() throws Exception;

  @BeforeEach
  void open() throws Exception {
    store = newStore();
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void aRecordReadsBackExactlyAndIsACopy() throws Exception {
    byte[] record = {1, 2, 3, 4};
    store.put("ed25519:w", 1, record);
    record[0] = 9;

    byte[] read = store.get("ed25519:w", 1).orElseThrow();
    assertThat(read).containsExactly(1, 2, 3, 4);
    read[1] = 9;
    assertThat(store.get("ed25519:w", 1).orElseThrow()).containsExactly(1, 2, 3, 4);
    assertThat(store.get("ed25519:w", 2)).isEmpty();
    assertThat(store.get("ed25519:other", 1)).isEmpty();
  }

  @Test
  void aRecordIsNeverOverwritten() throws Exception {
    store.put("k", 1, new byte[] {1});
    assertThatThrownBy(() -> store.put("k", 1, new byte[] {2}))
        .isInstanceOf(KeyStoreException.class).hasMessageContaining("k");
    assertThat(store.get("k", 1).orElseThrow()).containsExactly(1);
  }

  @Test
  void versionsAndKeyIdsAreListedInOrder() throws Exception {
    store.put("b", 3, new byte[] {3});
    store.put("b", 1, new byte[] {1});
    store.put("a", 2, new byte[] {2});

    assertThat(store.versions("b")).containsExactly(1, 3);
    assertThat(store.versions("none")).isEmpty();
    assertThat(store.keyIds()).containsExactly("a", "b");
  }

  @Test
  void deletingOneVersionKeepsTheOthers() throws Exception {
    store.put("k", 1, new byte[] {1});
    store.put("k", 2, new byte[] {2});

    assertThat(store.delete("k", 1)).isTrue();
    assertThat(store.delete("k", 1)).isFalse();
    assertThat(store.versions("k")).containsExactly(2);
    assertThat(store.delete("k", 2)).isTrue();
    assertThat(store.keyIds()).isEmpty();
    assertThat(store.versions("k")).isEqualTo(List.of());
  }

  @Test
  void rewriteAllReplacesEveryRecord() throws Exception {
    store.put("a", 1, new byte[] {1});
    store.put("a", 2, new byte[] {2});
    store.put("b", 1, new byte[] {3});

    int count = store.rewriteAll((keyId, version, record) ->
        new byte[] {record[0], (byte) (10 * version), (byte) keyId.charAt(0)});

    assertThat(count).isEqualTo(3);
    assertThat(store.get("a", 1).orElseThrow()).containsExactly(1, 10, 'a');
    assertThat(store.get("a", 2).orElseThrow()).containsExactly(2, 20, 'a');
    assertThat(store.get("b", 1).orElseThrow()).containsExactly(3, 10, 'b');
    assertThat(store.keyIds()).containsExactly("a", "b");
  }

  @Test
  void aFailingRewriteChangesNothing() throws Exception {
    store.put("a", 1, new byte[] {1});
    store.put("b", 1, new byte[] {2});
    store.put("c", 1, new byte[] {3});

    assertThatThrownBy(() -> store.rewriteAll((keyId, version, record) -> {
      if (keyId.equals("b")) {
        throw new VaultException("record b v1 does not open");
      }
      return new byte[] {9};
    })).isInstanceOf(VaultException.class).hasMessageContaining("record b v1");

    assertThat(store.get("a", 1).orElseThrow()).containsExactly(1);
    assertThat(store.get("b", 1).orElseThrow()).containsExactly(2);
    assertThat(store.get("c", 1).orElseThrow()).containsExactly(3);
    store.put("d", 1, new byte[] {4});
    assertThat(store.keyIds()).containsExactly("a", "b", "c", "d");
  }
}
