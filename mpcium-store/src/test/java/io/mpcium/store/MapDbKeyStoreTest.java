package io.mpcium.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpcium.spi.KeyStore;
import io.mpcium.spi.KeyStoreContract;
import io.mpcium.spi.KeyStoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapDbKeyStoreTest {
  @TempDir
  Path tmp;

  @Nested
  class Contract extends KeyStoreContract {
    @TempDir
    Path dir;

    @Override
    protected KeyStore newStore() throws Exception {
      return MapDbKeyStore.open(dir.resolve("store"), "node0");
    }
  }

  static byte[] bytes(int seed, int size) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void recordsSurviveAReopen() throws Exception {
    Path dir = tmp.resolve("s");
    try (MapDbKeyStore store = MapDbKeyStore.open(dir, "node0")) {
      store.put("ed25519:a", 1, bytes(1, 80_000));
      store.put("ed25519:a", 2, bytes(2, 80_000));
      store.put("ed25519:b", 1, bytes(3, 100));
      assertThat(store.delete("ed25519:b", 1)).isTrue();
      store.put("ed25519:c", 7, bytes(4, 5));
    }
    try (MapDbKeyStore store = MapDbKeyStore.open(dir, "node0")) {
      assertThat(store.keyIds()).containsExactly("ed25519:a", "ed25519:c");
      assertThat(store.versions("ed25519:a")).containsExactly(1, 2);
      assertThat(store.get("ed25519:a", 1).orElseThrow()).isEqualTo(bytes(1, 80_000));
      assertThat(store.get("ed25519:a", 2).orElseThrow()).isEqualTo(bytes(2, 80_000));
      assertThat(store.get("ed25519:c", 7).orElseThrow()).isEqualTo(bytes(4, 5));
      assertThat(store.get("ed25519:b", 1)).isEmpty();
      assertThat(store.nodeId()).isEqualTo("node0");
    }
    assertThat(Files.size(dir.resolve(MapDbKeyStore.JOURNAL_FILE))).isGreaterThan(0);
  }

  @Test
  void olderVersionsAreDeletedOnRequestInOneGo() throws Exception {
    try (MapDbKeyStore store = MapDbKeyStore.open(tmp.resolve("s"), "node0")) {
      for (int v = 1; v <= 4; v++) {
        store.put("k", v, new byte[] {(byte) v});
      }
      store.put("other", 1, new byte[] {9});
      assertThat(store.deleteVersionsBefore("k", 3)).containsExactly(1, 2);
      assertThat(store.versions("k")).containsExactly(3, 4);
      assertThat(store.deleteVersionsBefore("k", 3)).isEmpty();
      assertThat(store.versions("other")).containsExactly(1);
    }
  }

  @Test
  void aStoreBelongsToOneNodeAndOneProcessAtATime() throws Exception {
    Path dir = tmp.resolve("s");
    try (MapDbKeyStore store = MapDbKeyStore.open(dir, "node0")) {
      store.put("k", 1, new byte[] {1});
      assertThatThrownBy(() -> MapDbKeyStore.open(dir, "node0"))
          .isInstanceOf(KeyStoreException.class)
          .hasMessageContaining("is already open in this process");
    }
    assertThatThrownBy(() -> MapDbKeyStore.open(dir, "node1"))
        .isInstanceOf(KeyStoreException.class)
        .hasMessageContaining("belongs to node node0, not node1");
    try (MapDbKeyStore store = MapDbKeyStore.openExisting(dir)) {
      assertThat(store.nodeId()).isEqualTo("node0");
      assertThat(store.get("k", 1).orElseThrow()).containsExactly(1);
    }
    assertThatThrownBy(() -> MapDbKeyStore.openExisting(tmp.resolve("none")))
        .isInstanceOf(KeyStoreException.class).hasMessageContaining("no key store in");
  }

  @Test
  void aClosedStoreSaysSo() throws Exception {
    MapDbKeyStore store = MapDbKeyStore.open(tmp.resolve("s"), "node0");
    store.close();
    store.close();
    assertThatThrownBy(() -> store.get("k", 1)).isInstanceOf(KeyStoreException.class)
        .hasMessageContaining("is closed");
    assertThatThrownBy(() -> store.put("k", 1, new byte[1]))
        .isInstanceOf(KeyStoreException.class).hasMessageContaining("is closed");
    assertThat(store.toString()).contains("node0");
    assertThat(List.of(store.storeId())).doesNotContainNull();
  }
}
