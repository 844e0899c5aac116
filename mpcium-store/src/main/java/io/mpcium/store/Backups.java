package io.mpcium.store;

import io.mpcium.VaultException;
import io.mpcium.internal.security.KdfParams;
import io.mpcium.internal.security.ShareVault;
import io.mpcium.internal.security.VaultCheck;
import io.mpcium.spi.KeyStoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Encrypted backups of a {@link MapDbKeyStore}, and restore from them.
 *
 * <p>A backup file ({@code backup-<node>-<time>-<sequence>.mpcb}) is encrypted and
 * authenticated (AES-256-GCM) under a key derived from the node's vault passphrase with scrypt,
 * with a fresh salt and the store's KDF cost, both stored in the file; its clear-text header
 * names the format, the node, the creation time, the store, and the key and record counts.
 * Files are written to a temporary name, forced and renamed, so a crash never leaves a partial
 * backup. Backups are incremental: the first is full, each next one holds only the records
 * changed since the previous one plus the list of all records, and a new full backup starts
 * after {@value #MAX_CHAIN} increments, when the chain in the directory is broken, or on
 * request. A run with nothing changed writes nothing.
 *
 * <p>Restore picks the newest complete chain of one node's backups, decrypts and checks all of
 * it, and only then builds the store in a temporary directory and renames it into place: a
 * wrong passphrase, a truncated or altered file, a missing increment or the wrong node fails
 * with a clear error and changes nothing.
 *
 * <p>Stateless and thread-safe; see {@link BackupScheduler} for periodic backups.
 */
public final class Backups {
  /** Increments after which the next backup is full again. */
  public static final int MAX_CHAIN = 16;
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

  private Backups() { }

  /** Whether a backup file holds every record or only those changed since the previous one. */
  public enum Kind { FULL, INCREMENTAL }

  /**
   * A backup written: its file, its kind, how many records it carries, how many keys (record
   * ids other than the store's own {@code mpcium:} records) the store held, and the store's
   * change sequence it covers up to.
   */
  public record Created(Path file, Kind kind, int records, int keys, long sequence) { }

  /** A store restored: where, for which node, with how many records and keys, from which files. */
  public record Restored(Path store, String node, int records, int keys, List<Path> files,
      Instant backedUpAt) { }

  /**
   * Writes a backup of {@code store} into {@code dir} (created if needed): full if
   * {@code full} or if no usable chain is there, else incremental. The passphrase must open the
   * store's vault.
   *
   * @return empty if nothing changed since the last backup in {@code dir}
   * @throws io.mpcium.WrongPassphraseException if the passphrase is not the store's
   */
  public static Optional<Created> create(MapDbKeyStore store, Path dir, char[] passphrase,
      boolean full) throws IOException, VaultException {
    try (Writer writer = Writer.open(store, dir, passphrase, new SecureRandom(),
        Clock.systemUTC())) {
      return writer.backup(full);
    }
  }

  /**
   * Rebuilds a store at {@code to} (a path that does not exist, or an empty directory) from the
   * newest complete chain of backups in {@code from}: those of {@code node}, or of the only
   * node there if empty.
   *
   * @throws io.mpcium.WrongPassphraseException if the passphrase does not open the backups
   * @throws BackupException for a truncated, malformed or corrupted file, a missing increment,
   *     backups of another node, or a target that is not empty
   */
  public static Restored restore(Path from, Path to, char[] passphrase, Optional<String> node)
      throws IOException, VaultException {
    Objects.requireNonNull(passphrase, "passphrase");
    List<Found> all = list(from, true);
    if (all.isEmpty()) {
      throw new BackupException("no backup files (*" + BackupFile.SUFFIX + ") in " + from);
    }
    TreeSet<String> nodes = new TreeSet<>();
    all.forEach(f -> nodes.add(f.header().node()));
    String chosen;
    if (node.isPresent()) {
      chosen = node.get();
      if (!nodes.contains(chosen)) {
        throw new BackupException(from + " holds no backups of node " + chosen
            + "; it holds backups of " + String.join(", ", nodes));
      }
    } else if (nodes.size() == 1) {
      chosen = nodes.first();
    } else {
      throw new BackupException(from + " holds backups of several nodes ("
          + String.join(", ", nodes) + "); choose one");
    }
    List<Found> ofNode = all.stream().filter(f -> f.header().node().equals(chosen)).toList();
    List<Found> chain = newestChain(ofNode);
    Found newest = ofNode.stream().max(Comparator.comparing((Found f) -> f.header().created())
        .thenComparingLong(f -> f.header().toSequence())).orElseThrow();
    if (chain.isEmpty() || !chain.get(chain.size() - 1).equals(newest)) {
      throw new BackupException("the newest backup " + newest.file() + " cannot be restored: "
          + "the backups it builds on (changes up to sequence " + newest.header().fromSequence()
          + ") are missing from " + from + "; remove it to restore an older state");
    }
    checkTarget(to);

    // Decrypt and check everything before writing anything.
    Map<KdfParams, ShareVault> vaults = new HashMap<>();
    try {
      Map<String, MapDbKeyStore.Entry> records = new LinkedHashMap<>();
      List<MapDbKeyStore.Entry> manifest = List.of();
      for (Found found : chain) {
        BackupFile.Sealed sealed = BackupFile.read(found.file());
        if (!sealed.header().equals(found.header())) {
          throw new BackupException("backup file " + found.file() + " changed while restoring");
        }
        KdfParams params = BackupFile.params(sealed);
        ShareVault vault = vaults.get(params);
        if (vault == null) {
          vault = ShareVault.open(passphrase, params, new SecureRandom());
          vaults.put(params, vault);
        }
        BackupFile.Contents contents = BackupFile.open(sealed, vault);
        for (MapDbKeyStore.Entry entry : contents.records()) {
          records.put(entry.keyId() + "\u0000" + entry.version(), entry);
        }
        manifest = contents.manifest();
      }
      List<MapDbKeyStore.Entry> restored = new ArrayList<>(manifest.size());
      for (MapDbKeyStore.Entry listed : manifest) {
        MapDbKeyStore.Entry entry = records.get(listed.keyId() + "\u0000" + listed.version());
        if (entry == null || entry.sequence() != listed.sequence()) {
          throw new BackupException("the backups in " + from + " are inconsistent: record "
              + listed.keyId() + " v" + listed.version() + " is listed but missing");
        }
        restored.add(entry);
      }
      checkVault(restored, passphrase);
      Path written = write(to, chosen, restored);
      Found last = chain.get(chain.size() - 1);
      return new Restored(written, chosen, restored.size(), keyCount(restored),
          chain.stream().map(Found::file).toList(), last.header().created());
    } finally {
      vaults.values().forEach(ShareVault::destroy);
    }
  }

  /** The restored records must open with the passphrase (their vault check record does). */
  private static void checkVault(List<MapDbKeyStore.Entry> records, char[] passphrase)
      throws VaultException {
    for (MapDbKeyStore.Entry entry : records) {
      if (entry.keyId().equals(VaultCheck.RECORD_ID) && entry.version() == VaultCheck.VERSION) {
        ShareVault vault = ShareVault.open(passphrase, ShareVault.paramsOf(entry.record()),
            new SecureRandom());
        try {
          vault.open(entry.keyId(), entry.version(), entry.record());
        } finally {
          vault.destroy();
        }
      }
    }
  }

  private static void checkTarget(Path to) throws BackupException {
    if (!Files.exists(to)) {
      return;
    }
    if (!Files.isDirectory(to)) {
      throw new BackupException(to + " already exists and is not a directory");
    }
    try (Stream<Path> entries = Files.list(to)) {
      if (entries.findAny().isPresent()) {
        throw new BackupException(to + " already exists and is not empty; restore into a new "
            + "directory");
      }
    } catch (IOException e) {
      throw new BackupException("cannot read " + to + ": " + e, e);
    }
  }

  /** Builds the store beside {@code to}, then renames it into place. */
  private static Path write(Path to, String node, List<MapDbKeyStore.Entry> records)
      throws IOException {
    Path target = to.toAbsolutePath().normalize();
    Path parent = target.getParent();
    Files.createDirectories(parent);
    Path temp = parent.resolve("." + target.getFileName() + ".restoring-" + UUID.randomUUID());
    try {
      try (MapDbKeyStore store = MapDbKeyStore.open(temp, node)) {
        store.restore(records);
      }
      MapDbKeyStore.syncDirectory(temp);
      checkTarget(target);
      Files.deleteIfExists(target); // an empty directory, if anything
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      MapDbKeyStore.syncDirectory(parent);
      return target;
    } catch (IOException | RuntimeException e) {
      deleteTree(temp);
      throw e;
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException ignored) {
      // a leftover temporary directory is harmless: its name starts with a dot
    }
  }

  // ------------------------------------------------------------------ chains

  /** A backup file and its header. */
  record Found(Path file, BackupFile.Header header) { }

  /** The backup files in {@code dir}; unreadable ones fail if {@code strict}, else are skipped. */
  static List<Found> list(Path dir, boolean strict) throws BackupException {
    if (!Files.isDirectory(dir)) {
      if (strict) {
        throw new BackupException("backup directory " + dir + " does not exist");
      }
      return List.of();
    }
    List<Found> found = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + BackupFile.SUFFIX)) {
      for (Path file : files) {
        if (file.getFileName().toString().startsWith(".") || !Files.isRegularFile(file)) {
          continue;
        }
        try {
          found.add(new Found(file, BackupFile.readHeader(file)));
        } catch (BackupException e) {
          if (strict) {
            throw e;
          }
        }
      }
    } catch (IOException e) {
      if (e instanceof BackupException backup) {
        throw backup;
      }
      throw new BackupException("cannot list backup directory " + dir + ": " + e, e);
    }
    found.sort(Comparator.comparing(f -> f.file().getFileName().toString()));
    return found;
  }

  /**
   * The newest restorable chain among {@code files}: a full backup followed by increments of the
   * same store, each starting where the previous one ended. Empty if there is none.
   */
  static List<Found> newestChain(List<Found> files) {
    List<Found> best = List.of();
    for (Found start : files) {
      if (!start.header().full()) {
        continue;
      }
      List<Found> chain = new ArrayList<>(List.of(start));
      while (true) {
        Found last = chain.get(chain.size() - 1);
        Optional<Found> next = files.stream()
            .filter(f -> !f.header().full()
                && f.header().storeId().equals(last.header().storeId())
                && f.header().fromSequence() == last.header().toSequence())
            .max(Comparator.comparing((Found f) -> f.header().toSequence()));
        if (next.isEmpty()) {
          break;
        }
        chain.add(next.get());
      }
      if (best.isEmpty() || newer(chain.get(chain.size() - 1), best.get(best.size() - 1))) {
        best = chain;
      }
    }
    return best;
  }

  private static boolean newer(Found a, Found b) {
    int byTime = a.header().created().compareTo(b.header().created());
    return byTime != 0 ? byTime > 0 : a.header().toSequence() > b.header().toSequence();
  }

  static int keyCount(List<MapDbKeyStore.Entry> records) {
    return (int) records.stream().map(MapDbKeyStore.Entry::keyId)
        .filter(id -> !id.startsWith("mpcium:")).distinct().count();
  }

  // ------------------------------------------------------------------ writing

  /**
   * Writes backups of one store into one directory with one vault (fresh salt), so that
   * repeated backups derive their key once. Not thread-safe; close it to wipe the key.
   */
  static final class Writer implements AutoCloseable {
    private final MapDbKeyStore store;
    private final Path dir;
    private final ShareVault vault;
    private final Clock clock;

    private Writer(MapDbKeyStore store, Path dir, ShareVault vault, Clock clock) {
      this.store = store;
      this.dir = dir;
      this.vault = vault;
      this.clock = clock;
    }

    static Writer open(MapDbKeyStore store, Path dir, char[] passphrase, SecureRandom rng,
        Clock clock) throws VaultException, KeyStoreException {
      Objects.requireNonNull(dir, "dir");
      Objects.requireNonNull(clock, "clock");
      ShareVault storeVault = VaultCheck.open(store, passphrase, rng).orElseThrow(
          () -> new VaultException("key store " + store.directory() + " has no vault check "
              + "record: no node has started on it, so there is nothing to back up"));
      KdfParams params = storeVault.params();
      storeVault.destroy();
      return new Writer(store, dir, ShareVault.open(passphrase, params.withFreshSalt(rng), rng),
          clock);
    }

    Optional<Created> backup(boolean full) throws IOException {
      createPrivateDirectory(dir);
      List<Found> mine = list(dir, false).stream()
          .filter(f -> f.header().storeId().equals(store.storeId())).toList();
      List<Found> chain = newestChain(mine);
      long since = 0;
      if (!full && !chain.isEmpty() && chain.size() <= MAX_CHAIN) {
        since = chain.get(chain.size() - 1).header().toSequence();
      }
      MapDbKeyStore.Snapshot snapshot = store.snapshot(since);
      if (snapshot.sequence() < since) {
        since = 0; // the store is older than its backups (copied back by hand): start over
        snapshot = store.snapshot(0);
      } else if (since > 0 && snapshot.sequence() == since) {
        return Optional.empty();
      }
      int keys = keyCount(snapshot.manifest());
      BackupFile.Header header = new BackupFile.Header(snapshot.nodeId(), clock.instant(),
          snapshot.storeId(), since, snapshot.sequence(), keys, snapshot.manifest().size(),
          snapshot.changed().size());
      byte[] bytes = BackupFile.write(header, snapshot.manifest(), snapshot.changed(), vault);
      String name = "backup-" + safe(snapshot.nodeId()) + "-" + STAMP.format(header.created())
          + "-" + snapshot.sequence() + BackupFile.SUFFIX;
      Path file = writeAtomically(dir.resolve(name), bytes);
      return Optional.of(new Created(file, since == 0 ? Kind.FULL : Kind.INCREMENTAL,
          snapshot.changed().size(), keys, snapshot.sequence()));
    }

    @Override
    public void close() {
      vault.destroy();
    }
  }

  private static String safe(String node) {
    return node.replaceAll("[^A-Za-z0-9_.-]", "_");
  }

  /** Creates {@code dir} (and missing parents) readable by its owner only, where POSIX. */
  static void createPrivateDirectory(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    if (posix()) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rwx------")));
    } else {
      Files.createDirectories(dir);
    }
  }

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  /** Temporary file, forced, renamed over the final name, directory forced. */
  private static Path writeAtomically(Path file, byte[] bytes) throws IOException {
    Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.deleteIfExists(temp);
    Set<StandardOpenOption> options = EnumSet.of(
        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    FileAttribute<?>[] attributes = posix()
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rw-------"))}
        : new java.nio.file.attribute.FileAttribute<?>[0];
    try (FileChannel channel = FileChannel.open(temp, options, attributes)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
    try {
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
    MapDbKeyStore.syncDirectory(file.getParent());
    return file;
  }
}
