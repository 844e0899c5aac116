package io.mpcium.inmemory;

import io.mpcium.VaultException;
import io.mpcium.spi.KeyStore;
import io.mpcium.spi.KeyStoreException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The embedded default {@link KeyStore}: one instance per node, in memory, lost when the JVM
 * exits. Holds only the ciphertext the share vault gives it. Thread-safe (one lock).
 */
public final class InMemoryKeyStore implements KeyStore {
  private final Map<String, TreeMap<Integer, byte[]>> records = new TreeMap<>();
  private boolean closed;

  @Override
  public synchronized void put(String keyId, int version, byte[] record) throws KeyStoreException {
    checkOpen();
    TreeMap<Integer, byte[]> versions = records.computeIfAbsent(keyId, k -> new TreeMap<>());
    if (versions.containsKey(version)) {
      throw new KeyStoreException("key " + keyId + " version " + version + " already exists");
    }
    versions.put(version, record.clone());
  }

  @Override
  public synchronized Optional<byte[]> get(String keyId, int version) throws KeyStoreException {
    checkOpen();
    TreeMap<Integer, byte[]> versions = records.get(keyId);
    byte[] record = versions == null ? null : versions.get(version);
    return Optional.ofNullable(record).map(byte[]::clone);
  }

  @Override
  public synchronized List<Integer> versions(String keyId) throws KeyStoreException {
    checkOpen();
    TreeMap<Integer, byte[]> versions = records.get(keyId);
    return versions == null ? List.of() : List.copyOf(versions.keySet());
  }

  @Override
  public synchronized List<String> keyIds() throws KeyStoreException {
    checkOpen();
    return List.copyOf(records.keySet());
  }

  @Override
  public synchronized boolean delete(String keyId, int version) throws KeyStoreException {
    checkOpen();
    TreeMap<Integer, byte[]> versions = records.get(keyId);
    if (versions == null || versions.remove(version) == null) {
      return false;
    }
    if (versions.isEmpty()) {
      records.remove(keyId);
    }
    return true;
  }

  @Override
  public synchronized int rewriteAll(RecordTransform transform) throws KeyStoreException,
      VaultException {
    checkOpen();
    Map<String, TreeMap<Integer, byte[]>> rewritten = new TreeMap<>();
    int count = 0;
    for (Map.Entry<String, TreeMap<Integer, byte[]>> key : records.entrySet()) {
      TreeMap<Integer, byte[]> versions = new TreeMap<>();
      for (Map.Entry<Integer, byte[]> version : key.getValue().entrySet()) {
        byte[] record = transform.apply(key.getKey(), version.getKey(), version.getValue().clone());
        versions.put(version.getKey(), record.clone());
        count++;
      }
      rewritten.put(key.getKey(), versions);
    }
    records.clear();
    records.putAll(rewritten);
    return count;
  }

  @Override
  public synchronized void close() {
    closed = true;
  }

  private void checkOpen() throws KeyStoreException {
    if (closed) {
      throw new KeyStoreException("key store is closed");
    }
  }
}
