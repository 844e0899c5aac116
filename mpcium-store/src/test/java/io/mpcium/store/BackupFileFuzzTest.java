package io.mpcium.store;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mpcium.WrongPassphraseException;
import io.mpcium.internal.security.KdfParams;
import io.mpcium.internal.security.ShareVault;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;

/**
 * Backup files, fuzzed with Jazzer: whatever a file holds, reading its header, reading it and
 * decrypting it either succeed or fail with {@link BackupException} (or {@link
 * WrongPassphraseException}). A normal build runs the seeds in {@code BackupFileFuzzTestInputs/}
 * (written by {@link #main}); {@code scripts/fuzz} fuzzes {@link #backupFile}.
 */
class BackupFileFuzzTest {
  private static final SecureRandom RNG = new SecureRandom();
  /** A vault under fixed parameters, so that the seed files decrypt in full. */
  private static final ShareVault VAULT = ShareVault.open("fuzz".toCharArray(),
      new KdfParams(KdfParams.SCRYPT_TESTING, KdfParams.TESTING_N, 8, 1, new byte[16]), RNG);
  private static final Path FILE = temporaryFile();

  @FuzzTest(maxDuration = "10s")
  void backupFile(byte[] data) throws IOException {
    Files.write(FILE, data);
    try {
      BackupFile.readHeader(FILE);
    } catch (BackupException expected) {
      // rejected with the typed error
    }
    try {
      BackupFile.Sealed sealed = BackupFile.read(FILE);
      // Items under other KDF parameters cost a key derivation: decrypted only under the
      // vault's own.
      if (BackupFile.params(sealed).equals(VAULT.params())) {
        BackupFile.open(sealed, VAULT);
      }
    } catch (BackupException | WrongPassphraseException expected) {
      // rejected with the typed error
    }
  }

  private static Path temporaryFile() {
    try {
      Path file = Files.createTempFile("mpcium-backup-fuzz", BackupFile.SUFFIX);
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the seed: {@code main(<inputs dir>/backupFile)}. */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    Files.createDirectories(dir);
    List<MapDbKeyStore.Entry> records = List.of(
        new MapDbKeyStore.Entry("ed25519:w", 1, 7, new byte[] {1, 2, 3}),
        new MapDbKeyStore.Entry("secp256k1:w", 1, 8, new byte[] {4, 5}));
    BackupFile.Header header = new BackupFile.Header("node0", Instant.parse(
        "2026-01-01T00:00:00Z"), "store-1", 0, 8, 2, 2, records.size());
    Files.write(dir.resolve("seed-0"), BackupFile.write(header, records, records, VAULT));
  }
}
