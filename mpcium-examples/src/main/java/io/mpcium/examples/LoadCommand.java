package io.mpcium.examples;

import io.mpcium.Initiator;
import io.mpcium.examples.node.NodeProcesses;
import io.mpcium.transport.nats.NatsConnections;
import io.mpcium.transport.nats.NatsPeerRegistry;
import io.mpcium.transport.nats.client.MpcClient;
import io.mpcium.transport.nats.wire.KeygenResultEvent;
import io.mpcium.transport.nats.wire.SigningResultEvent;
import io.nats.client.Connection;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code load}: measures signing through the Mpcium gateway. Starts N node processes on the
 * given NATS server (as {@code demo --nats} does), creates a wallet, then keeps {@code
 * --in-flight} signing requests outstanding until {@code --requests} have been answered, after
 * {@code --warmup} unmeasured ones. Every signature is verified. Prints throughput and latency
 * percentiles (publish to result).
 */
@Command(name = "load", mixinStandardHelpOptions = true,
    description = "Measure signing throughput and latency through the NATS gateway.")
final class LoadCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--nats", required = true, paramLabel = "URL",
      description = "NATS server with JetStream.")
  String nats;

  @Option(names = "--nodes", defaultValue = "3", description = "Node processes (default 3).")
  int nodes;

  @Option(names = "--threshold", defaultValue = "2", description = "Signers (default 2).")
  int threshold;

  @Option(names = "--requests", defaultValue = "2000",
      description = "Measured requests (default 2000).")
  int requests;

  @Option(names = "--warmup", defaultValue = "500",
      description = "Unmeasured requests first (default 500).")
  int warmup;

  @Option(names = "--in-flight", defaultValue = "32",
      description = "Requests outstanding at once (default 32).")
  int inFlight;

  @Option(names = "--scheme", defaultValue = "ed25519",
      description = "Mpcium key type: ed25519 (default) or secp256k1.")
  String scheme;

  // jnats' Connection.close() declares InterruptedException; this method throws Exception.
  @SuppressWarnings("try")
  @Override
  public Integer call() throws Exception {
    if (requests < 1 || warmup < 0 || inFlight < 1 || nodes < 2 || threshold < 2
        || threshold > nodes) {
      throw new CommandLine.ParameterException(spec.commandLine(), "invalid sizes");
    }
    PrintWriter out = spec.commandLine().getOut();
    SecureRandom rng = new SecureRandom();
    Initiator initiator = Initiator.generateEd25519(rng);
    String run = UUID.randomUUID().toString().substring(0, 8);
    String bucket = "mpcium_load_" + run;
    Path work = Files.createTempDirectory("mpcium-load-");
    NodeProcesses.Options options = new NodeProcesses.Options(nodes, threshold - 1,
        Math.max(64, 2 * inFlight), Duration.ofSeconds(30), List.of("registry_bucket: " + bucket));
    try (Connection connection = NatsConnections.connect(nats, "mpcium-load");
        NodeProcesses cluster = NodeProcesses.start(nats, initiator.publicKey(), options, work,
            Duration.ofMinutes(2));
        MpcClient client = MpcClient.create(connection, initiator, Optional.of("load-" + run))) {
      try (NatsPeerRegistry registry = NatsPeerRegistry.builder(connection).bucket(bucket)
          .build()) {
        if (!registry.awaitReady(cluster.ids(), Duration.ofMinutes(1))) {
          spec.commandLine().getErr().println("nodes not ready; logs in " + work);
          return 1;
        }
      }
      String wallet = "load-" + UUID.randomUUID();
      KeygenResultEvent key = client.createWalletAsync(wallet).get(2, TimeUnit.MINUTES);
      if (!key.isSuccess()) {
        spec.commandLine().getErr().println("keygen failed: " + key);
        return 1;
      }
      byte[] publicKey = scheme.equals("secp256k1") ? key.ecdsaPubKey() : key.eddsaPubKey();
      if (publicKey == null) {
        spec.commandLine().getErr().println("the cluster has no " + scheme + " keys");
        return 1;
      }
      out.printf("%d node processes (%d-of-%d), %s, %d in flight, %d warm-up + %d measured "
          + "requests%n", nodes, threshold, nodes, scheme, inFlight, warmup, requests);
      out.flush();
      phase(client, wallet, publicKey, warmup, rng, null);
      long[] latencies = new long[requests];
      long started = System.nanoTime();
      int failures = phase(client, wallet, publicKey, requests, rng, latencies);
      long elapsed = System.nanoTime() - started;
      Arrays.sort(latencies);
      out.printf("throughput %.1f signatures/s; latency p50 %.2f ms, p99 %.2f ms, max %.2f ms;"
          + " %d failed%n", requests / (elapsed / 1e9), latencies[requests / 2] / 1e6,
          latencies[Math.min(requests - 1, (int) Math.ceil(requests * 0.99) - 1)] / 1e6,
          latencies[requests - 1] / 1e6, failures);
      out.flush();
      return failures == 0 ? 0 : 1;
    } finally {
      try (Connection connection = NatsConnections.connect(nats, "mpcium-load-cleanup")) {
        connection.keyValueManagement().delete(bucket);
      } catch (Exception e) {
        // Nothing to clean up.
      }
      try (Stream<Path> paths = Files.walk(work)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // A temporary directory.
      }
    }
  }

  /** Runs {@code count} requests with at most {@code inFlight} outstanding; returns failures. */
  private int phase(MpcClient client, String wallet, byte[] publicKey, int count,
      SecureRandom rng, long[] latencies) throws InterruptedException {
    Semaphore slots = new Semaphore(inFlight);
    CountDownLatch done = new CountDownLatch(count);
    AtomicInteger failures = new AtomicInteger();
    for (int i = 0; i < count; i++) {
      slots.acquire();
      byte[] tx = new byte[32];
      rng.nextBytes(tx);
      int index = i;
      long sent = System.nanoTime();
      client.signAsync(scheme, wallet, "load", tx).whenComplete((result, error) -> {
        // The 32 random bytes are the message (Ed25519) or the digest (ECDSA).
        long latency = System.nanoTime() - sent;
        if (latencies != null) {
          latencies[index] = latency;
        }
        if (error != null || !ok(result, publicKey, tx)) {
          failures.incrementAndGet();
          spec.commandLine().getErr().println("request " + index + " failed: "
              + (error != null ? error : result.errorCode() + " " + result.errorReason()));
        }
        slots.release();
        done.countDown();
      });
    }
    if (!done.await(10, TimeUnit.MINUTES)) {
      throw new IllegalStateException((done.getCount()) + " requests unanswered");
    }
    return failures.get();
  }

  private static boolean ok(SigningResultEvent result, byte[] publicKey, byte[] tx) {
    if (!result.isSuccess()) {
      return false;
    }
    if (result.signature() != null) {
      return SignatureCheck.ed25519(publicKey, tx, result.signature());
    }
    // ECDSA: BouncyCastle's verifier with Mpcium's 64-byte X‖Y key.
    var curve = org.bouncycastle.crypto.ec.CustomNamedCurves.getByName("secp256k1");
    byte[] point = new byte[65];
    point[0] = 4;
    System.arraycopy(publicKey, 0, point, 1, 64);
    var verifier = new org.bouncycastle.crypto.signers.ECDSASigner();
    verifier.init(false, new org.bouncycastle.crypto.params.ECPublicKeyParameters(
        curve.getCurve().decodePoint(point),
        new org.bouncycastle.crypto.params.ECDomainParameters(curve)));
    return verifier.verifySignature(tx, new java.math.BigInteger(1, result.r()),
        new java.math.BigInteger(1, result.s()));
  }
}
