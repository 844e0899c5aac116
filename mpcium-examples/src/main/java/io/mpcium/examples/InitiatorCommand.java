package io.mpcium.examples;

import io.mpcium.examples.keys.MpciumKeyFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code initiator generate} and {@code authorizer generate}: Mpcium's {@code
 * generate-initiator} and {@code generate-authorizer}, the key pairs that sign requests.
 */
@Command(name = "initiator", mixinStandardHelpOptions = true,
    description = "The event initiator's key pair (Mpcium's <name>.identity.json and "
        + "<name>.key[.age]).",
    subcommands = {InitiatorCommand.Generate.class})
final class InitiatorCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }

  /** Exit code 0 when written, 1 when refused (existing files), 2 for bad input. */
  @Command(name = "generate", mixinStandardHelpOptions = true,
      description = "Generate the initiator key pair; event_initiator_pubkey is its public_key.")
  static final class Generate implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"--node-name", "-n"}, defaultValue = "event_initiator",
        description = "Name of the files (default ${DEFAULT-VALUE}).")
    String name;

    @Option(names = {"--output-dir", "-o"}, defaultValue = ".",
        description = "Directory (default ${DEFAULT-VALUE}).")
    Path outputDir;

    @Option(names = {"--algorithm", "-a"}, defaultValue = "ed25519",
        description = "ed25519 or p256 (default ${DEFAULT-VALUE}).")
    String algorithm;

    @CommandLine.Mixin
    KeyFileOptions keys;

    @Override
    public Integer call() {
      return generate(spec.commandLine(), "initiator generate", keys, passphrase ->
          MpciumKeyFiles.generateInitiator(outputDir, name, algorithm, passphrase,
              keys.workFactor, keys.overwrite, new SecureRandom(), Clock.systemUTC()));
    }
  }

  /** {@code authorizer generate}. */
  @Command(name = "authorizer", mixinStandardHelpOptions = true,
      description = "An authorizer's key pair (Mpcium's <name>.authorizer.identity.json and "
          + "<name>.authorizer.key[.age]).",
      subcommands = {AuthorizerGenerate.class})
  static final class AuthorizerCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }
  }

  /** Exit code 0 when written, 1 when refused (existing files), 2 for bad input. */
  @Command(name = "generate", mixinStandardHelpOptions = true,
      description = "Generate an authorizer key pair; configure its public_key under "
          + "authorization.authorizer_public_keys.<name>.")
  static final class AuthorizerGenerate implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"--name", "-n"}, required = true,
        description = "Authorizer name ([a-zA-Z0-9_-]+).")
    String name;

    @Option(names = {"--output-dir", "-o"}, defaultValue = ".",
        description = "Directory (default ${DEFAULT-VALUE}).")
    Path outputDir;

    @Option(names = {"--algorithm", "-a"}, defaultValue = "ed25519",
        description = "ed25519 or p256 (default ${DEFAULT-VALUE}).")
    String algorithm;

    @CommandLine.Mixin
    KeyFileOptions keys;

    @Override
    public Integer call() {
      return generate(spec.commandLine(), "authorizer generate", keys, passphrase ->
          MpciumKeyFiles.generateAuthorizer(outputDir, name, algorithm, passphrase,
              keys.workFactor, keys.overwrite, new SecureRandom(), Clock.systemUTC()));
    }
  }

  /** Writes key files. */
  @FunctionalInterface
  interface Writer {
    MpciumKeyFiles.Written write(Optional<char[]> passphrase)
        throws IOException, GeneralSecurityException;
  }

  static int generate(CommandLine cli, String command, KeyFileOptions keys, Writer writer) {
    Optional<char[]> passphrase = keys.passphrase(cli);
    try {
      MpciumKeyFiles.Written written = writer.write(passphrase);
      cli.getOut().println("wrote " + written.identity() + " and " + written.privateKey());
      cli.getOut().println("public_key: " + written.publicKeyHex());
      return 0;
    } catch (IllegalArgumentException e) {
      cli.getErr().println(command + ": " + e.getMessage());
      return 2;
    } catch (IOException | GeneralSecurityException e) {
      cli.getErr().println(command + ": " + e.getMessage());
      return 1;
    } finally {
      passphrase.ifPresent(p -> Arrays.fill(p, '\0'));
    }
  }
}
