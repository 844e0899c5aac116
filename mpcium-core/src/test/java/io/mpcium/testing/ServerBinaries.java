package io.mpcium.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the JUnit extensions that start real servers (nats-server, Consul) share: asking a binary
 * for its version, comparing versions, starting a server and waiting for its ready line while
 * keeping its last output for failure messages, picking free loopback ports and removing their
 * data directories. Stateless.
 */
public final class ServerBinaries {
  private ServerBinaries() {}

  /** The last lines a server printed, for failure messages. Thread-safe. */
  public static final class OutputTail {
    private final int capacity;
    private final Deque<String> lines = new ArrayDeque<>();

    public OutputTail(int capacity) {
      this.capacity = capacity;
    }

    synchronized void add(String line) {
      lines.addLast(line);
      if (lines.size() > capacity) {
        lines.removeFirst();
      }
    }

    /** Forgets the kept lines. */
    public synchronized void clear() {
      lines.clear();
    }

    /** The kept lines, oldest first, joined by newlines. */
    public synchronized String text() {
      return String.join("\n", lines);
    }
  }

  /**
   * Starts {@code builder} (stderr merged into stdout), copies its output into {@code tail} on a
   * daemon thread, and returns once a line containing {@code readyLine} appears.
   *
   * @throws IllegalStateException naming {@code name} with the output so far if the process
   *     exits first or is not ready within {@code timeout} (it is then killed)
   */
  public static Process startAndAwaitReady(ProcessBuilder builder, String name, String readyLine,
      Duration timeout, OutputTail tail) throws IOException, InterruptedException {
    CountDownLatch ready = new CountDownLatch(1);
    Process process = builder.redirectErrorStream(true).start();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          tail.add(line);
          if (line.contains(readyLine)) {
            ready.countDown();
          }
        }
      } catch (IOException e) {
        // The process ended.
      } finally {
        ready.countDown();
      }
    }, name + "-output");
    reader.setDaemon(true);
    reader.start();
    if (!ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(name + " did not become ready in " + timeout.toSeconds()
          + " s; output:\n" + tail.text());
    }
    if (!process.isAlive()) {
      throw new IllegalStateException(name + " exited at start; output:\n" + tail.text());
    }
    return process;
  }

  /** What {@code binary versionFlag} prints (stdout and stderr), trimmed; or why it could not. */
  public static String versionOutput(Path binary, String versionFlag) {
    try {
      Process p = new ProcessBuilder(binary.toString(), versionFlag).redirectErrorStream(true)
          .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      p.waitFor(10, TimeUnit.SECONDS);
      return out;
    } catch (IOException e) {
      return "unusable: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /**
   * Whether the first match of {@code version} (groups 1 and 2: major and minor) in {@code text}
   * is at least {@code major.minor}.
   */
  public static boolean isAtLeast(Pattern version, String text, int major, int minor) {
    Matcher m = version.matcher(text);
    if (!m.find()) {
      return false;
    }
    int foundMajor = Integer.parseInt(m.group(1));
    int foundMinor = Integer.parseInt(m.group(2));
    return foundMajor > major || (foundMajor == major && foundMinor >= minor);
  }

  /** A loopback port free at the time of the call. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  /** Deletes a directory tree; nothing if it does not exist. */
  public static void deleteTree(Path root) throws IOException {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
