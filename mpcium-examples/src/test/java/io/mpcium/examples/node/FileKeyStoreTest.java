package io.mpcium.examples.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpcium.spi.KeyStore;
import io.mpcium.spi.KeyStoreContract;
import io.mpcium.spi.KeyStoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileKeyStoreTest extends KeyStoreContract {
  @TempDir
  Path dir;

  @Override
  protected KeyStore newStore() throws Exception {
    return FileKeyStore.open(dir.resolve("store"));
  }

  @Test
  void recordsSurviveReopeningAndTheDirectoryIsLocked() throws Exception {
    store.put("ed25519:w", 1, new byte[] {5, 6});
    assertThatThrownBy(() -> FileKeyStore.open(dir.resolve("store")))
        .isInstanceOf(KeyStoreException.class).hasMessageContaining("in use");
    store.close();
    store = FileKeyStore.open(dir.resolve("store"));
    assertThat(store.get("ed25519:w", 1).orElseThrow()).containsExactly(5, 6);
    try (var files = Files.list(dir.resolve("store"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(".lock", "656432353531393a77.v1");
    }
  }
}
