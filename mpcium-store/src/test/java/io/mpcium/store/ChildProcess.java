package io.mpcium.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A JVM running {@link CrashChild} with this test's class path, read line by line. */
final class ChildProcess implements AutoCloseable {
  private final Process process;
  private final BufferedReader lines;

  ChildProcess(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        CrashChild.class.getName()));
    command.addAll(List.of(args));
    process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.US_ASCII));
  }

  /** The next line the child printed; fails if it exited instead. */
  String next() throws IOException {
    String line = lines.readLine();
    if (line == null) {
      throw new IllegalStateException("the child exited with " + exitCode());
    }
    return line;
  }

  /** The next line, or empty once the child has exited. */
  java.util.Optional<String> nextIfAlive() throws IOException {
    return java.util.Optional.ofNullable(lines.readLine());
  }

  long pid() {
    return process.pid();
  }

  /**
   * SIGKILL on Linux: no shutdown hook, no finally block, no flush runs in the child. What it
   * printed before it died stays readable (unlike {@link Process#destroyForcibly()}, the
   * process handle does not close the pipes).
   */
  void kill() throws InterruptedException {
    process.toHandle().destroyForcibly();
    process.waitFor();
  }

  private String exitCode() {
    try {
      return Integer.toString(process.waitFor());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "?";
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.toHandle().destroyForcibly();
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
