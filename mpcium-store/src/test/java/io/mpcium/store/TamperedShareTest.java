package io.mpcium.store;

import static io.mpcium.testing.TestCluster.party;
import static org.assertj.core.api.Assertions.assertThat;

import io.mpcium.VaultException;
import io.mpcium.testing.TestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A damaged share is named when it is used, and the node keeps serving its other keys. */
class TamperedShareTest {
  @TempDir
  Path data;


  private static Throwable failure(CompletableFuture<?> future) throws Exception {
    try {
      future.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("expected a failure");
  }

  @Test
  void aFlippedByteOnDiskFailsOnlyThatKey() throws Exception {
    byte[] sealed;
    try (NodeStores stores = new NodeStores(data);
        TestCluster cluster = new TestCluster(3, 2, stores)) {
      cluster.generate(0, "a").get(30, TimeUnit.SECONDS);
      cluster.generate(0, "b").get(30, TimeUnit.SECONDS);
      sealed = cluster.store(0).get("ed25519:a", 1).orElseThrow();
    }
    Path file = data.resolve("node0").resolve(MapDbKeyStore.DB_FILE);
    byte[] content = Files.readAllBytes(file);
    int at = MapDbKeyStoreTest.indexOf(content, Arrays.copyOfRange(sealed, 60, 92));
    assertThat(at).isPositive();
    content[at + 3] ^= 1;
    Files.write(file, content);

    try (NodeStores stores = new NodeStores(data);
        TestCluster cluster = new TestCluster(3, 2, stores)) {
      assertThat(failure(cluster.sign(0, "a", new byte[] {1}, List.of(party(0), party(1)))))
          .isInstanceOf(CorruptRecordException.class)
          .hasMessageContaining("record ed25519:a v1 is corrupt");
      assertThat(cluster.sign(0, "b", new byte[] {1}, List.of(party(0), party(1)))
          .get(30, TimeUnit.SECONDS).signature()).hasSize(64);
      // The other nodes still hold good shares of a.
      assertThat(cluster.sign(1, "a", new byte[] {2}, List.of(party(1), party(2)))
          .get(30, TimeUnit.SECONDS).signature()).hasSize(64);
    }
  }

  @Test
  void aShareReplacedWithValidChecksumsIsCaughtByTheVault() throws Exception {
    try (NodeStores stores = new NodeStores(data);
        TestCluster cluster = new TestCluster(3, 2, stores)) {
      cluster.generate(0, "a").get(30, TimeUnit.SECONDS);
      cluster.generate(0, "b").get(30, TimeUnit.SECONDS);
      // Someone with write access swaps b's sealed share in for a's.
      byte[] other = cluster.store(0).get("ed25519:b", 1).orElseThrow();
      cluster.store(0).delete("ed25519:a", 1);
      cluster.store(0).put("ed25519:a", 1, other);

      assertThat(failure(cluster.sign(0, "a", new byte[] {1}, List.of(party(0), party(1)))))
          .isInstanceOf(VaultException.class)
          .hasMessage("record ed25519:a v1 was altered: it does not authenticate under this "
              + "node's vault passphrase");
      assertThat(cluster.sign(0, "b", new byte[] {1}, List.of(party(0), party(2)))
          .get(30, TimeUnit.SECONDS).signature()).hasSize(64);
    }
  }
}
