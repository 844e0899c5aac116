package io.mpcium.store;

import io.mpcium.VaultException;
import io.mpcium.internal.codec.ByteReader;
import io.mpcium.internal.codec.ByteWriter;
import io.mpcium.internal.codec.MalformedMessageException;
import io.mpcium.spi.KeyStore;
import io.mpcium.spi.KeyStoreException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.mapdb.BTreeMap;
import org.mapdb.CC;
import org.mapdb.DB;
import org.mapdb.DBException;
import org.mapdb.Serializer;
import org.mapdb.StoreWAL;
import org.mapdb.serializer.SerializerArrayTuple;
import org.mapdb.volume.ByteArrayVol;
import org.mapdb.volume.Volume;
import org.mapdb.volume.VolumeFactory;

/**
 * A {@link KeyStore} in a directory on disk, over MapDB: durable, crash-safe, versioned.
 *
 * <p><b>Guarantees.</b> Every change ({@link #put}, {@link #delete},
 * {@link #deleteVersionsBefore}, {@link #rewriteAll}) is one MapDB transaction, forced to disk
 * before the method returns: after a crash or a {@code kill -9} at any moment the store reopens
 * with every change that returned and no part of any other. (MapDB 3.1's own write-ahead log
 * does not give this — it is never replayed — so the store's file sits on a
 * {@link JournaledVolume} that turns each MapDB commit into one forced, checksummed record of a
 * redo log, replayed on open.) Each record is kept with a SHA-256 checksum over its key id, version and bytes: a
 * damaged record fails to load with a {@link CorruptRecordException} naming it, and every other
 * record still loads. A store belongs to one node: it records the node id it was created for
 * and refuses to open for another. Only one process at a time can open a store directory;
 * another gets a clear error instead of a corrupted file.
 *
 * <p>The store sees only what the core's share vault gives it: ciphertext.
 *
 * <p><b>Files</b> in the directory (created readable by its owner only): {@code keys.mapdb}
 * (MapDB), {@code keys.journal} (the redo log, 8 MiB, preallocated) and {@code store.lock}.
 *
 * <p><b>Wiring a node</b> (e.g. from a YAML {@code data_dir}):
 * <pre>{@code
 * try (MapDbKeyStore store = MapDbKeyStore.open(dataDir.resolve(nodeName), nodeName)) {
 *   ThresholdNode node = ThresholdNode.builder().keyStore(store) ... .build();
 * }
 * }</pre>
 *
 * <p><b>Threading.</b> Thread-safe: reads run in parallel, changes one at a time.
 */
public final class MapDbKeyStore implements KeyStore {
  static final String DB_FILE = "keys.mapdb";
  static final String JOURNAL_FILE = "keys.journal";
  private static final int FORMAT = 1;
  private static final int MAX_KEY_ID = 1024;
  private static final byte[] CHECKSUM_DOMAIN =
      "mpcium-store/record/v1".getBytes(StandardCharsets.US_ASCII);

  private final Path dir;
  private final StoreLock lock;
  private final JournaledVolume volume;
  private final DB db;
  private final BTreeMap<Object[], byte[]> records;
  private final BTreeMap<Object[], Long> sequences;
  private final BTreeMap<String, String> meta;
  private final ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
  private final String nodeId;
  private final String storeId;
  private long sequence;
  private volatile String failure;
  private volatile boolean closed;

  private MapDbKeyStore(Path dir, StoreLock lock, JournaledVolume volume, DB db,
      Optional<String> expectedNode) throws KeyStoreException {
    this.dir = dir;
    this.lock = lock;
    this.volume = volume;
    this.db = db;
    this.records = db.treeMap("records", new SerializerArrayTuple(Serializer.STRING,
        Serializer.INTEGER), Serializer.BYTE_ARRAY).valuesOutsideNodesEnable().createOrOpen();
    this.sequences = db.treeMap("sequences", new SerializerArrayTuple(Serializer.STRING,
        Serializer.INTEGER), Serializer.LONG).createOrOpen();
    this.meta = db.treeMap("meta", Serializer.STRING, Serializer.STRING).createOrOpen();
    if (meta.get("format") == null) {
      String node = expectedNode.orElseThrow(() -> new KeyStoreException(
          "no key store in " + dir));
      meta.put("format", Integer.toString(FORMAT));
      meta.put("node", node);
      meta.put("store", UUID.randomUUID().toString());
      meta.put("sequence", "0");
    } else if (!meta.get("format").equals(Integer.toString(FORMAT))) {
      throw new KeyStoreException("key store " + dir + " has format " + meta.get("format")
          + "; this version reads format " + FORMAT);
    }
    db.commit();
    this.nodeId = meta.get("node");
    this.storeId = meta.get("store");
    this.sequence = Long.parseLong(meta.get("sequence"));
    if (expectedNode.isPresent() && !expectedNode.get().equals(nodeId)) {
      throw new KeyStoreException("key store " + dir + " belongs to node " + nodeId + ", not "
          + expectedNode.get());
    }
  }

  /**
   * Opens the store of node {@code nodeId} in {@code dir}, creating the directory and an empty
   * store if there is none.
   *
   * @throws KeyStoreException if the store belongs to another node, is open in another process,
   *     or cannot be read
   */
  public static MapDbKeyStore open(Path dir, String nodeId) throws KeyStoreException {
    return open(dir, nodeId, JournaledVolume.StepListener.NONE);
  }

  /** {@link #open(Path, String)} with a listener on commit steps, for crash tests. */
  static MapDbKeyStore open(Path dir, String nodeId, JournaledVolume.StepListener steps)
      throws KeyStoreException {
    Objects.requireNonNull(nodeId, "nodeId");
    if (nodeId.isBlank()) {
      throw new IllegalArgumentException("node id must not be blank");
    }
    try {
      Backups.createPrivateDirectory(dir);
    } catch (IOException e) {
      throw new KeyStoreException("cannot create key store directory " + dir + ": " + e, e);
    }
    return open(dir, Optional.of(nodeId), steps);
  }

  /** Opens the existing store in {@code dir}, whichever node it belongs to. */
  public static MapDbKeyStore openExisting(Path dir) throws KeyStoreException {
    if (!Files.isRegularFile(dir.resolve(DB_FILE))) {
      throw new KeyStoreException("no key store in " + dir);
    }
    return open(dir, Optional.empty(), JournaledVolume.StepListener.NONE);
  }

  private static MapDbKeyStore open(Path dir, Optional<String> node,
      JournaledVolume.StepListener steps) throws KeyStoreException {
    StoreLock lock = StoreLock.acquire(dir);
    JournaledVolume volume = null;
    DB db = null;
    try {
      boolean fresh = !Files.isRegularFile(dir.resolve(DB_FILE));
      volume = JournaledVolume.open(dir.resolve(DB_FILE), dir.resolve(JOURNAL_FILE), steps);
      if (fresh) {
        syncDirectory(dir);
      }
      db = newDb(dir, volume);
      return new MapDbKeyStore(dir, lock, volume, db, node);
    } catch (KeyStoreException e) {
      closeAll(db, volume, lock);
      throw e;
    } catch (IOException | DBException e) {
      closeAll(db, volume, lock);
      throw new KeyStoreException("cannot open key store " + dir + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeAll(db, volume, lock);
      throw e;
    }
  }

  private static DB newDb(Path dir, JournaledVolume volume) {
    String main = dir.resolve(DB_FILE).toString();
    boolean exists = volume.length() > 0;
    VolumeFactory volumes = new VolumeFactory() {
      @Override
      public Volume makeVolume(String file, boolean readOnly, long fileLockWait, int sliceShift,
          long initSize, boolean fixedSize) {
        if (main.equals(file)) {
          return volume;
        }
        // MapDB's own log files: it stages a transaction there but never replays them, so
        // they are kept in memory; the journaled volume is what makes commits durable.
        return new ByteArrayVol(sliceShift, initSize);
      }

      @Override
      public boolean exists(String file) {
        return main.equals(file) && exists;
      }

      @Override
      public boolean handlesReadonly() {
        return false;
      }
    };
    StoreWAL store = new StoreWAL(main, volumes, 0L, true, CC.STORE_DIRECT_CONC_SHIFT,
        CC.PAGE_SIZE, 0L, false, false, false, true, false);
    return new DB(store, exists, true, MapDbKeyStore.class.getClassLoader(), 0);
  }

  // ------------------------------------------------------------------ KeyStore

  @Override
  public void put(String keyId, int version, byte[] record) throws KeyStoreException {
    checkKey(keyId, version);
    Objects.requireNonNull(record, "record");
    byte[] value = envelope(keyId, version, record);
    this.<Void>write(() -> {
      Object[] key = key(keyId, version);
      if (records.containsKey(key)) {
        throw new KeyStoreException("key " + keyId + " version " + version
            + " already exists in " + dir);
      }
      long seq = nextSequence();
      records.put(key, value);
      sequences.put(key, seq);
      return null;
    });
  }

  @Override
  public Optional<byte[]> get(String keyId, int version) throws KeyStoreException {
    checkKey(keyId, version);
    return read(() -> {
      byte[] value;
      try {
        value = records.get(key(keyId, version));
      } catch (DBException e) {
        throw new CorruptRecordException(keyId, version, "MapDB cannot read it ("
            + e.getMessage() + ")");
      }
      return value == null ? Optional.empty() : Optional.of(open(keyId, version, value));
    });
  }

  @Override
  public List<Integer> versions(String keyId) throws KeyStoreException {
    Objects.requireNonNull(keyId, "keyId");
    return read(() -> {
      List<Integer> versions = new ArrayList<>();
      for (Object[] key : records.prefixSubMap(new Object[] {keyId}).keySet()) {
        versions.add((Integer) key[1]);
      }
      return List.copyOf(versions);
    });
  }

  @Override
  public List<String> keyIds() throws KeyStoreException {
    return read(() -> {
      List<String> ids = new ArrayList<>();
      for (Object[] key : records.keySet()) {
        String id = (String) key[0];
        if (ids.isEmpty() || !ids.get(ids.size() - 1).equals(id)) {
          ids.add(id);
        }
      }
      return List.copyOf(ids);
    });
  }

  @Override
  public boolean delete(String keyId, int version) throws KeyStoreException {
    checkKey(keyId, version);
    return write(() -> {
      Object[] key = key(keyId, version);
      if (records.remove(key) == null) {
        return false;
      }
      sequences.remove(key);
      nextSequence();
      return true;
    });
  }

  /**
   * Deletes every version of {@code keyId} below {@code version}, in one transaction: how old
   * versions go once a reshare's new version is confirmed everywhere.
   *
   * @return the versions deleted, ascending
   */
  public List<Integer> deleteVersionsBefore(String keyId, int version) throws KeyStoreException {
    checkKey(keyId, version);
    return write(() -> {
      List<Integer> deleted = new ArrayList<>();
      for (Object[] key : List.copyOf(records.prefixSubMap(new Object[] {keyId}).keySet())) {
        if ((Integer) key[1] < version) {
          records.remove(key);
          sequences.remove(key);
          deleted.add((Integer) key[1]);
        }
      }
      if (!deleted.isEmpty()) {
        nextSequence();
      }
      return List.copyOf(deleted);
    });
  }

  @Override
  public int rewriteAll(RecordTransform transform) throws KeyStoreException, VaultException {
    Objects.requireNonNull(transform, "transform");
    return writeOrVault(() -> {
      List<Object[]> keys = List.copyOf(records.keySet());
      List<byte[]> rewritten = new ArrayList<>(keys.size());
      for (Object[] key : keys) {
        String keyId = (String) key[0];
        int version = (Integer) key[1];
        byte[] record = open(keyId, version, records.get(key));
        rewritten.add(envelope(keyId, version, transform.apply(keyId, version, record)));
      }
      long seq = nextSequence();
      for (int i = 0; i < keys.size(); i++) {
        records.put(keys.get(i), rewritten.get(i));
        sequences.put(keys.get(i), seq);
      }
      return keys.size();
    });
  }

  /** Closes the store and releases its directory. Idempotent. */
  @Override
  public void close() {
    rw.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      closeAll(db, volume, lock);
    } finally {
      rw.writeLock().unlock();
    }
  }

  // ------------------------------------------------------------------ identity and backups

  /** The directory this store lives in. */
  public Path directory() {
    return dir;
  }

  /** The node this store belongs to. */
  public String nodeId() {
    return nodeId;
  }

  /** A random id of this store, fixed when it was created (or restored). */
  public String storeId() {
    return storeId;
  }

  /** One stored record with the change sequence number that last wrote it. */
  record Entry(String keyId, int version, long sequence, byte[] record) { }

  /**
   * A consistent view for a backup: the store's change sequence, every record's key id,
   * version and sequence (the manifest), and the bytes of the records changed after
   * {@code since} (every record for {@code since = 0}), checksums verified.
   */
  record Snapshot(String nodeId, String storeId, long sequence, List<Entry> manifest,
      List<Entry> changed) { }

  Snapshot snapshot(long since) throws KeyStoreException {
    return read(() -> {
      List<Entry> manifest = new ArrayList<>();
      List<Entry> changed = new ArrayList<>();
      for (Map.Entry<Object[], Long> e : sequences.entrySet()) {
        String keyId = (String) e.getKey()[0];
        int version = (Integer) e.getKey()[1];
        manifest.add(new Entry(keyId, version, e.getValue(), new byte[0]));
        if (e.getValue() > since) {
          changed.add(new Entry(keyId, version, e.getValue(),
              open(keyId, version, records.get(e.getKey()))));
        }
      }
      return new Snapshot(nodeId, storeId, sequence, List.copyOf(manifest),
          List.copyOf(changed));
    });
  }

  /** Fills an empty store with restored records, in one transaction. */
  void restore(List<Entry> entries) throws KeyStoreException {
    this.<Void>write(() -> {
      if (!records.isEmpty()) {
        throw new KeyStoreException("key store " + dir + " is not empty");
      }
      long seq = nextSequence();
      for (Entry entry : entries) {
        checkKey(entry.keyId(), entry.version());
        Object[] key = key(entry.keyId(), entry.version());
        records.put(key, envelope(entry.keyId(), entry.version(), entry.record()));
        sequences.put(key, seq);
      }
      return null;
    });
  }

  @Override
  public String toString() {
    return "MapDbKeyStore[" + dir + ", node " + nodeId + "]";
  }

  // ------------------------------------------------------------------ records

  private static Object[] key(String keyId, int version) {
    return new Object[] {keyId, version};
  }

  private static byte[] envelope(String keyId, int version, byte[] record) {
    return new ByteWriter(record.length + 48).u8(FORMAT).bytes(record)
        .raw(checksum(keyId, version, record)).toByteArray();
  }

  private static byte[] open(String keyId, int version, byte[] value) throws KeyStoreException {
    byte[] record;
    byte[] stored;
    try {
      ByteReader in = new ByteReader(value);
      int format = in.u8();
      if (format != FORMAT) {
        throw new CorruptRecordException(keyId, version, "unknown record format " + format);
      }
      record = in.bytes(value.length);
      stored = in.raw(32);
      in.end();
    } catch (MalformedMessageException e) {
      throw new CorruptRecordException(keyId, version, "malformed (" + e.getMessage() + ")");
    }
    if (!MessageDigest.isEqual(stored, checksum(keyId, version, record))) {
      throw new CorruptRecordException(keyId, version, "its checksum does not match");
    }
    return record;
  }

  private static byte[] checksum(String keyId, int version, byte[] record) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(new ByteWriter(64 + keyId.length()).bytes(CHECKSUM_DOMAIN).string(keyId)
          .u32(version).u32(record.length).toByteArray());
      sha.update(record);
      return sha.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static void checkKey(String keyId, int version) {
    Objects.requireNonNull(keyId, "keyId");
    if (keyId.isEmpty() || keyId.length() > MAX_KEY_ID) {
      throw new IllegalArgumentException("key id must be 1 to " + MAX_KEY_ID
          + " characters, got " + keyId.length());
    }
    if (version < 0) {
      throw new IllegalArgumentException("version must not be negative, got " + version);
    }
  }

  private long nextSequence() {
    sequence++;
    meta.put("sequence", Long.toString(sequence));
    return sequence;
  }

  // ------------------------------------------------------------------ transactions

  @FunctionalInterface
  private interface Work<T> {
    T run() throws KeyStoreException, VaultException;
  }

  @FunctionalInterface
  private interface ReadWork<T> {
    T run() throws KeyStoreException;
  }

  private <T> T read(ReadWork<T> work) throws KeyStoreException {
    rw.readLock().lock();
    try {
      checkUsable();
      return work.run();
    } catch (DBException e) {
      throw new KeyStoreException("key store " + dir + ": read failed: " + e.getMessage(), e);
    } finally {
      rw.readLock().unlock();
    }
  }

  /** Runs {@code work} and commits it, or rolls everything back if anything fails. */
  private <T> T write(Work<T> work) throws KeyStoreException {
    try {
      return writeOrVault(work);
    } catch (VaultException e) {
      throw new IllegalStateException("only rewriteAll's transform may fail with a vault error",
          e);
    }
  }

  private <T> T writeOrVault(Work<T> work) throws KeyStoreException, VaultException {
    rw.writeLock().lock();
    try {
      checkUsable();
      long before = sequence;
      T result;
      try {
        result = work.run();
      } catch (KeyStoreException | VaultException | RuntimeException e) {
        rollback(before);
        if (e instanceof DBException) {
          throw new KeyStoreException("key store " + dir + ": write failed: "
              + e.getMessage(), e);
        }
        throw e;
      }
      try {
        db.commit();
      } catch (RuntimeException e) {
        // What is on disk is consistent (the journal commits all or nothing), but MapDB's
        // memory may not be: refuse further use until the store is reopened.
        failure = "a commit failed (" + e.getMessage() + "); reopen the store";
        throw new KeyStoreException("key store " + dir + ": " + failure, e);
      }
      return result;
    } finally {
      rw.writeLock().unlock();
    }
  }

  private void rollback(long sequenceBefore) throws KeyStoreException {
    try {
      db.rollback();
      sequence = sequenceBefore;
    } catch (RuntimeException e) {
      failure = "a rollback failed (" + e.getMessage() + "); reopen the store";
      throw new KeyStoreException("key store " + dir + ": " + failure, e);
    }
  }

  private void checkUsable() throws KeyStoreException {
    if (closed) {
      throw new KeyStoreException("key store " + dir + " is closed");
    }
    if (failure != null) {
      throw new KeyStoreException("key store " + dir + ": " + failure);
    }
  }

  private static void closeAll(DB db, Volume volume, StoreLock lock) {
    try {
      if (db != null) {
        db.close();
      } else if (volume != null) {
        volume.close();
      }
    } catch (RuntimeException ignored) {
      // nothing was committed since the last sync: closing can lose nothing
    } finally {
      if (volume != null && !volume.isClosed()) {
        volume.close();
      }
      lock.close();
    }
  }

  static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException ignored) {
      // not every platform can force a directory; Linux can
    }
  }
}
