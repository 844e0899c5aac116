package io.mpcium.examples.node;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The node's YAML configuration, fuzzed with Jazzer: whatever a file holds, loading it either
 * succeeds or fails with {@link IllegalArgumentException} naming the bad key (or an {@link
 * IOException} for bytes that are not UTF-8). A normal build runs the seeds in {@code
 * NodeSettingsFuzzTestInputs/}; {@code scripts/fuzz} fuzzes {@link #nodeConfig}.
 */
class NodeSettingsFuzzTest {
  private static final Path FILE = temporaryFile();

  @FuzzTest(maxDuration = "10s")
  void nodeConfig(byte[] data) throws IOException {
    Files.write(FILE, data);
    try {
      NodeSettings.load(FILE, Optional.empty(), Optional.empty());
    } catch (IllegalArgumentException | MalformedInputException expected) {
      // rejected with a clear error
    }
  }

  private static Path temporaryFile() {
    try {
      Path dir = Files.createTempDirectory("mpcium-config-fuzz");
      dir.toFile().deleteOnExit();
      Path file = dir.resolve("node.yaml");
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
