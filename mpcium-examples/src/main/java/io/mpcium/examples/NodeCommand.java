package io.mpcium.examples;

import io.mpcium.examples.node.NodeSettings;
import io.mpcium.examples.node.StandaloneNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code node}: runs one node in this process until it is stopped (SIGTERM or Ctrl-C), talking
 * to the other nodes and to clients only through NATS. Prints one line {@code "node <name>
 * ready"} on stdout once it serves requests. SIGTERM stops it gracefully (see {@link
 * StandaloneNode#shutdown()}). Secrets come from files, environment variables or a prompt
 * without echo, never from an argument. Logs go to stderr: JSON lines with {@code environment:
 * production} or {@code MPCIUM_LOG_FORMAT=json}, readable lines otherwise.
 */
@Command(name = "node", mixinStandardHelpOptions = true,
    description = "Run one threshold-signing node (NATS transport, Mpcium client gateway).")
final class NodeCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = {"--config", "-c"}, required = true,
      description = "YAML configuration (Mpcium's keys; see the README).")
  Path config;

  @Option(names = {"--name", "-n"}, description = "Node name; overrides node_name.")
  String name;

  @Option(names = {"--password-file", "-f"},
      description = "File holding the share-encryption passphrase; overrides badger_password.")
  Path passwordFile;

  @Option(names = {"--prompt-credentials", "-p"},
      description = "Ask for the share-encryption passphrase (no echo).")
  boolean promptCredentials;

  @Option(names = {"--decrypt-private-key", "-d"},
      description = "Use the age-encrypted identity key identity/<name>_private.key.age.")
  boolean decryptPrivateKey;

  @Option(names = {"--identity-password-file", "-k"}, paramLabel = "FILE",
      description = "File holding the identity key's age passphrase (else $"
          + Passphrases.IDENTITY_ENV + ", else a prompt).")
  Path identityPasswordFile;

  @Option(names = "--exit-with-parent", hidden = true,
      description = "Stop when standard input closes (used when a parent process runs nodes).")
  boolean exitWithParent;

  @Override
  public Integer call() throws Exception {
    NodeSettings settings;
    try {
      settings = NodeSettings.load(config, Optional.ofNullable(name), passphrase());
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), config + ": "
          + e.getMessage());
    }
    LogSetup.configure(LogSetup.formatFromEnvironment(settings.production() ? "json"
        : "console"), System.getenv().getOrDefault("MPCIUM_LOG_LEVEL", "info"));
    if (!settings.ignoredKeys().isEmpty()) {
      spec.commandLine().getErr().println("note: ignoring configuration keys that do not "
          + "apply to this node: " + settings.ignoredKeys());
    }
    CountDownLatch stopped = new CountDownLatch(1);
    CommandLine cli = spec.commandLine();
    StandaloneNode node = StandaloneNode.start(settings, new StandaloneNode.IdentityOptions(
        decryptPrivateKey, () -> Passphrases.find(identityPasswordFile,
            Passphrases.IDENTITY_ENV, "identity key passphrase", false, cli)));
    Thread hook = new Thread(() -> {
      node.shutdown();
      stopped.countDown();
    }, "mpcium-node-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    if (exitWithParent) {
      Thread watcher = new Thread(() -> {
        try {
          while (System.in.read() >= 0) {
            // Discard; only the end of input matters.
          }
        } catch (IOException e) {
          // The parent is gone as well.
        }
        node.shutdown();
        stopped.countDown();
      }, "mpcium-node-parent-watch");
      watcher.setDaemon(true);
      watcher.start();
    }
    spec.commandLine().getOut().println("node " + settings.nodeName() + " ready");
    spec.commandLine().getOut().flush();
    stopped.await();
    return 0;
  }

  private Optional<char[]> passphrase() throws IOException {
    if (passwordFile == null) {
      if (promptCredentials) {
        return Optional.of(Passphrases.require(null, "--password-file", Passphrases.ENV,
            "share-encryption passphrase", true, spec.commandLine()));
      }
      String env = System.getenv(Passphrases.ENV);
      return env == null || env.isEmpty() ? Optional.empty() : Optional.of(env.toCharArray());
    }
    return Optional.of(Files.readString(passwordFile, StandardCharsets.UTF_8).strip()
        .toCharArray());
  }
}
