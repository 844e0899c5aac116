package io.mpcium.examples.keys;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the reference age command-line tool (Debian's {@code age}: {@code $MPCIUM_AGE}, else on
 * the PATH; {@code scripts/test} installs it). age reads passphrases only from a terminal, so
 * it runs under {@code script}, which gives it one and types the passphrase in.
 */
final class AgeCli {
  private AgeCli() { }

  static Path binary() {
    String configured = System.getenv("MPCIUM_AGE");
    Optional<Path> found = configured != null && !configured.isBlank()
        ? Optional.of(Path.of(configured))
        : java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "")
            .split(File.pathSeparator)).map(dir -> Path.of(dir, "age"))
            .filter(Files::isExecutable).findFirst();
    return found.filter(Files::isExecutable).orElseThrow(() -> new IllegalStateException(
        "the age tool is needed (Debian: apt-get install age; or set MPCIUM_AGE); "
            + "scripts/test installs it"));
  }

  /** {@code age -p -o out in}, typing the passphrase twice. */
  static void encrypt(Path in, Path out, String passphrase) throws IOException,
      InterruptedException {
    run(List.of(binary().toString(), "-p", "-o", out.toString(), in.toString()),
        passphrase + "\n" + passphrase + "\n", in.getParent());
  }

  /** {@code age -d -o out in}, typing the passphrase. */
  static void decrypt(Path in, Path out, String passphrase) throws IOException,
      InterruptedException {
    run(List.of(binary().toString(), "-d", "-o", out.toString(), in.toString()),
        passphrase + "\n", in.getParent());
  }

  private static void run(List<String> command, String input, Path dir) throws IOException,
      InterruptedException {
    Path typed = Files.createTempFile(dir, "typed", ".txt");
    Files.writeString(typed, input, StandardCharsets.UTF_8);
    Path log = Files.createTempFile(dir, "age", ".log");
    String line = String.join(" ", command.stream().map(AgeCli::quote).toList());
    Process process = new ProcessBuilder("script", "-q", "-e", "-c", line, "/dev/null")
        .redirectInput(typed.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("age did not finish: " + Files.readString(log));
    }
    if (process.exitValue() != 0) {
      throw new IOException("age failed (exit " + process.exitValue() + "): "
          + Files.readString(log));
    }
  }

  private static String quote(String arg) {
    return "'" + arg.replace("'", "'\\''") + "'";
  }
}
