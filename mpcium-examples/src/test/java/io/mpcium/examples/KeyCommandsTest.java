package io.mpcium.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mpcium.examples.keys.MpciumKeyFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code peers generate}, {@code identity generate}, {@code initiator generate} and {@code
 * authorizer generate} write Mpcium's files; every command has {@code --help}; no option takes
 * a secret as its value.
 */
class KeyCommandsTest {
  @TempDir
  Path dir;
  private StringWriter out;
  private StringWriter err;

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    CommandLine cli = MpciumCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void generatesPeersIdentitiesInitiatorAndAuthorizerFiles() throws Exception {
    Path peers = dir.resolve("peers.json");
    assertThat(run("peers", "generate", "-n", "3", "-o", peers.toString())).as(err.toString())
        .isZero();
    JsonNode json = new ObjectMapper().readTree(peers.toFile());
    assertThat(json.fieldNames()).toIterable().containsExactly("node0", "node1", "node2");
    json.forEach(id -> assertThat(id.asText()).matches(
        "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
    assertThat(run("peers", "generate", "-n", "3", "-o", peers.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("not overwriting");

    Path pass = Files.writeString(dir.resolve("pass.txt"), "a long passphrase!\n");
    Path identity = dir.resolve("identity");
    assertThat(run("identity", "generate", "-n", "node0", "-p", peers.toString(), "-o",
        identity.toString(), "--encrypt", "--passphrase-file", pass.toString(),
        "--age-work-factor", "10")).as(err.toString()).isZero();
    MpciumKeyFiles.NodeIdentityJson node0 = MpciumKeyFiles.readNodeIdentity(
        identity.resolve("node0_identity.json"));
    assertThat(node0.nodeId()).isEqualTo(json.get("node0").asText());
    assertThat(MpciumKeyFiles.readNodeSeed(identity.resolve("node0_private.key.age"),
        Optional.of("a long passphrase!".toCharArray()))).hasSize(32);
    assertThat(out.toString()).doesNotContain("a long passphrase");

    assertThat(run("identity", "generate", "-n", "node1", "-p", peers.toString(), "-o",
        identity.toString())).as(err.toString()).isZero();
    assertThat(err.toString()).contains("NOT encrypted");
    assertThat(identity.resolve("node1_private.key")).exists();
    assertThat(run("identity", "generate", "-n", "node9", "-p", peers.toString(), "-o",
        identity.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("node9 is not in");

    Path weak = Files.writeString(dir.resolve("weak.txt"), "short");
    assertThat(run("identity", "generate", "-n", "node2", "-p", peers.toString(), "-o",
        identity.toString(), "--encrypt", "--passphrase-file", weak.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("at least 12 characters");

    assertThat(run("initiator", "generate", "-o", dir.toString(), "-a", "p256")).isZero();
    assertThat(dir.resolve("event_initiator.identity.json")).exists();
    assertThat(out.toString()).containsPattern("public_key: 3059[0-9a-f]+");
    assertThat(run("initiator", "generate", "-o", dir.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("--overwrite");
    assertThat(run("initiator", "generate", "-o", dir.toString(), "--overwrite")).isZero();
    assertThat(run("authorizer", "generate", "-n", "alice", "-o", dir.toString())).isZero();
    assertThat(dir.resolve("alice.authorizer.key")).exists();
    assertThat(run("authorizer", "generate", "-n", "no/slash", "-o", dir.toString()))
        .isEqualTo(2);
  }

  @Test
  void everyCommandHasHelpAndNoOptionTakesASecretValue() {
    List<CommandLine> all = new ArrayList<>();
    collect(MpciumCli.commandLine(), all);
    assertThat(all.stream().map(CommandLine::getCommandName)).contains("peers", "generate",
        "register", "identity", "initiator", "authorizer", "node", "backup", "create",
        "restore", "demo", "version");
    for (CommandLine command : all) {
      if (command.getCommandName().equals("help")) {
        continue;
      }
      assertThat(command.getCommandSpec().findOption("--help")).as(command.getCommandName())
          .isNotNull();
      for (CommandLine.Model.OptionSpec option : command.getCommandSpec().options()) {
        String name = option.longestName().toLowerCase(java.util.Locale.ROOT);
        if (name.contains("password") || name.contains("passphrase") || name.contains("token")
            || name.contains("secret")) {
          assertThat(name).as("a secret comes from a file, never an argument")
              .endsWith("-file");
        }
      }
    }
    assertThat(run("identity", "generate", "--help")).isZero();
    assertThat(out.toString()).contains("--encrypt", "--passphrase-file", "--node");
  }

  private static void collect(CommandLine command, List<CommandLine> into) {
    into.add(command);
    command.getSubcommands().values().forEach(sub -> collect(sub, into));
  }
}
