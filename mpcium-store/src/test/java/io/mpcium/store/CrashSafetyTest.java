package io.mpcium.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpcium.VaultPassphrase;
import io.mpcium.WrongPassphraseException;
import io.mpcium.inmemory.InMemoryKeyStore;
import io.mpcium.internal.security.KdfParams;
import io.mpcium.internal.security.ShareVault;
import io.mpcium.internal.security.VaultCheck;
import io.mpcium.spi.KeyStore;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM with SIGKILL in the middle of a stream of store changes, many times, and
 * checks after each kill that the store opens with every change the child reported committed,
 * at most the one change in flight besides, and nothing torn.
 */
class CrashSafetyTest {
  private static final int KILLS = 12;
  private static final int ROTATION_KILLS = 6;
  private static final int ROTATED_RECORDS = 12;

  @TempDir
  Path tmp;

  private final Random random = new Random();

  @Test
  void aKilledWriterLeavesEveryCommittedChangeAndNoPartialOne() throws Exception {
    Path dir = tmp.resolve("store");
    long next = 0; // the first operation not yet known to be in the store
    for (int kill = 0; kill < KILLS; kill++) {
      long confirmed;
      try (ChildProcess child = new ChildProcess("write", dir.toString(), Long.toString(next))) {
        assertThat(child.next()).isEqualTo("open");
        int lines = random.nextInt(8);
        confirmed = next - 1;
        for (int i = 0; i < lines; i++) {
          confirmed = Long.parseLong(child.next());
        }
        child.kill();
        // The child may have committed and reported more before the kill landed.
        for (var line = child.nextIfAlive(); line.isPresent(); line = child.nextIfAlive()) {
          confirmed = Long.parseLong(line.get());
        }
      }
      try (MapDbKeyStore store = MapDbKeyStore.open(dir, "node0")) {
        KeyStore committed = model(confirmed);
        KeyStore withInFlight = model(confirmed + 1);
        if (sameContent(store, committed)) {
          next = confirmed + 1;
        } else {
          assertThat(sameContent(store, withInFlight))
              .as("after kill %d the store holds operations 0..%d, or 0..%d", kill, confirmed,
                  confirmed + 1)
              .isTrue();
          next = confirmed + 2;
        }
      }
    }
    assertThat(next).as("the children made progress").isGreaterThan(KILLS);
  }

  @Test
  void aProcessThatDiesAtAnyStepOfACommitLosesNothingCommitted() throws Exception {
    Path dir = tmp.resolve("store");
    long next = 0;
    int[][] stops = {
        {JournaledVolume.Step.JOURNAL_WRITTEN.ordinal(), 1},
        {JournaledVolume.Step.JOURNAL_FORCED.ordinal(), 2},
        {JournaledVolume.Step.PAGE_WRITTEN.ordinal(), 1},
        {JournaledVolume.Step.PAGE_WRITTEN.ordinal(), 9},
        {JournaledVolume.Step.FILE_FORCED.ordinal(), 1}};
    for (int[] stop : stops) {
      JournaledVolume.Step step = JournaledVolume.Step.values()[stop[0]];
      long last = next - 1;
      try (ChildProcess child = new ChildProcess("halt", dir.toString(), Long.toString(next),
          step.name(), Integer.toString(stop[1]))) {
        assertThat(child.next()).isEqualTo("open");
        for (var line = child.nextIfAlive(); line.isPresent(); line = child.nextIfAlive()) {
          last = Long.parseLong(line.get());
        }
      }
      // A checkpoint (FILE_FORCED) of a full journal comes before the next commit's record is
      // written, so that change is lost; every other step comes after its record is complete in
      // the OS, so the change survives (a power cut before the journal is forced would lose it).
      long expected = step == JournaledVolume.Step.FILE_FORCED ? last : last + 1;
      try (MapDbKeyStore store = MapDbKeyStore.open(dir, "node0")) {
        assertThat(sameContent(store, model(expected)))
            .as("stopped at %s #%d: operations 0..%d", step, stop[1], expected).isTrue();
      }
      next = expected + 1;
    }
  }

  @Test
  void aSecondProcessGetsAClearErrorAndTheStoreIsFreedWhenTheFirstDies() throws Exception {
    Path dir = tmp.resolve("store");
    try (ChildProcess child = new ChildProcess("write", dir.toString(), "0")) {
      assertThat(child.next()).isEqualTo("open");
      long pid = child.pid();
      assertThatThrownBy(() -> MapDbKeyStore.open(dir, "node0"))
          .isInstanceOf(io.mpcium.spi.KeyStoreException.class)
          .hasMessageContaining("is in use by another process (pid " + pid + ")");
      child.kill();
    }
    try (MapDbKeyStore store = MapDbKeyStore.open(dir, "node0")) {
      assertThat(store.keyIds()).isNotEmpty();
    }
  }

  @Test
  void aKilledRotationLeavesEveryRecordUnderOnePassphrase() throws Exception {
    Path dir = tmp.resolve("store");
    SecureRandom rng = new SecureRandom();
    try (MapDbKeyStore store = MapDbKeyStore.open(dir, "node0")) {
      ShareVault vault = VaultCheck.openOrCreate(store, CrashChild.A, KdfParams.forTesting(rng),
          rng);
      for (int i = 0; i < ROTATED_RECORDS; i++) {
        store.put(CrashChild.keyId(i), 1,
            vault.seal(CrashChild.keyId(i), 1, CrashChild.content(i, 1)));
      }
      vault.destroy();
    }
    boolean atA = true;
    for (int kill = 0; kill < ROTATION_KILLS; kill++) {
      String confirmed = atA ? "A" : "B";
      try (ChildProcess child = new ChildProcess("rotate", dir.toString(), confirmed)) {
        assertThat(child.next()).isEqualTo("open");
        int lines = random.nextInt(4);
        for (int i = 0; i < lines; i++) {
          confirmed = child.next();
        }
        child.kill();
        for (var line = child.nextIfAlive(); line.isPresent(); line = child.nextIfAlive()) {
          confirmed = line.get();
        }
      }
      try (MapDbKeyStore store = MapDbKeyStore.open(dir, "node0")) {
        char[] confirmedPassphrase = confirmed.equals("A") ? CrashChild.A : CrashChild.B;
        char[] inFlight = confirmed.equals("A") ? CrashChild.B : CrashChild.A;
        boolean rotatedOnce = !opens(store, confirmedPassphrase);
        char[] current = rotatedOnce ? inFlight : confirmedPassphrase;
        char[] other = rotatedOnce ? confirmedPassphrase : inFlight;
        ShareVault vault = VaultCheck.open(store, current, rng).orElseThrow();
        for (int i = 0; i < ROTATED_RECORDS; i++) {
          String keyId = CrashChild.keyId(i);
          assertThat(vault.open(keyId, 1, store.get(keyId, 1).orElseThrow()))
              .isEqualTo(CrashChild.content(i, 1));
          ShareVault wrong = ShareVault.open(other,
              ShareVault.paramsOf(store.get(keyId, 1).orElseThrow()), rng);
          assertThatThrownBy(() -> wrong.open(keyId, 1, store.get(keyId, 1).orElseThrow()))
              .isInstanceOf(WrongPassphraseException.class);
          wrong.destroy();
        }
        vault.destroy();
        assertThatThrownBy(() -> VaultPassphrase.verify(store, other))
            .isInstanceOf(WrongPassphraseException.class);
        atA = current == CrashChild.A;
      }
    }
  }

  private static boolean opens(KeyStore store, char[] passphrase) throws Exception {
    try {
      VaultPassphrase.verify(store, passphrase);
      return true;
    } catch (WrongPassphraseException e) {
      return false;
    }
  }

  /** The store after operations 0..last of {@link CrashChild#op}. */
  private static KeyStore model(long last) throws Exception {
    KeyStore model = new InMemoryKeyStore();
    for (long n = 0; n <= last; n++) {
      CrashChild.op(model, n);
    }
    return model;
  }

  private static boolean sameContent(KeyStore actual, KeyStore expected) throws Exception {
    if (!actual.keyIds().equals(expected.keyIds())) {
      return false;
    }
    for (String keyId : expected.keyIds()) {
      if (!actual.versions(keyId).equals(expected.versions(keyId))) {
        return false;
      }
      for (int version : expected.versions(keyId)) {
        if (!java.util.Arrays.equals(actual.get(keyId, version).orElseThrow(),
            expected.get(keyId, version).orElseThrow())) {
          return false;
        }
      }
    }
    return true;
  }
}
