package io.mpcium.store;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.mapdb.DBException;
import org.mapdb.DataInput2;
import org.mapdb.volume.Volume;

/**
 * A MapDB {@link Volume} over one file whose content changes atomically and durably at each
 * {@link #sync()}, and only then.
 *
 * <p>Why it exists: MapDB 3.1.0's {@code StoreWAL} writes a transaction into its write-ahead
 * log, forces it, then copies the changes into the main file; but it never replays that log
 * when it reopens a file, and the log does not even hold all the changes (index values stay in
 * memory). A process killed while MapDB copies a commit into the file leaves a torn file. This
 * volume makes MapDB's copy step itself atomic: writes are kept as dirty pages in memory, and
 * {@code sync()} (which MapDB calls once at the end of each commit) runs a redo journal:
 *
 * <ol>
 *   <li>write every dirty page, the new file length and a SHA-256 of the lot to the journal
 *       file, and force it: this is the commit point;
 *   <li>write the pages into the file and force it;
 *   <li>mark the journal empty (not forced: replaying it again is harmless).
 * </ol>
 *
 * {@link #recover} runs before MapDB opens the file: a complete journal is replayed (the crash
 * came after the commit point), a torn one is ignored (the file was not touched yet).
 *
 * <p>Thread-safe: one monitor guards the pages and the channels.
 */
final class JournaledVolume extends Volume {
  /** The steps of a commit, where crash tests stop the process. */
  enum Step { JOURNAL_WRITTEN, JOURNAL_FORCED, PAGE_WRITTEN, FILE_FORCED }

  /** Observes each commit step as it completes; for crash tests. */
  @FunctionalInterface
  interface StepListener {
    StepListener NONE = step -> { };

    void completed(Step step);
  }

  static final int PAGE_SIZE = 4096;
  private static final int MAGIC = 0x4d50434a; // "MPCJ"
  private static final int FORMAT = 1;
  private static final int HEADER = 4 + 4 + 8 + 4 + 4;
  private static final int DIGEST = 32;

  private final File file;
  private final FileChannel data;
  private final FileChannel journal;
  private final TreeMap<Long, byte[]> dirty = new TreeMap<>();
  private final StepListener steps;
  /** Logical length, including growth not yet synced. */
  private long length;
  /** Length of the file on disk as of the last sync. */
  private long fileLength;
  /** Bytes at or beyond this offset read as zeros until the next sync (after a truncate). */
  private long zeroFrom = Long.MAX_VALUE;

  private JournaledVolume(Path file, FileChannel data, FileChannel journal, StepListener steps)
      throws IOException {
    this.file = file.toFile();
    this.steps = steps;
    this.data = data;
    this.journal = journal;
    this.fileLength = data.size();
    this.length = fileLength;
  }

  /**
   * Replays or discards a journal left by a crash, then opens the volume. The caller holds the
   * store's lock.
   */
  static JournaledVolume open(Path file, Path journalFile, StepListener steps)
      throws IOException {
    FileChannel data = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    FileChannel journal;
    try {
      journal = FileChannel.open(journalFile, StandardOpenOption.CREATE,
          StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException e) {
      data.close();
      throw e;
    }
    try {
      recover(data, journal);
      return new JournaledVolume(file, data, journal, steps);
    } catch (IOException | RuntimeException e) {
      data.close();
      journal.close();
      throw e;
    }
  }

  /** Applies a complete journal to the file; returns whether there was one. */
  static boolean recover(FileChannel data, FileChannel journal) throws IOException {
    long size = journal.size();
    if (size < HEADER + DIGEST) {
      return false;
    }
    ByteBuffer header = ByteBuffer.allocate(HEADER);
    readFully(journal, header, 0);
    header.flip();
    if (header.getInt() != MAGIC || header.getInt() != FORMAT) {
      return false;
    }
    long newLength = header.getLong();
    int pages = header.getInt();
    int pageSize = header.getInt();
    long total = HEADER + (long) pages * (8 + pageSize) + DIGEST;
    if (pageSize != PAGE_SIZE || pages < 0 || newLength < 0 || total > size
        || total > Integer.MAX_VALUE) {
      return false;
    }
    ByteBuffer all = ByteBuffer.allocate((int) total);
    readFully(journal, all, 0);
    byte[] bytes = all.array();
    MessageDigest sha = sha256();
    sha.update(bytes, 0, (int) total - DIGEST);
    if (!MessageDigest.isEqual(sha.digest(),
        Arrays.copyOfRange(bytes, (int) total - DIGEST, (int) total))) {
      return false; // torn: the crash came before the commit point, the file is untouched
    }
    ByteBuffer in = ByteBuffer.wrap(bytes, HEADER, (int) total - HEADER - DIGEST);
    for (int i = 0; i < pages; i++) {
      long page = in.getLong();
      ByteBuffer content = ByteBuffer.wrap(bytes, in.position(), PAGE_SIZE);
      in.position(in.position() + PAGE_SIZE);
      writeFully(data, content, page * PAGE_SIZE);
    }
    setLength(data, newLength);
    data.force(false);
    invalidate(journal);
    return true;
  }

  // ------------------------------------------------------------------ commit

  @Override
  public synchronized void sync() {
    checkOpen();
    if (zeroFrom < fileLength) {
      // Bytes cut off by a truncate that the volume has grown back over must be zeroed on disk.
      long end = Math.min(length, fileLength);
      for (long page = zeroFrom / PAGE_SIZE; page * PAGE_SIZE < end; page++) {
        dirtyPage(page);
      }
    }
    if (dirty.isEmpty() && length == fileLength) {
      return;
    }
    try {
      writeJournal();
      for (Map.Entry<Long, byte[]> page : dirty.entrySet()) {
        long offset = page.getKey() * PAGE_SIZE;
        if (offset < length) {
          writeFully(data, ByteBuffer.wrap(page.getValue()), offset);
          steps.completed(Step.PAGE_WRITTEN);
        }
      }
      setLength(data, length);
      data.force(false);
      steps.completed(Step.FILE_FORCED);
      invalidate(journal);
    } catch (IOException e) {
      throw new DBException.VolumeIOError(e);
    }
    dirty.clear();
    fileLength = length;
    zeroFrom = Long.MAX_VALUE;
  }

  private void writeJournal() throws IOException {
    int pages = 0;
    for (long page : dirty.keySet()) {
      if (page * PAGE_SIZE < length) {
        pages++;
      }
    }
    long total = HEADER + (long) pages * (8 + PAGE_SIZE) + DIGEST;
    if (total > Integer.MAX_VALUE) {
      throw new IOException("a single commit of " + total + " bytes is too large");
    }
    ByteBuffer out = ByteBuffer.allocate((int) total);
    out.putInt(MAGIC).putInt(FORMAT).putLong(length).putInt(pages).putInt(PAGE_SIZE);
    for (Map.Entry<Long, byte[]> page : dirty.entrySet()) {
      if (page.getKey() * PAGE_SIZE < length) {
        out.putLong(page.getKey()).put(page.getValue());
      }
    }
    MessageDigest sha = sha256();
    sha.update(out.array(), 0, out.position());
    out.put(sha.digest());
    out.flip();
    writeFully(journal, out, 0);
    steps.completed(Step.JOURNAL_WRITTEN);
    journal.force(false);
    steps.completed(Step.JOURNAL_FORCED);
  }

  private static void invalidate(FileChannel journal) throws IOException {
    writeFully(journal, ByteBuffer.allocate(4), 0);
  }

  // ------------------------------------------------------------------ writes

  @Override
  public synchronized void ensureAvailable(long offset) {
    checkOpen();
    if (offset > length) {
      length = offset;
    }
  }

  @Override
  public synchronized void truncate(long size) {
    checkOpen();
    length = size;
    zeroFrom = Math.min(zeroFrom, size);
    dirty.keySet().removeIf(page -> page * PAGE_SIZE >= size);
    if (size % PAGE_SIZE != 0) {
      byte[] last = dirty.get(size / PAGE_SIZE);
      if (last != null) {
        Arrays.fill(last, (int) (size % PAGE_SIZE), PAGE_SIZE, (byte) 0);
      }
    }
  }

  @Override
  public void putLong(long offset, long value) {
    putData(offset, ByteBuffer.allocate(8).putLong(value).array(), 0, 8);
  }

  @Override
  public void putInt(long offset, int value) {
    putData(offset, ByteBuffer.allocate(4).putInt(value).array(), 0, 4);
  }

  @Override
  public void putByte(long offset, byte value) {
    putData(offset, new byte[] {value}, 0, 1);
  }

  @Override
  public synchronized void putData(long offset, byte[] src, int srcPos, int srcSize) {
    checkOpen();
    int done = 0;
    while (done < srcSize) {
      long at = offset + done;
      byte[] page = dirtyPage(at / PAGE_SIZE);
      int inPage = (int) (at % PAGE_SIZE);
      int n = Math.min(PAGE_SIZE - inPage, srcSize - done);
      System.arraycopy(src, srcPos + done, page, inPage, n);
      done += n;
    }
    length = Math.max(length, offset + srcSize);
  }

  @Override
  public void putData(long offset, ByteBuffer buf) {
    byte[] bytes = new byte[buf.remaining()];
    buf.get(bytes);
    putData(offset, bytes, 0, bytes.length);
  }

  @Override
  public void clear(long startOffset, long endOffset) {
    putData(startOffset, new byte[(int) (endOffset - startOffset)], 0,
        (int) (endOffset - startOffset));
  }

  /** The page, copied into the dirty set first if it is not there yet. */
  private byte[] dirtyPage(long page) {
    byte[] content = dirty.get(page);
    if (content == null) {
      content = new byte[PAGE_SIZE];
      readClean(page * PAGE_SIZE, content, 0, PAGE_SIZE);
      dirty.put(page, content);
    }
    return content;
  }

  // ------------------------------------------------------------------ reads

  @Override
  public long getLong(long offset) {
    byte[] bytes = new byte[8];
    getData(offset, bytes, 0, 8);
    return ByteBuffer.wrap(bytes).getLong();
  }

  @Override
  public int getInt(long offset) {
    byte[] bytes = new byte[4];
    getData(offset, bytes, 0, 4);
    return ByteBuffer.wrap(bytes).getInt();
  }

  @Override
  public byte getByte(long offset) {
    byte[] bytes = new byte[1];
    getData(offset, bytes, 0, 1);
    return bytes[0];
  }

  @Override
  public DataInput2 getDataInput(long offset, int size) {
    byte[] bytes = new byte[size];
    getData(offset, bytes, 0, size);
    return new DataInput2.ByteArray(bytes);
  }

  @Override
  public synchronized void getData(long offset, byte[] bytes, int bytesPos, int size) {
    checkOpen();
    int done = 0;
    while (done < size) {
      long at = offset + done;
      long page = at / PAGE_SIZE;
      int inPage = (int) (at % PAGE_SIZE);
      byte[] content = dirty.get(page);
      if (content != null) {
        int n = Math.min(PAGE_SIZE - inPage, size - done);
        System.arraycopy(content, inPage, bytes, bytesPos + done, n);
        done += n;
      } else {
        // Read up to the next dirty page in one go.
        Long nextDirty = dirty.higherKey(page);
        long limit = nextDirty == null ? Long.MAX_VALUE : nextDirty * PAGE_SIZE;
        int n = (int) Math.min(size - done, limit - at);
        readClean(at, bytes, bytesPos + done, n);
        done += n;
      }
    }
  }

  /** Reads committed bytes from the file; beyond its end, or after a truncate, zeros. */
  private void readClean(long offset, byte[] into, int pos, int size) {
    long available = Math.min(fileLength, zeroFrom) - offset;
    int fromFile = (int) Math.max(0, Math.min(size, available));
    if (fromFile > 0) {
      try {
        readFully(data, ByteBuffer.wrap(into, pos, fromFile), offset);
      } catch (IOException e) {
        throw new DBException.VolumeIOError(e);
      }
    }
    Arrays.fill(into, pos + fromFile, pos + size, (byte) 0);
  }

  // ------------------------------------------------------------------ the rest of Volume

  @Override
  public synchronized void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    dirty.clear(); // never synced, so never committed
    try {
      data.close();
      journal.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized long length() {
    return length;
  }

  @Override
  public int sliceSize() {
    return -1;
  }

  @Override
  public boolean isSliced() {
    return false;
  }

  @Override
  public boolean isReadOnly() {
    return false;
  }

  @Override
  public File getFile() {
    return file;
  }

  @Override
  public boolean getFileLocked() {
    return true; // the store holds its lock file for as long as the volume is open
  }

  /** Pages written since the last sync; for tests. */
  synchronized int dirtyPages() {
    return dirty.size();
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new DBException.VolumeClosed("volume " + file + " is closed");
    }
  }

  // ------------------------------------------------------------------ channel helpers

  private static void setLength(FileChannel channel, long newLength) throws IOException {
    long size = channel.size();
    if (size > newLength) {
      channel.truncate(newLength);
    } else if (size < newLength) {
      writeFully(channel, ByteBuffer.allocate(1), newLength - 1);
    }
  }

  private static void writeFully(FileChannel channel, ByteBuffer buffer, long position)
      throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      at += channel.write(buffer, at);
    }
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position)
      throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, at);
      if (n < 0) {
        throw new IOException("unexpected end of file at " + at);
      }
      at += n;
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
