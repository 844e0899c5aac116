package io.mpcium.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the JUnit extensions that start real servers (nats-server, Consul) share: asking a binary
 * for its version, comparing versions, picking free loopback ports and removing their data
 * directories. Stateless.
 */
public final class ServerBinaries {
  private ServerBinaries() {}

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
