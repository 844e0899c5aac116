package io.mpcium.store;

import io.mpcium.spi.KeyStoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The exclusive lock a process holds on a store directory while the store is open (an OS file
 * lock on {@code store.lock}, released by the OS if the process dies). The file also names the
 * holder's process id, for the error another process gets.
 */
final class StoreLock implements AutoCloseable {
  static final String FILE = "store.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private StoreLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static StoreLock acquire(Path dir) throws KeyStoreException {
    FileChannel channel;
    try {
      channel = FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE,
          StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new KeyStoreException("cannot open the lock file of key store " + dir + ": " + e, e);
    }
    try {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        throw new KeyStoreException("key store " + dir + " is already open in this process");
      }
      if (lock == null) {
        throw new KeyStoreException("key store " + dir + " is in use by another process"
            + holder(channel) + "; stop it first");
      }
      byte[] pid = Long.toString(ProcessHandle.current().pid())
          .getBytes(StandardCharsets.US_ASCII);
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(pid), 0);
      return new StoreLock(channel, lock);
    } catch (KeyStoreException e) {
      closeQuietly(channel);
      throw e;
    } catch (IOException e) {
      closeQuietly(channel);
      throw new KeyStoreException("cannot lock key store " + dir + ": " + e, e);
    }
  }

  private static String holder(FileChannel channel) {
    try {
      ByteBuffer buffer = ByteBuffer.allocate(32);
      channel.read(buffer, 0);
      String pid = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
      return pid.matches("[0-9]{1,19}") ? " (pid " + pid + ")" : "";
    } catch (IOException e) {
      return "";
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing more to release
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // closing the channel releases it too
    }
    closeQuietly(channel);
  }
}
