package io.mpcium.examples;

import io.mpcium.VaultException;
import io.mpcium.store.Backups;
import io.mpcium.store.MapDbKeyStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code backup create} and {@code backup restore}: encrypted backups of a node's MapDB key
 * store (see {@link Backups}). Exit code 0 on success, 1 when the backup or restore failed (the
 * message says why; nothing was changed), 2 for bad options.
 */
@Command(name = "backup", mixinStandardHelpOptions = true,
    description = "Encrypted backups of a node's key store.",
    subcommands = {BackupCommand.Create.class, BackupCommand.Restore.class})
final class BackupCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "a subcommand is required: create or restore");
  }

  /** {@code --passphrase-file FILE}: where a backup command reads the vault passphrase. */
  static final class PassphraseOption {
    @Option(names = "--passphrase-file", paramLabel = "FILE",
        description = "File holding the vault passphrase (else $" + Passphrases.ENV
            + ", else a prompt).")
    Path file;

    char[] require(CommandLine cli) {
      return Passphrases.require(file, cli);
    }
  }

  /** Reports a failure that changed nothing, without a stack trace. */
  static int failed(CommandLine cli, Exception e) {
    cli.getErr().println("error: " + e.getMessage());
    cli.getErr().flush();
    return 1;
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Back up a node's key store (incremental unless --full; nothing is written "
          + "when nothing changed). The node must not be running.")
  static final class Create implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--store", required = true, paramLabel = "DIR",
        description = "The node's key store directory.")
    Path store;

    @Option(names = "--to", required = true, paramLabel = "DIR",
        description = "The backup directory (created if needed).")
    Path to;

    @Option(names = "--full", description = "Write a full backup even if an increment would do.")
    boolean full;

    @CommandLine.Mixin
    PassphraseOption passphrase;

    @Override
    public Integer call() {
      CommandLine cli = spec.commandLine();
      PrintWriter out = cli.getOut();
      char[] secret = passphrase.require(cli);
      try (MapDbKeyStore keys = MapDbKeyStore.openExisting(store)) {
        Optional<Backups.Created> created = Backups.create(keys, to, secret, full);
        if (created.isEmpty()) {
          out.printf("nothing changed since the last backup of node %s in %s%n", keys.nodeId(),
              to);
        } else {
          Backups.Created c = created.get();
          out.printf("wrote %s backup %s: %d records, %d keys (store sequence %d)%n",
              c.kind().name().toLowerCase(java.util.Locale.ROOT), c.file(), c.records(),
              c.keys(), c.sequence());
        }
        out.flush();
        return 0;
      } catch (IOException | VaultException e) {
        return failed(cli, e);
      } finally {
        Arrays.fill(secret, '\0');
      }
    }
  }

  @Command(name = "restore", mixinStandardHelpOptions = true,
      description = "Rebuild a node's key store from its newest complete chain of backups.")
  static final class Restore implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "DIR",
        description = "The backup directory.")
    Path from;

    @Option(names = "--to", required = true, paramLabel = "PATH",
        description = "The store directory to create (must not exist, or be empty).")
    Path to;

    @Option(names = "--node", paramLabel = "NAME",
        description = "Whose backups to restore (needed when DIR holds several nodes').")
    String node;

    @CommandLine.Mixin
    PassphraseOption passphrase;

    @Override
    public Integer call() {
      CommandLine cli = spec.commandLine();
      char[] secret = passphrase.require(cli);
      try {
        Backups.Restored restored = Backups.restore(from, to, secret,
            Optional.ofNullable(node));
        cli.getOut().printf("restored the key store of node %s into %s: %d records, %d keys, "
            + "from %d backup files (newest from %s)%n", restored.node(), restored.store(),
            restored.records(), restored.keys(), restored.files().size(),
            restored.backedUpAt());
        cli.getOut().flush();
        return 0;
      } catch (IOException | VaultException e) {
        return failed(cli, e);
      } finally {
        Arrays.fill(secret, '\0');
      }
    }
  }
}
