package io.mpcium.examples;

import io.mpcium.examples.keys.AgeFiles;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options every key-generating command shares: {@code --encrypt} (age, scrypt passphrase,
 * as Mpcium's {@code --encrypt}), where the passphrase comes from, and {@code --overwrite}.
 */
final class KeyFileOptions {
  @Option(names = {"--encrypt", "-e"},
      description = "Encrypt the private key with age to a passphrase (<key file>.age).")
  boolean encrypt;

  @Option(names = "--passphrase-file", paramLabel = "FILE",
      description = "File holding the age passphrase (else $" + Passphrases.IDENTITY_ENV
          + ", else a prompt, asked twice).")
  Path passphraseFile;

  @Option(names = {"--overwrite", "-f"}, description = "Replace existing files.")
  boolean overwrite;

  @Option(names = "--age-work-factor", hidden = true, defaultValue = "18",
      description = "scrypt work factor (log2 N) of the age file; age's default is 18.")
  int workFactor = AgeFiles.DEFAULT_WORK_FACTOR;

  /** The passphrase when {@code --encrypt}, checked against Mpcium's strength rule. */
  Optional<char[]> passphrase(CommandLine cli) {
    if (!encrypt) {
      if (passphraseFile != null) {
        throw new CommandLine.ParameterException(cli, "--passphrase-file needs --encrypt");
      }
      cli.getErr().println("WARNING: the private key is NOT encrypted; use --encrypt in "
          + "production.");
      return Optional.empty();
    }
    char[] secret = Passphrases.require(passphraseFile, "--passphrase-file",
        Passphrases.IDENTITY_ENV, "passphrase to encrypt the private key", true, cli);
    Passphrases.requireStrong(secret, cli);
    return Optional.of(secret);
  }
}
