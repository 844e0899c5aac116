package io.mpcium.examples.node;

import io.mpcium.spi.KeyStore;
import io.mpcium.spi.KeyStoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A {@link KeyStore} of one file per record in a directory: {@code <hex(keyId)>.v<version>}.
 * A standalone node uses it with {@code key_store: file} (the default is MapDB).
 *
 * <p>A put writes and syncs a temporary file, then hard-links it to its final name, which fails
 * if the name exists: a record appears whole or not at all and is never overwritten. Records are
 * the core's ciphertext. A lock file keeps a second process from using the same directory.
 * Thread-safe.
 */
public final class FileKeyStore implements KeyStore {
  private static final HexFormat HEX = HexFormat.of();
  private final Path dir;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private FileKeyStore(Path dir, FileChannel lockChannel, FileLock lock) {
    this.dir = dir;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /** Opens (creating) the store in {@code dir}; fails if another process holds it. */
  public static FileKeyStore open(Path dir) throws KeyStoreException {
    try {
      Files.createDirectories(dir);
      FileChannel channel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        channel.close();
        throw new KeyStoreException("key store " + dir + " is in use by another process");
      }
      return new FileKeyStore(dir, channel, lock);
    } catch (IOException e) {
      if (e instanceof KeyStoreException k) {
        throw k;
      }
      throw new KeyStoreException("could not open key store " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void put(String keyId, int version, byte[] record) throws KeyStoreException {
    Path target = file(keyId, version);
    Path temp = dir.resolve(".tmp-" + UUID.randomUUID());
    try {
      try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(record.clone());
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
        out.force(true);
      }
      Files.createLink(target, temp);
      syncDirectory();
    } catch (FileAlreadyExistsException e) {
      throw new KeyStoreException("record " + keyId + " v" + version + " already exists");
    } catch (IOException e) {
      throw new KeyStoreException("could not store " + keyId + " v" + version + ": "
          + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // A stray temporary file is harmless: it is never read.
      }
    }
  }

  @Override
  public Optional<byte[]> get(String keyId, int version) throws KeyStoreException {
    try {
      return Optional.of(Files.readAllBytes(file(keyId, version)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new KeyStoreException("could not read " + keyId + " v" + version + ": "
          + e.getMessage(), e);
    }
  }

  @Override
  public List<Integer> versions(String keyId) throws KeyStoreException {
    String prefix = HEX.formatHex(keyId.getBytes(StandardCharsets.UTF_8)) + ".v";
    TreeSet<Integer> versions = new TreeSet<>();
    for (String name : names()) {
      if (name.startsWith(prefix)) {
        try {
          versions.add(Integer.parseInt(name.substring(prefix.length())));
        } catch (NumberFormatException ignored) {
          // Not a record of this store.
        }
      }
    }
    return new ArrayList<>(versions);
  }

  @Override
  public List<String> keyIds() throws KeyStoreException {
    TreeSet<String> ids = new TreeSet<>();
    for (String name : names()) {
      int dot = name.indexOf(".v");
      if (dot > 0 && !name.startsWith(".")) {
        try {
          ids.add(new String(HEX.parseHex(name.substring(0, dot)), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException ignored) {
          // Not a record of this store.
        }
      }
    }
    return new ArrayList<>(ids);
  }

  @Override
  public boolean delete(String keyId, int version) throws KeyStoreException {
    try {
      boolean deleted = Files.deleteIfExists(file(keyId, version));
      syncDirectory();
      return deleted;
    } catch (IOException e) {
      throw new KeyStoreException("could not delete " + keyId + " v" + version + ": "
          + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      lockChannel.close();
    } catch (IOException ignored) {
      // Closing releases the lock in any case.
    }
  }

  @Override
  public String toString() {
    return "FileKeyStore[" + dir + "]";
  }

  private Path file(String keyId, int version) {
    if (version < 1) {
      throw new IllegalArgumentException("version must be positive");
    }
    return dir.resolve(HEX.formatHex(keyId.getBytes(StandardCharsets.UTF_8)) + ".v" + version);
  }

  private List<String> names() throws KeyStoreException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).toList();
    } catch (IOException e) {
      throw new KeyStoreException("could not list " + dir + ": " + e.getMessage(), e);
    }
  }

  private void syncDirectory() {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException ignored) {
      // Some platforms cannot sync a directory; the record file itself is synced.
    }
  }
}
