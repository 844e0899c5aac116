package io.mpcium.examples;

import io.mpcium.Initiator;
import io.mpcium.KeyGenResult;
import io.mpcium.KeyScheme;
import io.mpcium.SignatureResult;
import io.mpcium.examples.node.NodeProcesses;
import io.mpcium.hd.ChildKey;
import io.mpcium.transport.nats.NatsConnections;
import io.mpcium.transport.nats.NatsPeerRegistry;
import io.mpcium.transport.nats.client.MpcClient;
import io.mpcium.transport.nats.wire.KeygenResultEvent;
import io.mpcium.transport.nats.wire.SignTxMessage;
import io.mpcium.transport.nats.wire.SigningResultEvent;
import io.nats.client.Connection;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * {@code demo --nats URL}: the demo with each node in its own process, connected only through
 * the NATS server, and every request sent through the Mpcium gateway by {@link MpcClient}.
 * Prints the same summary and {@code --json} lines as the in-JVM demo (results arrive in
 * Mpcium's encodings and are turned back into the library's by {@link GatewayResults}). The node processes and their temporary directory are removed when
 * it ends, whatever happens; the registry bucket is private to the run and deleted afterwards.
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
    List<KeyScheme> keySchemes = DemoOutput.schemes(options.scheme);
    if (keySchemes.contains(KeyScheme.SCHNORR)) {
      throw new CommandLine.ParameterException(options.spec.commandLine(), "over --nats the "
          + "schemes are Mpcium's key types: secp256k1 and ed25519");
    }
    PrintWriter out = options.spec.commandLine().getOut();
    PrintWriter err = options.spec.commandLine().getErr();
    DemoCommand.Progress progress = new DemoCommand.Progress(out, !options.json);
    SecureRandom rng = new SecureRandom();
    Initiator initiator = Initiator.generateEd25519(rng);
    String run = UUID.randomUUID().toString().substring(0, 8);
    String bucket = "mpcium_demo_" + run;
    Path work = Files.createTempDirectory("mpcium-demo-");
    long started = System.nanoTime();
    List<String> yaml = new java.util.ArrayList<>(List.of("registry_bucket: " + bucket));
    options.clusterChainCode.ifPresent(code -> yaml.add("chain_code: " + HEX.formatHex(code)));
    NodeProcesses.Options nodeOptions = new NodeProcesses.Options(options.nodes,
        options.threshold - 1, 64, Duration.ofSeconds(30), yaml);
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
          options.threshold, options.nodes, DemoCommand.labels(keySchemes), options.nats,
          DemoCommand.Progress.millis(System.nanoTime() - started));

      String walletId = "demo-" + UUID.randomUUID();
      started = System.nanoTime();
      KeygenResultEvent wallet = client.createWalletAsync(walletId).get(2, TimeUnit.MINUTES);
      long keygenNanos = System.nanoTime() - started;
      if (!wallet.isSuccess()) {
        err.println("key generation failed: " + wallet.errorCode() + ": "
            + wallet.errorReason());
        return 1;
      }
      Map<KeyScheme, KeyGenResult> keys = new EnumMap<>(KeyScheme.class);
      GatewayResults.publicKeys(wallet).forEach((scheme, publicKey) ->
          keys.put(scheme, key(walletId, scheme, publicKey)));
      progress.line("generated wallet %s's %s keys in %s", walletId,
          DemoCommand.labels(List.copyOf(keys.keySet())),
          DemoCommand.Progress.millis(keygenNanos));
      Map<KeyScheme, Optional<ChildKey>> children = new EnumMap<>(KeyScheme.class);
      for (KeyGenResult key : keys.values()) {
        progress.line("  %-9s public key %s%s", key.scheme().label(),
            HEX.formatHex(key.publicKey()), DemoOutput.addressNote(key));
        Optional<ChildKey> child = DemoOutput.offlineChild(key, options.derivationPath,
            options.clusterChainCode);
        children.put(key.scheme(), child);
        child.ifPresent(c -> progress.line("  %-9s child %s %s (derived offline, chain code %s)",
            "", c.path(), HEX.formatHex(c.publicKey()), HEX.formatHex(c.parentChainCode())));
      }
      List<Long> derivationPath = options.derivationPath.isMaster() ? null
          : options.derivationPath.indices();

      Map<KeyScheme, long[]> stats = new EnumMap<>(KeyScheme.class); // {nanos, failures}
      for (int k = 0; k < options.signatures; k++) {
        for (KeyScheme keyScheme : keySchemes) {
          byte[] message = new byte[32];
          rng.nextBytes(message);
          started = System.nanoTime();
          SigningResultEvent event = client.signAsync(new SignTxMessage(keyScheme.label(),
              walletId, "demo", UUID.randomUUID().toString(), message, null, derivationPath,
              List.of())).get(2, TimeUnit.MINUTES);
          long[] stat = stats.computeIfAbsent(keyScheme, x -> new long[2]);
          stat[0] += System.nanoTime() - started;
          Optional<ChildKey> child = children.getOrDefault(keyScheme, Optional.empty());
          // Mpcium's results name no key: the signature is checked against the key derived here.
          Optional<SignatureResult> result = event.isSuccess() && keys.containsKey(keyScheme)
              ? Optional.of(GatewayResults.signature(walletId, keyScheme,
                  DemoOutput.expectedKey(keys.get(keyScheme), child), message, event))
              : Optional.empty();
          boolean valid = result.isPresent() && SignatureCheck.verifies(result.get());
          if (!valid) {
            stat[1]++;
            err.printf("%s signature %d %s%n", keyScheme.label(), k + 1, event.isSuccess()
                ? "does not verify" : "failed: " + event.errorCode() + ": "
                    + event.errorReason());
          }
          if (options.json) {
            if (result.isPresent()) {
              out.println(DemoOutput.jsonLine(walletId, result.get(), child));
              out.flush();
            }
          } else {
            progress.line("%s signature %d/%d through the gateway: %s%s  %s",
                keyScheme.label(), k + 1, options.signatures,
                result.map(r -> HEX.formatHex(r.signature())).orElse(event.errorCode()),
                result.flatMap(r -> r.recoveryId().isPresent()
                    ? Optional.of(" v=" + r.recoveryId().getAsInt()) : Optional.empty())
                    .orElse(""), valid ? "verified" : "INVALID");
          }
        }
      }
      progress.line("");
      progress.line("summary: key generation %s", DemoCommand.Progress.millis(keygenNanos));
      long failures = 0;
      for (Map.Entry<KeyScheme, long[]> entry : stats.entrySet()) {
        long[] stat = entry.getValue();
        failures += stat[1];
        progress.line("  %-9s %d signatures in %s (%s per signature); %d verified with %s, "
            + "%d failed", entry.getKey().label(), options.signatures,
            DemoCommand.Progress.millis(stat[0]),
            DemoCommand.Progress.millis(stat[0] / options.signatures),
            options.signatures - stat[1], SignatureCheck.verifierName(entry.getKey()), stat[1]);
      }
      return failures == 0 ? 0 : 1;
    } finally {
      out.flush();
      deleteBucket(options.nats, bucket);
      deleteTree(work);
    }
  }

  private KeyGenResult key(String walletId, KeyScheme scheme, byte[] publicKey) {
    return new KeyGenResult(walletId, scheme, publicKey, 1, options.threshold, List.of());
  }

  /** Deletes a run's registry bucket, best effort (the server may be gone). */
  @SuppressWarnings("try")
  static void deleteBucket(String nats, String bucket) {
    try (Connection connection = NatsConnections.connect(nats, "mpcium-cleanup")) {
      connection.keyValueManagement().delete(bucket);
    } catch (Exception e) {
      // Nothing to clean up, or the server is gone.
    }
  }

  /** Deletes a run's temporary directory, best effort. */
  static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Best effort: a temporary directory.
    }
  }
}
