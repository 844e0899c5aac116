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
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
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
 * memory). A process that dies while MapDB copies a commit into the file leaves a torn file
 * that MapDB cannot open. This volume makes each MapDB commit (MapDB calls {@code sync()} once,
 * at the end of each) one record of a redo log:
 *
 * <ol>
 *   <li>every page written since the last sync, the new file length and a SHA-256 of the lot
 *       are appended to the journal file, which is forced: this is the commit point;
 *   <li>the pages are written into the file, without forcing it;
 *   <li>when the journal is full, and on close, the file is forced (a checkpoint) and the
 *       journal starts over under a new random epoch.
 * </ol>
 *
 * One forced write per commit. {@link #open} replays, in order, every complete record of the
 * journal's current epoch (idempotent) and stops at the first torn or stale one: a commit whose
 * record was not completely on disk never touched the file.
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
  /** The journal is preallocated to this size, so that appends do not change its length. */
  static final int JOURNAL_CAPACITY = 8 << 20;
  private static final int MAGIC = 0x4d50434a; // "MPCJ"
  private static final int FORMAT = 2;
  private static final int HEADER = 4 + 4 + 8 + 4 + 8 + 4 + 4;
  private static final int DIGEST = 32;
  /** A journal record's size is {@code RECORD_OVERHEAD + pages * RECORD_PAGE}. */
  static final int RECORD_OVERHEAD = HEADER + DIGEST;
  static final int RECORD_PAGE = 8 + PAGE_SIZE;

  private final File file;
  private final FileChannel data;
  private final FileChannel journal;
  private final TreeMap<Long, byte[]> dirty = new TreeMap<>();
  private final StepListener steps;
  private final SecureRandom random = new SecureRandom();
  /** Logical length, including growth not yet synced. */
  private long length;
  /** Length of the file as of the last sync. */
  private long fileLength;
  /** Bytes at or beyond this offset read as zeros until the next sync (after a truncate). */
  private long zeroFrom = Long.MAX_VALUE;
  private long epoch;
  private int nextRecord;
  private long journalEnd;

  private JournaledVolume(Path file, FileChannel data, FileChannel journal, StepListener steps)
      throws IOException {
    this.file = file.toFile();
    this.steps = steps;
    this.data = data;
    this.journal = journal;
    this.fileLength = data.size();
    this.length = fileLength;
    this.epoch = random.nextLong();
  }

  /**
   * Replays the journal left by a crash, then opens the volume. The caller holds the store's
   * lock.
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
      if (journal.size() < JOURNAL_CAPACITY) {
        writeFully(journal, ByteBuffer.allocate(1), JOURNAL_CAPACITY - 1);
        journal.force(true);
      }
      return new JournaledVolume(file, data, journal, steps);
    } catch (IOException | RuntimeException e) {
      data.close();
      journal.close();
      throw e;
    }
  }

  /**
   * Applies the complete records of the journal's epoch to the file and forces it; returns how
   * many there were. The journal is then marked empty.
   */
  static int recover(FileChannel data, FileChannel journal) throws IOException {
    long position = 0;
    int applied = 0;
    long epoch = 0;
    while (true) {
      Optional<ByteBuffer> record = readRecord(journal, position);
      if (record.isEmpty()) {
        break;
      }
      ByteBuffer in = record.get();
      in.getInt();
      in.getInt();
      long recordEpoch = in.getLong();
      int index = in.getInt();
      if (applied == 0 ? index != 0 : recordEpoch != epoch || index != applied) {
        break; // a record of an earlier epoch, left after the current one's end
      }
      epoch = recordEpoch;
      long newLength = in.getLong();
      int pages = in.getInt();
      in.getInt();
      for (int i = 0; i < pages; i++) {
        long page = in.getLong();
        ByteBuffer content = in.slice(in.position(), PAGE_SIZE);
        in.position(in.position() + PAGE_SIZE);
        writeFully(data, content, page * PAGE_SIZE);
      }
      setLength(data, newLength);
      applied++;
      position += in.capacity() + DIGEST;
    }
    if (applied > 0) {
      data.force(false);
      writeFully(journal, ByteBuffer.allocate(4), 0);
    }
    return applied;
  }

  /** The complete, authentic record at {@code position}, or empty (torn, absent, garbage). */
  private static Optional<ByteBuffer> readRecord(FileChannel journal, long position)
      throws IOException {
    long size = journal.size();
    if (size - position < HEADER + DIGEST) {
      return Optional.empty();
    }
    ByteBuffer header = ByteBuffer.allocate(HEADER);
    readFully(journal, header, position);
    header.flip();
    if (header.getInt() != MAGIC || header.getInt() != FORMAT) {
      return Optional.empty();
    }
    header.getLong();
    header.getInt();
    long newLength = header.getLong();
    int pages = header.getInt();
    int pageSize = header.getInt();
    long total = HEADER + (long) pages * (8 + pageSize) + DIGEST;
    if (pageSize != PAGE_SIZE || pages < 0 || newLength < 0 || total > size - position
        || total > Integer.MAX_VALUE) {
      return Optional.empty();
    }
    ByteBuffer all = ByteBuffer.allocate((int) total);
    readFully(journal, all, position);
    byte[] bytes = all.array();
    MessageDigest sha = sha256();
    sha.update(bytes, 0, (int) total - DIGEST);
    if (!MessageDigest.isEqual(sha.digest(),
        Arrays.copyOfRange(bytes, (int) total - DIGEST, (int) total))) {
      return Optional.empty();
    }
    return Optional.of(ByteBuffer.wrap(bytes, 0, (int) total - DIGEST).slice());
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
      int size = recordSize();
      if (nextRecord > 0 && journalEnd + size > JOURNAL_CAPACITY) {
        checkpoint();
      }
      writeFully(journal, record(), journalEnd);
      steps.completed(Step.JOURNAL_WRITTEN);
      journal.force(false);
      steps.completed(Step.JOURNAL_FORCED);
      journalEnd += size;
      nextRecord++;
      for (Map.Entry<Long, byte[]> page : dirty.entrySet()) {
        long offset = page.getKey() * PAGE_SIZE;
        if (offset < length) {
          writeFully(data, ByteBuffer.wrap(page.getValue()), offset);
          steps.completed(Step.PAGE_WRITTEN);
        }
      }
      setLength(data, length);
    } catch (IOException e) {
      throw new DBException.VolumeIOError(e);
    }
    dirty.clear();
    fileLength = length;
    zeroFrom = Long.MAX_VALUE;
  }

  /** Forces the file, so the journal's records are no longer needed, and starts a new epoch. */
  private void checkpoint() throws IOException {
    data.force(false);
    steps.completed(Step.FILE_FORCED);
    epoch = random.nextLong();
    nextRecord = 0;
    journalEnd = 0;
  }

  private int pagesToWrite() {
    int pages = 0;
    for (long page : dirty.keySet()) {
      if (page * PAGE_SIZE < length) {
        pages++;
      }
    }
    return pages;
  }

  private int recordSize() throws IOException {
    long total = HEADER + (long) pagesToWrite() * (8 + PAGE_SIZE) + DIGEST;
    if (total > Integer.MAX_VALUE) {
      throw new IOException("a single commit of " + total + " bytes is too large");
    }
    return (int) total;
  }

  private ByteBuffer record() throws IOException {
    ByteBuffer out = ByteBuffer.allocate(recordSize());
    out.putInt(MAGIC).putInt(FORMAT).putLong(epoch).putInt(nextRecord).putLong(length)
        .putInt(pagesToWrite()).putInt(PAGE_SIZE);
    for (Map.Entry<Long, byte[]> page : dirty.entrySet()) {
      if (page.getKey() * PAGE_SIZE < length) {
        out.putLong(page.getKey()).put(page.getValue());
      }
    }
    MessageDigest sha = sha256();
    sha.update(out.array(), 0, out.position());
    out.put(sha.digest());
    out.flip();
    return out;
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
      if (nextRecord > 0) {
        checkpoint();
        writeFully(journal, ByteBuffer.allocate(4), 0);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      try {
        data.close();
        journal.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
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

  /** Releases the files as a dying process would: no checkpoint. For crash tests. */
  synchronized void abandon() throws IOException {
    if (closed.compareAndSet(false, true)) {
      dirty.clear();
      data.close();
      journal.close();
    }
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
