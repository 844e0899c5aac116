package io.mpcium.store;

import static io.mpcium.testing.TestCluster.party;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpcium.KeyGenResult;
import io.mpcium.KeyScheme;
import io.mpcium.SignatureResult;
import io.mpcium.ThresholdNode;
import io.mpcium.VaultException;
import io.mpcium.VaultPassphrase;
import io.mpcium.WrongPassphraseException;
import io.mpcium.internal.security.KdfParams;
import io.mpcium.internal.security.VaultCheck;
import io.mpcium.spi.KeyStore;
import io.mpcium.testing.ManualTime;
import io.mpcium.testing.TestCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupTest {
  private static final char[] PASSPHRASE = TestCluster.PASSPHRASE;
  private final SecureRandom rng = new SecureRandom();

  @TempDir
  Path tmp;

  /** A node's store with a vault and a few sealed records, as a running node leaves it. */
  private MapDbKeyStore storeWithVault(Path dir, String node) throws Exception {
    MapDbKeyStore store = MapDbKeyStore.open(dir, node);
    VaultCheck.openOrCreate(store, PASSPHRASE, KdfParams.forTesting(rng), rng).destroy();
    return store;
  }

  private static List<Path> backupFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".mpcb")).sorted().toList();
    }
  }

  private static void assertSameRecords(KeyStore actual, KeyStore expected) throws Exception {
    assertThat(actual.keyIds()).isEqualTo(expected.keyIds());
    for (String keyId : expected.keyIds()) {
      assertThat(actual.versions(keyId)).isEqualTo(expected.versions(keyId));
      for (int version : expected.versions(keyId)) {
        assertThat(actual.get(keyId, version).orElseThrow())
            .isEqualTo(expected.get(keyId, version).orElseThrow());
      }
    }
  }

  @Test
  void backupDeleteRestoreAndSignWithTheSamePublicKey() throws Exception {
    Path data = tmp.resolve("data");
    Path backups = tmp.resolve("backups");
    try (NodeStores stores = new NodeStores(data);
        TestCluster cluster = new TestCluster(3, 2, stores)) {
      KeyGenResult key = cluster.generate(0, "w").get(30, TimeUnit.SECONDS);
      Backups.Created created = Backups.create((MapDbKeyStore) cluster.store(1), backups,
          PASSPHRASE, false).orElseThrow();
      assertThat(created.kind()).isEqualTo(Backups.Kind.FULL);
      assertThat(created.keys()).isEqualTo(1);
      assertThat(created.records()).isEqualTo(2); // the share and the vault check record

      // node1 loses its disk.
      cluster.node(1).close();
      cluster.store(1).close();
      deleteTree(data.resolve("node1"));

      Backups.Restored restored = Backups.restore(backups, data.resolve("node1"), PASSPHRASE,
          Optional.of("node1"));
      assertThat(restored.records()).isEqualTo(2);
      assertThat(restored.files()).containsExactly(created.file());

      MapDbKeyStore store = stores.apply(1);
      ThresholdNode node = cluster.newNode(cluster.identity(1), store, 2, Optional.empty(),
          PASSPHRASE);
      cluster.replace(1, node, store);
      node.start();
      assertThat(node.key("w", KeyScheme.ED25519).orElseThrow().publicKey())
          .isEqualTo(key.publicKey());
      byte[] message = {1, 2, 3};
      SignatureResult signature = cluster.sign(1, "w", message, List.of(party(1), party(2)))
          .get(30, TimeUnit.SECONDS);
      assertThat(signature.publicKey()).isEqualTo(key.publicKey());
      assertThat(verifies(key.publicKey(), message, signature.signature())).isTrue();
    }
  }

  @Test
  void backupsAreIncrementalAndRestoreTheLatestState() throws Exception {
    Path backups = tmp.resolve("backups");
    try (MapDbKeyStore store = storeWithVault(tmp.resolve("s"), "node0")) {
      store.put("ed25519:a", 1, new byte[] {1});
      store.put("ed25519:b", 1, new byte[] {2});
      Backups.Created full = Backups.create(store, backups, PASSPHRASE, false).orElseThrow();
      assertThat(full.kind()).isEqualTo(Backups.Kind.FULL);
      assertThat(full.records()).isEqualTo(3);
      assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
          Files.getPosixFilePermissions(full.file()))).isEqualTo("rw-------");
      assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
          Files.getPosixFilePermissions(backups))).isEqualTo("rwx------");
      assertThat(Backups.create(store, backups, PASSPHRASE, false)).isEmpty();

      store.put("ed25519:a", 2, new byte[] {3});
      store.delete("ed25519:b", 1);
      Backups.Created increment = Backups.create(store, backups, PASSPHRASE, false)
          .orElseThrow();
      assertThat(increment.kind()).isEqualTo(Backups.Kind.INCREMENTAL);
      assertThat(increment.records()).isEqualTo(1);
      assertThat(increment.keys()).isEqualTo(1);

      store.put("ed25519:c", 1, new byte[] {4});
      Backups.Created forced = Backups.create(store, backups, PASSPHRASE, true).orElseThrow();
      assertThat(forced.kind()).isEqualTo(Backups.Kind.FULL);
      store.put("ed25519:d", 1, new byte[] {5});
      Backups.create(store, backups, PASSPHRASE, false).orElseThrow();
      assertThat(backupFiles(backups)).hasSize(4);

      Backups.Restored restored = Backups.restore(backups, tmp.resolve("r"), PASSPHRASE,
          Optional.empty());
      assertThat(restored.files()).hasSize(2);
      try (MapDbKeyStore copy = MapDbKeyStore.open(tmp.resolve("r"), "node0")) {
        assertSameRecords(copy, store);
        assertThat(copy.storeId()).isNotEqualTo(store.storeId());
        VaultPassphrase.verify(copy, PASSPHRASE);
      }
    }
  }

  @Test
  void aWrongPassphraseIsRefusedAndChangesNothing() throws Exception {
    Path backups = tmp.resolve("backups");
    try (MapDbKeyStore store = storeWithVault(tmp.resolve("s"), "node0")) {
      store.put("ed25519:a", 1, new byte[] {1});
      assertThatThrownBy(() -> Backups.create(store, backups, "wrong".toCharArray(), false))
          .isInstanceOf(WrongPassphraseException.class);
      assertThat(backups).doesNotExist();
      Backups.create(store, backups, PASSPHRASE, false).orElseThrow();
    }
    Path target = tmp.resolve("r");
    assertThatThrownBy(() -> Backups.restore(backups, target, "wrong".toCharArray(),
        Optional.empty()))
        .isInstanceOf(WrongPassphraseException.class)
        .hasMessageContaining("does not open with this passphrase");
    assertThat(target).doesNotExist();
    assertThat(Files.list(tmp).map(p -> p.getFileName().toString()).toList())
        .containsExactlyInAnyOrder("s", "backups");
  }

  @Test
  void aTruncatedOrAlteredFileIsNamedAndChangesNothing() throws Exception {
    Path backups = tmp.resolve("backups");
    try (MapDbKeyStore store = storeWithVault(tmp.resolve("s"), "node0")) {
      store.put("ed25519:a", 1, new byte[100]);
      Backups.create(store, backups, PASSPHRASE, false).orElseThrow();
    }
    Path file = backupFiles(backups).get(0);
    byte[] good = Files.readAllBytes(file);
    Path target = tmp.resolve("r");

    Files.write(file, java.util.Arrays.copyOf(good, good.length - 10));
    assertThatThrownBy(() -> Backups.restore(backups, target, PASSPHRASE, Optional.empty()))
        .isInstanceOf(BackupException.class)
        .hasMessageContaining("backup file " + file + " is truncated or malformed");
    Files.write(file, java.util.Arrays.copyOf(good, 20));
    assertThatThrownBy(() -> Backups.restore(backups, target, PASSPHRASE, Optional.empty()))
        .isInstanceOf(BackupException.class).hasMessageContaining("is truncated or malformed");

    byte[] body = good.clone();
    body[body.length - 5] ^= 1;
    Files.write(file, body);
    assertThatThrownBy(() -> Backups.restore(backups, target, PASSPHRASE, Optional.empty()))
        .isInstanceOf(BackupException.class)
        .hasMessageContaining("backup file " + file + " is corrupted");

    byte[] header = good.clone();
    header[20] ^= 1; // inside the node name
    Files.write(file, header);
    assertThatThrownBy(() -> Backups.restore(backups, target, PASSPHRASE, Optional.empty()))
        .isInstanceOf(VaultException.class);
    assertThat(target).doesNotExist();

    Files.write(file, good);
    Backups.restore(backups, target, PASSPHRASE, Optional.empty());
    assertThat(target.resolve(MapDbKeyStore.DB_FILE)).exists();
  }

  @Test
  void theWrongNodeAMissingIncrementOrAUsedTargetIsRefused() throws Exception {
    Path backups = tmp.resolve("backups");
    try (MapDbKeyStore store = storeWithVault(tmp.resolve("s"), "node0")) {
      store.put("ed25519:a", 1, new byte[] {1});
      Backups.create(store, backups, PASSPHRASE, false).orElseThrow();
      store.put("ed25519:a", 2, new byte[] {2});
      Backups.create(store, backups, PASSPHRASE, false).orElseThrow();
      store.put("ed25519:a", 3, new byte[] {3});
      Backups.create(store, backups, PASSPHRASE, false).orElseThrow();
    }
    Path target = tmp.resolve("r");
    assertThatThrownBy(() -> Backups.restore(backups, target, PASSPHRASE,
        Optional.of("node1")))
        .isInstanceOf(BackupException.class)
        .hasMessage(backups + " holds no backups of node node1; it holds backups of node0");

    Files.createDirectories(target);
    Files.write(target.resolve("something"), new byte[] {1});
    assertThatThrownBy(() -> Backups.restore(backups, target, PASSPHRASE, Optional.empty()))
        .isInstanceOf(BackupException.class).hasMessageContaining("is not empty");
    assertThat(Files.list(target).toList()).hasSize(1);

    Path middle = backupFiles(backups).get(1);
    Files.delete(middle);
    assertThatThrownBy(() -> Backups.restore(backups, tmp.resolve("r2"), PASSPHRASE,
        Optional.empty()))
        .isInstanceOf(BackupException.class).hasMessageContaining("cannot be restored")
        .hasMessageContaining("are missing");
    assertThat(tmp.resolve("r2")).doesNotExist();
  }

  @Test
  void scheduledBackupsRunEachPeriodAndOnlyWhenSomethingChanged() throws Exception {
    Path backups = tmp.resolve("backups");
    ManualTime time = new ManualTime();
    try (MapDbKeyStore store = storeWithVault(tmp.resolve("s"), "node0")) {
      BackupScheduler scheduler = BackupScheduler.start(store, backups, PASSPHRASE,
          Duration.ofMinutes(5), time, time);
      store.put("ed25519:a", 1, new byte[] {1});
      assertThat(backups).doesNotExist();
      time.advance(Duration.ofMinutes(5));
      assertThat(backupFiles(backups)).hasSize(1);
      time.advance(Duration.ofMinutes(5));
      assertThat(backupFiles(backups)).hasSize(1);
      store.put("ed25519:b", 1, new byte[] {2});
      time.advance(Duration.ofMinutes(5));
      assertThat(backupFiles(backups)).hasSize(2);
      store.put("ed25519:c", 1, new byte[] {3});
      assertThat(scheduler.backupNow().orElseThrow().kind())
          .isEqualTo(Backups.Kind.INCREMENTAL);
      assertThat(scheduler.lastFailure()).isEmpty();
      scheduler.close();
      assertThat(time.pendingTasks()).isZero();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  private static boolean verifies(byte[] publicKey, byte[] message, byte[] signature) {
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
    verifier.update(message, 0, message.length);
    return verifier.verifySignature(signature);
  }
}
