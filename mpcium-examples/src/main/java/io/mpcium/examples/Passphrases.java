package io.mpcium.examples;

import java.io.Console;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import picocli.CommandLine;

/**
 * Where the command line gets a vault passphrase: a file (surrounding whitespace trimmed), the
 * {@value #ENV} environment variable, or a prompt without echo. Never an argument, never logged.
 */
final class Passphrases {
  static final String ENV = "MPCIUM_VAULT_PASSPHRASE";

  private Passphrases() { }

  /** The passphrase, or empty if none of the sources gave one. */
  static Optional<char[]> find(Path file, CommandLine cli) {
    if (file != null) {
      return Optional.of(fromFile(file, cli));
    }
    String env = System.getenv(ENV);
    if (env != null && !env.isEmpty()) {
      return Optional.of(env.toCharArray());
    }
    Console console = System.console();
    if (console != null) {
      char[] typed = console.readPassword("vault passphrase: ");
      if (typed != null && typed.length > 0) {
        return Optional.of(typed);
      }
    }
    return Optional.empty();
  }

  /** The passphrase, or a usage error naming the ways to give one. */
  static char[] require(Path file, CommandLine cli) {
    return find(file, cli).orElseThrow(() -> new CommandLine.ParameterException(cli,
        "no vault passphrase: use --passphrase-file FILE, set " + ENV + ", or run in a "
            + "terminal to be asked"));
  }

  private static char[] fromFile(Path file, CommandLine cli) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new CommandLine.ParameterException(cli, "cannot read the passphrase file " + file
          + ": " + e.getMessage());
    }
    CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes));
    Arrays.fill(bytes, (byte) 0);
    int start = chars.position();
    int end = chars.limit();
    while (start < end && Character.isWhitespace(chars.get(start))) {
      start++;
    }
    while (end > start && Character.isWhitespace(chars.get(end - 1))) {
      end--;
    }
    char[] passphrase = new char[end - start];
    for (int i = start; i < end; i++) {
      passphrase[i - start] = chars.get(i);
    }
    if (chars.hasArray()) {
      Arrays.fill(chars.array(), '\0');
    }
    if (passphrase.length == 0) {
      throw new CommandLine.ParameterException(cli, "the passphrase file " + file + " is empty");
    }
    return passphrase;
  }
}
