package io.mpcium.store;

import io.mpcium.spi.KeyStoreException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/** Opens node {@code i}'s store in {@code data/node<i>}, for test clusters; closes them all. */
final class NodeStores implements IntFunction<MapDbKeyStore>, AutoCloseable {
  private final Path data;
  private final List<MapDbKeyStore> open = new ArrayList<>();

  NodeStores(Path data) {
    this.data = data;
  }

  @Override
  public MapDbKeyStore apply(int i) {
    try {
      MapDbKeyStore store = MapDbKeyStore.open(data.resolve("node" + i), "node" + i);
      open.add(store);
      return store;
    } catch (KeyStoreException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    open.forEach(MapDbKeyStore::close);
    open.clear();
  }
}
