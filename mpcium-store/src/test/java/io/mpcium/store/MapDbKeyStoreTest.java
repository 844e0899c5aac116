package io.mpcium.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpcium.spi.KeyStore;
import io.mpcium.spi.KeyStoreContract;
import io.mpcium.spi.KeyStoreException;
import java.nio.charset.StandardCharsets;
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
    assertThat(Files.size(dir.resolve(MapDbKeyStore.JOURNAL_FILE)))
        .isEqualTo(JournaledVolume.JOURNAL_CAPACITY);
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
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
  void aFlippedByteInARecordIsNamedAndTheOtherRecordsStillLoad() throws Exception {
    Path dir = tmp.resolve("s");
    byte[] a = bytes(1, 80_000);
    byte[] b = bytes(2, 80_000);
    try (MapDbKeyStore store = MapDbKeyStore.open(dir, "node0")) {
      store.put("ecdsa:a", 1, a);
      store.put("ecdsa:b", 1, b);
    }
    Path file = dir.resolve(MapDbKeyStore.DB_FILE);
    byte[] content = Files.readAllBytes(file);
    int at = indexOf(content, java.util.Arrays.copyOfRange(a, 40_000, 40_032));
    assertThat(at).isPositive();
    content[at + 7] ^= 0x10;
    Files.write(file, content);

    try (MapDbKeyStore store = MapDbKeyStore.open(dir, "node0")) {
      assertThatThrownBy(() -> store.get("ecdsa:a", 1))
          .isInstanceOf(CorruptRecordException.class)
          .hasMessage("record ecdsa:a v1 is corrupt: its checksum does not match; restore it "
              + "from a backup")
          .satisfies(e -> assertThat(((CorruptRecordException) e).keyId()).isEqualTo("ecdsa:a"));
      assertThat(store.get("ecdsa:b", 1).orElseThrow()).isEqualTo(b);
      assertThat(store.keyIds()).containsExactly("ecdsa:a", "ecdsa:b");
      store.put("ecdsa:c", 1, new byte[] {3});
      assertThat(store.get("ecdsa:c", 1).orElseThrow()).containsExactly(3);
      // The damaged record can be replaced once it is deleted (e.g. by a restored copy).
      assertThat(store.delete("ecdsa:a", 1)).isTrue();
      store.put("ecdsa:a", 1, a);
      assertThat(store.get("ecdsa:a", 1).orElseThrow()).isEqualTo(a);
    }
  }

  @Test
  void aFlippedByteInTheStoreHeaderStopsItFromOpening() throws Exception {
    Path dir = tmp.resolve("s");
    try (MapDbKeyStore store = MapDbKeyStore.open(dir, "node0")) {
      store.put("k", 1, new byte[] {1});
    }
    Path file = dir.resolve(MapDbKeyStore.DB_FILE);
    byte[] content = Files.readAllBytes(file);
    content[40] ^= 1;
    Files.write(file, content);
    assertThatThrownBy(() -> MapDbKeyStore.open(dir, "node0"))
        .isInstanceOf(KeyStoreException.class)
        .hasMessageContaining("cannot open key store " + dir);
    // And the failed attempt left the directory unlocked.
    assertThatThrownBy(() -> MapDbKeyStore.open(dir, "node0"))
        .hasMessageNotContaining("already open");
  }

  @Test
  void manyThreadsWriteAndReadAtOnce() throws Exception {
    int threads = 8;
    int perThread = 12;
    Path dir = tmp.resolve("s");
    try (MapDbKeyStore store = MapDbKeyStore.open(dir, "node0")) {
      java.util.concurrent.ExecutorService pool =
          java.util.concurrent.Executors.newFixedThreadPool(threads);
      java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
      List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < perThread; i++) {
            String keyId = "k" + thread + "-" + i;
            store.put(keyId, 1, bytes(thread * 1000 + i, 20_000));
            // Everyone races to add version 2 of a shared key; exactly one wins.
            try {
              store.put("shared-" + i, 2, bytes(i, 100));
            } catch (KeyStoreException e) {
              assertThat(e).hasMessageContaining("already exists");
            }
            assertThat(store.get(keyId, 1).orElseThrow()).isEqualTo(bytes(thread * 1000 + i,
                20_000));
            store.keyIds();
          }
          return null;
        }));
      }
      for (java.util.concurrent.Future<?> future : done) {
        future.get();
      }
      pool.shutdown();
      assertThat(store.keyIds()).hasSize(threads * perThread + perThread);
    }
    try (MapDbKeyStore store = MapDbKeyStore.open(dir, "node0")) {
      for (int t = 0; t < threads; t++) {
        for (int i = 0; i < perThread; i++) {
          assertThat(store.get("k" + t + "-" + i, 1).orElseThrow())
              .isEqualTo(bytes(t * 1000 + i, 20_000));
        }
      }
      for (int i = 0; i < perThread; i++) {
        assertThat(store.versions("shared-" + i)).containsExactly(2);
      }
    }
  }

  /** Where {@code needle} first occurs in {@code haystack}, or -1. */
  static int indexOf(byte[] haystack, byte[] needle) {
    return new String(haystack, StandardCharsets.ISO_8859_1)
        .indexOf(new String(needle, StandardCharsets.ISO_8859_1));
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
