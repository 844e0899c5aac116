package io.mpcium.examples;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar mpcium.jar}: the launcher. Subcommands: {@code demo} (a cluster inside this
 * JVM, or node processes over NATS with {@code --nats}), {@code node} (one standalone node),
 * {@code bench} (keygen and signing throughput through the NATS gateway), {@code peers generate|register},
 * {@code identity generate}, {@code initiator generate}, {@code authorizer generate} (Mpcium's
 * identity and key files), {@code backup create|restore} (encrypted key store backups) and
 * {@code version}.
 */
@Command(name = "mpcium.jar", mixinStandardHelpOptions = true,
    versionProvider = MpciumCli.Version.class,
    description = "Threshold-signature nodes: no node ever holds a whole private key.",
    subcommands = {DemoCommand.class, NodeCommand.class, BenchCommand.class, PeersCommand.class,
        IdentityCommand.class, InitiatorCommand.class, InitiatorCommand.AuthorizerCommand.class,
        BackupCommand.class,
        MpciumCli.VersionCommand.class,
        CommandLine.HelpCommand.class})
public final class MpciumCli implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with its subcommands, for {@link #main} and for tests. */
  public static CommandLine commandLine() {
    return new CommandLine(new MpciumCli());
  }

  /** Prints the version. */
  @Command(name = "version", mixinStandardHelpOptions = true,
      description = "Print the version.")
  static final class VersionCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().getOut().println("mpcium-java " + Version.current());
    }
  }

  /** The version from the jar manifest, or "development" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    static String current() {
      String version = MpciumCli.class.getPackage().getImplementationVersion();
      return version == null ? "development" : version;
    }

    @Override
    public String[] getVersion() {
      return new String[] {"mpcium-java " + current()};
    }
  }
}
