package io.mpcium.benchmarks;

import io.mpcium.internal.security.KdfParams;
import io.mpcium.internal.security.ShareVault;
import io.mpcium.spi.KeyStoreException;
import io.mpcium.store.MapDbKeyStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Storing and loading one key share in a {@link MapDbKeyStore} on the local disk, the way a node
 * does it: AES-256-GCM sealing by the share vault plus one MapDB transaction forced to disk
 * (store), and one read plus opening (load); and the share encryption and decryption alone.
 * {@code shareBytes} is the plaintext share size; a 3-party DKLs23 share is about 50 KB (2-of-3)
 * to 100 KB (3-of-5). The store's size per key is printed at the end.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class KeyStoreBenchmark {
  @Param({"80000"})
  public int shareBytes;

  private final SecureRandom rng = new SecureRandom();
  private Path dir;
  private MapDbKeyStore store;
  private ShareVault vault;
  private byte[] share;
  private byte[] sealed;
  private int next;

  @Setup
  public void open() throws IOException {
    dir = Files.createTempDirectory("mpcium-store-bench");
    store = MapDbKeyStore.open(dir.resolve("node0"), "node0");
    vault = ShareVault.open("benchmark passphrase".toCharArray(), KdfParams.defaults(rng), rng);
    share = new byte[shareBytes];
    rng.nextBytes(share);
    sealed = vault.seal("ecdsa:loaded", 1, share);
    store.put("ecdsa:loaded", 1, sealed);
  }

  /** Share encryption alone: AES-256-GCM sealing by the vault, nothing stored. */
  @Benchmark
  public byte[] encryptShare() {
    return vault.seal("ecdsa:sealed", 1, share);
  }

  /** Share decryption alone: opening a sealed share (authentication and AES-256-GCM). */
  @Benchmark
  public byte[] decryptShare() throws Exception {
    return vault.open("ecdsa:loaded", 1, sealed);
  }

  @Benchmark
  public void storeShare() throws KeyStoreException {
    String keyId = "ecdsa:wallet-" + next++;
    store.put(keyId, 1, vault.seal(keyId, 1, share));
  }

  @Benchmark
  public byte[] loadShare() throws Exception {
    return vault.open("ecdsa:loaded", 1, store.get("ecdsa:loaded", 1).orElseThrow());
  }

  @TearDown
  public void close() throws IOException {
    int keys = store.keyIds().size();
    store.close();
    long bytes = Files.size(dir.resolve("node0").resolve("keys.mapdb"));
    System.out.printf("%nstore file: %d bytes for %d keys of %d-byte shares: %d bytes per key%n",
        bytes, keys, shareBytes, bytes / keys);
    vault.destroy();
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
