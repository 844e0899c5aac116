package io.mpcium.examples.node;

import io.mpcium.spi.KeyStore;
import io.mpcium.spi.KeyStoreException;
import io.mpcium.store.MapDbKeyStore;
import java.nio.file.Path;
import java.util.List;

/**
 * The key stores a standalone node can use, by the configuration's {@code key_store} name:
 * {@code "mapdb"} (the default and only one today: the transactional MapDB store in {@code
 * <data>/keys}). Add an entry here to offer another store.
 */
public final class KeyStores {
  /** Names accepted in {@code key_store}. */
  public static final List<String> NAMES = List.of("mapdb");

  /** The store used when the configuration names none. */
  public static final String DEFAULT = "mapdb";

  private KeyStores() { }

  /** Opens the named store in {@code dataDir}. */
  public static KeyStore open(String name, Path dataDir, String nodeName)
      throws KeyStoreException {
    return switch (name) {
      case "mapdb" -> MapDbKeyStore.open(dataDir.resolve("keys"), nodeName);
      default -> throw new IllegalArgumentException("unknown key store " + name);
    };
  }
}
