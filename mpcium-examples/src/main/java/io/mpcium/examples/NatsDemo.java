package io.mpcium.examples;

import io.mpcium.Initiator;
import io.mpcium.KeyScheme;
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
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code demo --nats URL}: the demo with each node in its own process, connected only through
 * the NATS server, and every request sent through the Mpcium gateway by {@link MpcClient}.
 * Prints the same summary and {@code --json} lines as the in-JVM demo. The node processes and
 * their temporary directory are removed when it ends, whatever happens; the registry bucket is
 * private to the run and deleted afterwards.
 */
final class NatsDemo {
  private static final HexFormat HEX = HexFormat.of();
  private final DemoCommand options;

  NatsDemo(DemoCommand options) {
    this.options = options;
  }

  // jnats' Connection.close() declares InterruptedException; this method throws Exception.
  @SuppressWarnings("try")
  int run() throws Exception {
    KeyScheme keyScheme = KeyScheme.fromLabel(options.scheme);
    PrintWriter out = options.spec.commandLine().getOut();
    PrintWriter err = options.spec.commandLine().getErr();
    DemoCommand.Progress progress = new DemoCommand.Progress(out, !options.json);
    SecureRandom rng = new SecureRandom();
    Initiator initiator = Initiator.generateEd25519(rng);
    String run = UUID.randomUUID().toString().substring(0, 8);
    String bucket = "mpcium_demo_" + run;
    Path work = Files.createTempDirectory("mpcium-demo-");
    long started = System.nanoTime();
    NodeProcesses.Options nodeOptions = new NodeProcesses.Options(options.nodes,
        options.threshold - 1, 64, Duration.ofSeconds(30),
        List.of("registry_bucket: " + bucket));
    try (Connection connection = NatsConnections.connect(options.nats, "mpcium-demo");
        NodeProcesses nodes = NodeProcesses.start(options.nats, initiator.publicKey(),
            nodeOptions, work, Duration.ofMinutes(2));
        MpcClient client = MpcClient.create(connection, initiator,
            Optional.of("demo-" + run))) {
      try (NatsPeerRegistry registry = NatsPeerRegistry.builder(connection).bucket(bucket)
          .build()) {
        if (!registry.awaitReady(nodes.ids(), Duration.ofMinutes(1))) {
          err.println("the nodes did not all become ready within a minute; logs in " + work);
          return 1;
        }
      }
      progress.line("started %d node processes (%d-of-%d, %s) on %s in %s", options.nodes,
          options.threshold, options.nodes, keyScheme.label(), options.nats,
          DemoCommand.Progress.millis(System.nanoTime() - started));

      String walletId = "demo-" + UUID.randomUUID();
      started = System.nanoTime();
      KeygenResultEvent key = client.createWalletAsync(walletId).get(2, TimeUnit.MINUTES);
      long keygenNanos = System.nanoTime() - started;
      if (!key.isSuccess()) {
        err.println("key generation failed: " + key.errorCode() + ": " + key.errorReason());
        return 1;
      }
      byte[] publicKey = key.eddsaPubKey();
      progress.line("generated wallet %s in %s; public key %s", walletId,
          DemoCommand.Progress.millis(keygenNanos), HEX.formatHex(publicKey));

      long signingNanos = 0;
      int failures = 0;
      for (int k = 0; k < options.signatures; k++) {
        byte[] message = new byte[32];
        rng.nextBytes(message);
        started = System.nanoTime();
        SigningResultEvent result = client.signAsync(keyScheme.label(), walletId, "demo",
            message).get(2, TimeUnit.MINUTES);
        signingNanos += System.nanoTime() - started;
        boolean valid = result.isSuccess()
            && DemoCommand.verifies(publicKey, message, result.signature());
        if (!valid) {
          failures++;
          err.printf("signature %d %s%n", k + 1, result.isSuccess() ? "does not verify"
              : "failed: " + result.errorCode() + ": " + result.errorReason());
        }
        if (options.json) {
          out.printf("{\"scheme\":\"%s\",\"walletId\":\"%s\",\"publicKey\":\"%s\","
              + "\"message\":\"%s\",\"signature\":\"%s\"}%n", keyScheme.label(),
              DemoCommand.jsonEscape(walletId), HEX.formatHex(publicKey),
              HEX.formatHex(message),
              result.signature() == null ? "" : HEX.formatHex(result.signature()));
          out.flush();
        } else {
          progress.line("signature %d/%d through the gateway: %s  %s", k + 1,
              options.signatures, result.signature() == null ? result.errorCode()
                  : HEX.formatHex(result.signature()), valid ? "verified" : "INVALID");
        }
      }
      progress.line("");
      progress.line("summary: key generation %s; %d signatures in %s (%s per signature); "
          + "%d verified with BouncyCastle Ed25519, %d failed",
          DemoCommand.Progress.millis(keygenNanos), options.signatures,
          DemoCommand.Progress.millis(signingNanos),
          DemoCommand.Progress.millis(signingNanos / options.signatures),
          options.signatures - failures, failures);
      return failures == 0 ? 0 : 1;
    } finally {
      out.flush();
      deleteBucket(bucket);
      deleteTree(work);
    }
  }

  @SuppressWarnings("try")
  private void deleteBucket(String bucket) {
    try (Connection connection = NatsConnections.connect(options.nats, "mpcium-demo-cleanup")) {
      connection.keyValueManagement().delete(bucket);
    } catch (Exception e) {
      // Nothing to clean up, or the server is gone.
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Best effort: a temporary directory.
    }
  }
}
