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
 * Where the command line gets a secret (a vault passphrase, an age passphrase): a file
 * (surrounding whitespace trimmed), an environment variable, or a prompt without echo (asked
 * twice for a new secret). Never a command-line argument, which {@code ps} would show; never
 * logged.
 */
final class Passphrases {
  static final String ENV = "MPCIUM_VAULT_PASSPHRASE";
  /** The age passphrase of identity, initiator and authorizer key files. */
  static final String IDENTITY_ENV = "MPCIUM_IDENTITY_PASSPHRASE";

  private Passphrases() { }

  /** The vault passphrase, or empty if none of the sources gave one. */
  static Optional<char[]> find(Path file, CommandLine cli) {
    return find(file, ENV, "vault passphrase", false, cli);
  }

  /**
   * A secret from {@code file}, else the environment variable {@code env}, else a prompt
   * without echo (twice, and both must match, when {@code confirm}); empty if none gave one.
   */
  static Optional<char[]> find(Path file, String env, String what, boolean confirm,
      CommandLine cli) {
    if (file != null) {
      return Optional.of(fromFile(file, cli));
    }
    String fromEnv = System.getenv(env);
    if (fromEnv != null && !fromEnv.isEmpty()) {
      return Optional.of(fromEnv.toCharArray());
    }
    Console console = System.console();
    if (console != null) {
      char[] typed = console.readPassword("%s: ", what);
      if (typed == null || typed.length == 0) {
        return Optional.empty();
      }
      if (confirm) {
        char[] again = console.readPassword("confirm %s: ", what);
        boolean same = again != null && Arrays.equals(typed, again);
        if (again != null) {
          Arrays.fill(again, '\0');
        }
        if (!same) {
          Arrays.fill(typed, '\0');
          throw new CommandLine.ParameterException(cli, "the two entries of the " + what
              + " differ");
        }
      }
      return Optional.of(typed);
    }
    return Optional.empty();
  }

  /** A secret from one of the sources, or a usage error naming them. */
  static char[] require(Path file, String option, String env, String what, boolean confirm,
      CommandLine cli) {
    return find(file, env, what, confirm, cli).orElseThrow(() ->
        new CommandLine.ParameterException(cli, "no " + what + ": use " + option + " FILE, set "
            + env + ", or run in a terminal to be asked"));
  }

  /**
   * Mpcium's rule for a passphrase that encrypts a key file: at least 12 characters, at least
   * one of them neither a letter nor a digit.
   */
  static void requireStrong(char[] passphrase, CommandLine cli) {
    boolean special = false;
    for (char c : passphrase) {
      special |= !Character.isLetterOrDigit(c);
    }
    if (passphrase.length < 12 || !special) {
      throw new CommandLine.ParameterException(cli, "the passphrase must have at least 12 "
          + "characters, one of them neither a letter nor a digit");
    }
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
