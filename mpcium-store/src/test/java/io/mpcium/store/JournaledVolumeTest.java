package io.mpcium.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The redo journal under the MapDB file, with crashes simulated at each commit step. */
class JournaledVolumeTest {
  @TempDir
  Path dir;

  private static final class Crash extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  private Path file() {
    return dir.resolve("data");
  }

  private Path journal() {
    return dir.resolve("journal");
  }

  /** A volume that throws (as if the process died) when {@code step} completes the n-th time. */
  private JournaledVolume crashingAt(JournaledVolume.Step step, int n) throws IOException {
    int[] left = {n};
    return JournaledVolume.open(file(), journal(), completed -> {
      if (completed == step && --left[0] == 0) {
        throw new Crash();
      }
    });
  }

  private JournaledVolume plain() throws IOException {
    return JournaledVolume.open(file(), journal(), JournaledVolume.StepListener.NONE);
  }

  private static byte[] filled(int size, int value) {
    byte[] bytes = new byte[size];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }

  /** Commits 3 pages of 1s, then writes 5 pages of 2s and crashes at {@code step} #n. */
  private void commitThenCrash(JournaledVolume.Step step, int n) throws IOException {
    JournaledVolume volume = crashingAt(step, n + (step == JournaledVolume.Step.PAGE_WRITTEN
        ? 3 : 1));
    volume.putData(0, filled(3 * JournaledVolume.PAGE_SIZE, 1), 0, 3 * JournaledVolume.PAGE_SIZE);
    volume.sync();
    volume.putData(100, filled(5 * JournaledVolume.PAGE_SIZE, 2), 0,
        5 * JournaledVolume.PAGE_SIZE);
    assertThatThrownBy(volume::sync).isInstanceOf(Crash.class);
    volume.abandon();
  }

  /** Where the second commit's journal record starts, and its size. */
  private static final int SECOND_RECORD = JournaledVolume.RECORD_OVERHEAD
      + 3 * JournaledVolume.RECORD_PAGE;
  private static final int SECOND_RECORD_SIZE = JournaledVolume.RECORD_OVERHEAD
      + 6 * JournaledVolume.RECORD_PAGE;

  private void assertSecondCommitComplete() throws IOException {
    try (JournaledVolume volume = plain()) {
      byte[] read = new byte[100 + 5 * JournaledVolume.PAGE_SIZE];
      volume.getData(0, read, 0, read.length);
      assertThat(Arrays.copyOfRange(read, 0, 100)).isEqualTo(filled(100, 1));
      assertThat(Arrays.copyOfRange(read, 100, read.length))
          .isEqualTo(filled(5 * JournaledVolume.PAGE_SIZE, 2));
      assertThat(volume.length()).isEqualTo(100 + 5 * JournaledVolume.PAGE_SIZE);
    }
  }

  @Test
  void writesAreInvisibleOnDiskUntilSyncAndReadableBefore() throws IOException {
    try (JournaledVolume volume = plain()) {
      volume.putLong(8, 42);
      volume.putInt(20000, 7);
      assertThat(volume.getLong(8)).isEqualTo(42);
      assertThat(volume.getInt(20000)).isEqualTo(7);
      assertThat(volume.getByte(19999)).isZero();
      assertThat(Files.size(file())).isZero();
      assertThat(volume.dirtyPages()).isEqualTo(2);
      volume.sync();
      assertThat(volume.dirtyPages()).isZero();
      assertThat(Files.size(file())).isEqualTo(20004);
      volume.putLong(8, 43);
    }
    try (JournaledVolume volume = plain()) {
      assertThat(volume.getLong(8)).isEqualTo(42); // the unsynced change was never committed
      assertThat(volume.getInt(20000)).isEqualTo(7);
    }
  }

  @Test
  void aCrashBeforeTheJournalIsCompleteLeavesTheFileAsCommitted() throws IOException {
    commitThenCrash(JournaledVolume.Step.JOURNAL_FORCED, 1);
    // Tear the journal as a power cut could: the second record's last bytes never made it.
    try (RandomAccessFile journal = new RandomAccessFile(journal().toFile(), "rw")) {
      journal.seek(SECOND_RECORD + SECOND_RECORD_SIZE - 10);
      journal.write(new byte[10]);
    }
    try (JournaledVolume volume = plain()) {
      byte[] read = new byte[3 * JournaledVolume.PAGE_SIZE];
      volume.getData(0, read, 0, read.length);
      assertThat(read).isEqualTo(filled(read.length, 1));
      assertThat(volume.length()).isEqualTo(3 * JournaledVolume.PAGE_SIZE);
    }
  }

  @Test
  void aJournalWithAFlippedByteIsIgnored() throws IOException {
    commitThenCrash(JournaledVolume.Step.JOURNAL_FORCED, 1);
    try (RandomAccessFile journal = new RandomAccessFile(journal().toFile(), "rw")) {
      journal.seek(SECOND_RECORD + 5000);
      int b = journal.read();
      journal.seek(SECOND_RECORD + 5000);
      journal.write(b ^ 1);
    }
    try (JournaledVolume volume = plain()) {
      assertThat(volume.getByte(200)).isEqualTo((byte) 1);
    }
  }

  @Test
  void aCrashAfterTheCommitPointIsCompletedOnReopen() throws IOException {
    commitThenCrash(JournaledVolume.Step.JOURNAL_FORCED, 1);
    assertSecondCommitComplete();
  }

  @Test
  void aCrashHalfWayThroughCopyingPagesIsCompletedOnReopen() throws IOException {
    commitThenCrash(JournaledVolume.Step.PAGE_WRITTEN, 2);
    assertThat(Files.size(file())).isLessThan(100 + 5 * JournaledVolume.PAGE_SIZE);
    assertSecondCommitComplete();
  }

  @Test
  void aJournalReplayedTwiceChangesNothingMore() throws IOException {
    commitThenCrash(JournaledVolume.Step.PAGE_WRITTEN, 4);
    byte[] journal = Files.readAllBytes(journal());
    assertSecondCommitComplete();
    Files.write(journal(), journal); // as if the replay's end had not reached the disk
    assertSecondCommitComplete();
  }

  @Test
  void aFullJournalIsCheckpointedAndStaleRecordsAreNotReplayed() throws IOException {
    int[] checkpoints = {0};
    int[] commits = {0};
    JournaledVolume volume = JournaledVolume.open(file(), journal(), step -> {
      if (step == JournaledVolume.Step.FILE_FORCED) {
        checkpoints[0]++;
      }
      if (step == JournaledVolume.Step.JOURNAL_FORCED && ++commits[0] == 45) {
        throw new Crash();
      }
    });
    int size = 50 * JournaledVolume.PAGE_SIZE;
    for (int i = 1; i < 45; i++) {
      volume.putData((long) (i % 7) * size, filled(size, i), 0, size);
      volume.sync();
    }
    assertThat(checkpoints[0]).isEqualTo(1);
    volume.putData(0, filled(size, 99), 0, size);
    assertThatThrownBy(volume::sync).isInstanceOf(Crash.class);
    volume.abandon();
    try (JournaledVolume reopened = plain()) {
      for (int slot = 0; slot < 7; slot++) {
        int last = slot == 0 ? 99 : 44 - ((44 - slot) % 7);
        byte[] read = new byte[size];
        reopened.getData((long) slot * size, read, 0, size);
        assertThat(read).as("slot %d", slot).isEqualTo(filled(size, last));
      }
    }
  }

  @Test
  void truncationZeroesWhatGrowsBack() throws IOException {
    try (JournaledVolume volume = plain()) {
      volume.putData(0, filled(10_000, 5), 0, 10_000);
      volume.sync();
      volume.truncate(5000);
      volume.ensureAvailable(10_000);
      assertThat(volume.getByte(4999)).isEqualTo((byte) 5);
      assertThat(volume.getByte(5000)).isZero();
      assertThat(volume.getByte(9999)).isZero();
      volume.sync();
    }
    assertThat(Files.size(file())).isEqualTo(10_000);
    try (JournaledVolume volume = plain()) {
      assertThat(volume.getByte(9999)).isZero();
    }
  }
}
