package io.mpcium.transport.nats.testing;

import io.mpcium.testing.ServerBinaries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a real {@code nats-server} (2.10 or later) with JetStream on a free loopback port and a
 * temporary store directory, for one test class:
 * {@code @RegisterExtension static final NatsServerExtension NATS = new NatsServerExtension();}.
 *
 * <p>The binary is, in order: the system property {@value #BINARY_PROPERTY}, the environment
 * variable {@value #BINARY_ENV}, {@code nats-server} on the {@code PATH} if it is 2.10 or later,
 * and {@code ~/.cache/mpcium/bin/nats-server} (where {@code .ci/run} installs it). Without one
 * the test class fails with a message saying how to install it. {@link #restart} and {@link
 * #kill} simulate outages on the same port and store.
 */
public final class NatsServerExtension implements BeforeAllCallback, AfterAllCallback {
  public static final String BINARY_PROPERTY = "mpcium.nats-server";
  public static final String BINARY_ENV = "MPCIUM_NATS_SERVER";
  private static final Pattern VERSION = Pattern.compile("v(\\d+)\\.(\\d+)\\.(\\d+)");

  private Path binary;
  private Path storeDir;
  private int port;
  private Process process;
  private final ServerBinaries.OutputTail recentOutput = new ServerBinaries.OutputTail(50);

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    stop();
    ServerBinaries.deleteTree(storeDir);
  }

  /** Starts the server (on a new port and store the first time, the same ones afterwards). */
  public synchronized void start() throws IOException, InterruptedException {
    if (process != null && process.isAlive()) {
      return;
    }
    if (binary == null) {
      binary = findBinary();
      storeDir = Files.createTempDirectory("mpcium-nats-");
      port = ServerBinaries.freePort();
    }
    List<String> command = new ArrayList<>(List.of(binary.toString(), "-js", "-a", "127.0.0.1",
        "-p", Integer.toString(port), "-sd", storeDir.toString(), "-n", "mpcium-test"));
    ProcessBuilder builder = new ProcessBuilder(command);
    process = ServerBinaries.startAndAwaitReady(builder, "nats-server", "Server is ready",
        Duration.ofSeconds(30), recentOutput);
  }

  /** Stops the server gracefully and waits for it to exit. */
  public synchronized void stop() throws InterruptedException {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
      process = null;
    }
  }

  /** Kills the server (SIGKILL): no goodbye to the clients, as in a crash. */
  public synchronized void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly().waitFor();
      process = null;
    }
  }

  /** Stops the server and starts it again on the same port with the same JetStream store. */
  public synchronized void restart() throws IOException, InterruptedException {
    stop();
    start();
  }

  /** {@code nats://127.0.0.1:<port>}. */
  public String url() {
    return "nats://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** The server's process id, or -1 when it is not running. */
  public synchronized long pid() {
    return process == null ? -1 : process.pid();
  }

  /** The server binary in use. */
  public Path binary() {
    return binary;
  }

  /** The server's last output lines and whether it runs, for failure messages. */
  public String diagnostics() {
    return "nats-server " + (process != null && process.isAlive() ? "running" : "not running")
        + " on port " + port + "; last output:\n" + recentOutput.text();
  }

  /** Finds a nats-server of version 2.10 or later, or fails saying how to install one. */
  public static Path findBinary() {
    List<Path> candidates = new ArrayList<>();
    Optional.ofNullable(System.getProperty(BINARY_PROPERTY)).filter(s -> !s.isBlank())
        .map(Path::of).ifPresent(candidates::add);
    Optional.ofNullable(System.getenv(BINARY_ENV)).filter(s -> !s.isBlank())
        .map(Path::of).ifPresent(candidates::add);
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(java.io.File.pathSeparator)) {
        if (!dir.isEmpty()) {
          candidates.add(Path.of(dir, "nats-server"));
        }
      }
    }
    candidates.add(Path.of(System.getProperty("user.home"), ".cache", "mpcium", "bin",
        "nats-server"));
    List<String> rejected = new ArrayList<>();
    for (Path candidate : candidates) {
      if (!Files.isExecutable(candidate)) {
        continue;
      }
      String version = ServerBinaries.versionOutput(candidate, "--version");
      if (isAtLeast210(version)) {
        return candidate;
      }
      rejected.add(candidate + " (" + version + ")");
    }
    throw new IllegalStateException("no nats-server 2.10 or later found"
        + (rejected.isEmpty() ? "" : "; too old: " + rejected) + ". Install one with .ci/run, "
        + "or `GOBIN=~/.cache/mpcium/bin go install github.com/nats-io/nats-server/v2@v2.10.29`,"
        + " or point -D" + BINARY_PROPERTY + " / $" + BINARY_ENV + " at one.");
  }

  static boolean isAtLeast210(String version) {
    return ServerBinaries.isAtLeast(VERSION, version, 2, 10);
  }
}
