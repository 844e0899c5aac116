package io.mpcium.examples.node;

import io.mpcium.spi.KeyStore;
import io.mpcium.spi.KeyStoreException;
import java.nio.file.Path;
import java.util.List;

/**
 * The key stores a standalone node can use, by the configuration's {@code key_store} name. Add
 * an entry here to offer another store (the MapDB store plugs in as {@code "mapdb"}).
 */
public final class KeyStores {
  /** Names accepted in {@code key_store}. */
  public static final List<String> NAMES = List.of("file");

  private KeyStores() { }

  /** Opens the named store in {@code dataDir}. */
  public static KeyStore open(String name, Path dataDir) throws KeyStoreException {
    return switch (name) {
      case "file" -> FileKeyStore.open(dataDir.resolve("keys"));
      default -> throw new IllegalArgumentException("unknown key store " + name);
    };
  }
}
