package io.mpcium.examples.node;

import io.mpcium.InitiatorKey;
import io.mpcium.PartyId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs N nodes as N child processes of this JVM ({@code MpciumCli node}), connected only
 * through a NATS server: writes each node's YAML configuration into a work directory, starts
 * the processes with this JVM's class path, and waits until each prints that it is ready.
 * Children are stopped by {@link #close()}, by a shutdown hook of this JVM, and by themselves
 * when this JVM dies (they exit when their standard input closes). Each child's stderr goes to
 * {@code <workDir>/nodeI.log}. Thread-safe.
 */
public final class NodeProcesses implements AutoCloseable {
  private final Path workDir;
  private final List<PartyId> ids = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();
  private final List<Path> configs = new ArrayList<>();
  private final Thread hook = new Thread(this::destroyAll, "mpcium-node-processes-stop");

  private NodeProcesses(Path workDir) {
    this.workDir = workDir;
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Node settings for {@link #start}: Mpcium's t and extra YAML lines. */
  public record Options(int nodes, int mpcThreshold, int maxConcurrentSigning,
      Duration roundTimeout, List<String> extraYaml) {
    public Options {
      if (nodes < 2 || mpcThreshold < 1 || mpcThreshold >= nodes) {
        throw new IllegalArgumentException("need 2+ nodes and 1 <= mpc_threshold < nodes");
      }
      extraYaml = List.copyOf(extraYaml);
    }
  }

  /** Writes configurations into {@code workDir} and starts the nodes; waits until all are up. */
  public static NodeProcesses start(String natsUrl, InitiatorKey initiator, Options options,
      Path workDir, Duration startTimeout) throws IOException, InterruptedException,
      TimeoutException {
    Objects.requireNonNull(natsUrl, "natsUrl");
    NodeProcesses cluster = new NodeProcesses(workDir);
    try {
      cluster.launch(natsUrl, initiator, options, startTimeout);
      return cluster;
    } catch (IOException | InterruptedException | TimeoutException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  private void launch(String natsUrl, InitiatorKey initiator, Options options,
      Duration startTimeout) throws IOException, InterruptedException, TimeoutException {
    Files.createDirectories(workDir);
    SecureRandom rng = new SecureRandom();
    List<CompletableFuture<Void>> ready = new ArrayList<>();
    for (int i = 0; i < options.nodes(); i++) {
      PartyId id = PartyId.of("node" + i);
      byte[] password = new byte[24];
      rng.nextBytes(password);
      List<String> yaml = new ArrayList<>(List.of(
          "node_name: " + id,
          "nats:",
          "  url: " + natsUrl,
          "mpc_threshold: " + options.mpcThreshold(),
          "event_initiator_algorithm: " + initiator.algorithm(),
          "event_initiator_pubkey: " + HexFormat.of().formatHex(spki(initiator)),
          "db_path: " + workDir.resolve("db"),
          "badger_password: " + HexFormat.of().formatHex(password),
          "max_concurrent_keygen: 4",
          "max_concurrent_signing: " + options.maxConcurrentSigning(),
          "round_timeout_ms: " + options.roundTimeout().toMillis()));
      yaml.addAll(options.extraYaml());
      Path config = workDir.resolve(id + ".yaml");
      Files.write(config, yaml, StandardCharsets.UTF_8);
      ids.add(id);
      configs.add(config);
      ready.add(spawn(id, config));
    }
    try {
      CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new))
          .get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IOException(e.getCause().getMessage(), e.getCause());
    }
  }

  /** Starts (or restarts) node {@code i} from its configuration; completes when ready. */
  public synchronized CompletableFuture<Void> restart(int i) throws IOException {
    return spawnAt(i, ids.get(i), configs.get(i));
  }

  private CompletableFuture<Void> spawn(PartyId id, Path config) throws IOException {
    processes.add(null);
    return spawnAt(processes.size() - 1, id, config);
  }

  private synchronized CompletableFuture<Void> spawnAt(int index, PartyId id, Path config)
      throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path log = workDir.resolve(id + ".log");
    ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m",
        "-cp", System.getProperty("java.class.path"),
        "io.mpcium.examples.MpciumCli", "node", "--config", config.toString(),
        "--exit-with-parent")
        .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Process process = builder.start();
    processes.set(index, process);
    CompletableFuture<Void> ready = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(
          process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          if (line.equals("node " + id + " ready")) {
            ready.complete(null);
          }
        }
      } catch (IOException e) {
        // The process ended.
      }
      ready.completeExceptionally(new IOException("node " + id + " exited before it was "
          + "ready; " + tail(log)));
    }, "mpcium-" + id + "-stdout");
    reader.setDaemon(true);
    reader.start();
    return ready;
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return "last lines of " + log + ":\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
      return "see " + log;
    }
  }

  public List<PartyId> ids() {
    return List.copyOf(ids);
  }

  public Path workDir() {
    return workDir;
  }

  /** The process of node {@code i}. */
  public synchronized Process process(int i) {
    return processes.get(i);
  }

  /** Kills node {@code i} at once (SIGKILL), as in a crash. */
  public void kill(int i) throws InterruptedException {
    Process p = process(i);
    p.destroyForcibly();
    p.waitFor();
  }

  /** Stops every node (SIGTERM, then SIGKILL after 10 s). Idempotent. */
  @Override
  public void close() {
    destroyAll();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or has run.
    }
  }

  private synchronized void destroyAll() {
    for (Process p : processes) {
      if (p != null && p.isAlive()) {
        p.destroy();
      }
    }
    for (Process p : processes) {
      if (p == null) {
        continue;
      }
      try {
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  private static byte[] spki(InitiatorKey key) {
    if (key.algorithm().equals("ed25519")) {
      return key.encoded();
    }
    // P-256: Mpcium configures a DER SubjectPublicKeyInfo.
    try {
      var point = org.bouncycastle.asn1.x9.X9ObjectIdentifiers.id_ecPublicKey;
      var algorithm = new org.bouncycastle.asn1.x509.AlgorithmIdentifier(point,
          org.bouncycastle.asn1.x9.X9ObjectIdentifiers.prime256v1);
      return new org.bouncycastle.asn1.x509.SubjectPublicKeyInfo(algorithm, key.encoded())
          .getEncoded("DER");
    } catch (IOException e) {
      throw new IllegalStateException("could not encode a P-256 key", e);
    }
  }
}
