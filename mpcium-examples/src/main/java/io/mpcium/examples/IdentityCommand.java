package io.mpcium.examples;

import io.mpcium.examples.keys.MpciumKeyFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code identity generate}: Mpcium's {@code generate-identity}, a node's Ed25519 identity. */
@Command(name = "identity", mixinStandardHelpOptions = true,
    description = "A node's identity (Mpcium's identity/<name>_identity.json and "
        + "<name>_private.key[.age]).",
    subcommands = {IdentityCommand.Generate.class})
final class IdentityCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }

  /** Exit code 0 when written, 1 when refused (existing files), 2 for bad input. */
  @Command(name = "generate", mixinStandardHelpOptions = true,
      description = "Generate a node's Ed25519 identity; its id comes from the peers file.")
  static final class Generate implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"--node", "-n"}, required = true, description = "Node name.")
    String node;

    @Option(names = {"--peers", "-p"}, defaultValue = "peers.json",
        description = "Peers file (default ${DEFAULT-VALUE}).")
    Path peersFile;

    @Option(names = {"--output-dir", "-o"}, defaultValue = "identity",
        description = "Directory of identity files (default ${DEFAULT-VALUE}).")
    Path outputDir;

    @CommandLine.Mixin
    KeyFileOptions keys;

    @Override
    public Integer call() {
      CommandLine cli = spec.commandLine();
      String nodeId;
      try {
        Map<io.mpcium.PartyId, String> peers = PeersCommand.Register.readPeers(peersFile);
        nodeId = peers.get(io.mpcium.PartyId.of(node));
        if (nodeId == null) {
          cli.getErr().println("identity generate: node " + node + " is not in " + peersFile);
          return 2;
        }
      } catch (IOException | IllegalArgumentException e) {
        cli.getErr().println("identity generate: " + e.getMessage());
        return 2;
      }
      Optional<char[]> passphrase = keys.passphrase(cli);
      try {
        MpciumKeyFiles.Written written = MpciumKeyFiles.generateNodeIdentity(outputDir, node,
            nodeId, passphrase, keys.workFactor, keys.overwrite, new SecureRandom(),
            Clock.systemUTC());
        cli.getOut().println("generated the identity of " + node + " (" + nodeId + "): "
            + written.identity() + ", " + written.privateKey());
        return 0;
      } catch (IOException | GeneralSecurityException e) {
        cli.getErr().println("identity generate: " + e.getMessage());
        return 1;
      } finally {
        passphrase.ifPresent(p -> Arrays.fill(p, '\0'));
      }
    }
  }
}
