package io.mpcium.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DemoCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @TempDir
  Path tmp;

  private int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    CommandLine cli = MpciumCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void jsonModePrintsOneVerifiableSignaturePerLineAndNothingElse() throws Exception {
    int exit = run("demo", "--json", "--signatures", "4");

    assertThat(exit).as(err.toString()).isZero();
    List<String> lines = out.toString().lines().toList();
    assertThat(lines).hasSize(4);
    ObjectMapper mapper = new ObjectMapper();
    Set<String> messages = new HashSet<>();
    String publicKey = null;
    for (String line : lines) {
      JsonNode node = mapper.readTree(line);
      assertThat(node.fieldNames()).toIterable()
          .containsExactly("scheme", "walletId", "publicKey", "message", "signature");
      assertThat(node.get("scheme").asText()).isEqualTo("ed25519");
      byte[] key = HexFormat.of().parseHex(node.get("publicKey").asText());
      byte[] message = HexFormat.of().parseHex(node.get("message").asText());
      byte[] signature = HexFormat.of().parseHex(node.get("signature").asText());
      assertThat(key).hasSize(32);
      assertThat(signature).hasSize(64);
      assertThat(DemoCommand.verifies(key, message, signature)).isTrue();
      message[0] ^= 1;
      assertThat(DemoCommand.verifies(key, message, signature)).isFalse();
      messages.add(node.get("message").asText());
      if (publicKey != null) {
        assertThat(node.get("publicKey").asText()).isEqualTo(publicKey);
      }
      publicKey = node.get("publicKey").asText();
    }
    assertThat(messages).hasSize(4);
  }

  @Test
  void humanModeReportsPhasesAndASummary() {
    int exit = run("demo", "--nodes", "4", "--threshold", "3", "--signatures", "4");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("started 4 nodes (3-of-4, ed25519)")
        .contains("generated wallet")
        .contains("signature 4/4 by [node1, node2, node3]")
        .contains("4 verified with BouncyCastle Ed25519, 0 failed");
  }

  @Test
  void badOptionsGiveAUsageError() {
    assertThat(run("demo", "--threshold", "4")).isEqualTo(2);
    assertThat(err.toString()).contains("--threshold must be between 2 and --nodes (3), got 4");
    assertThat(run("demo", "--scheme", "rsa")).isEqualTo(2);
    assertThat(err.toString()).contains("unknown key scheme 'rsa'");
    assertThat(run("demo", "--signatures", "zero")).isEqualTo(2);
    assertThat(run("demo", "--nodes", "1")).isEqualTo(2);
  }

  @Test
  void signerSubsetsCoverEveryCombination() {
    assertThat(DemoCommand.subsets(3, 2)).containsExactly(List.of(0, 1), List.of(0, 2),
        List.of(1, 2));
    assertThat(DemoCommand.subsets(5, 3)).hasSize(10).doesNotHaveDuplicates();
  }

  private String publicKeyOfJsonRun(String... args) throws Exception {
    int exit = run(args);
    assertThat(exit).as(err.toString()).isZero();
    List<String> lines = out.toString().lines().toList();
    ObjectMapper mapper = new ObjectMapper();
    String publicKey = mapper.readTree(lines.get(0)).get("publicKey").asText();
    for (String line : lines) {
      JsonNode node = mapper.readTree(line);
      assertThat(node.get("walletId").asText()).isEqualTo("treasury");
      assertThat(DemoCommand.verifies(HexFormat.of().parseHex(publicKey),
          HexFormat.of().parseHex(node.get("message").asText()),
          HexFormat.of().parseHex(node.get("signature").asText()))).isTrue();
    }
    return publicKey;
  }

  @Test
  void aDataDirKeepsTheWalletForTheNextRun() throws Exception {
    Path data = tmp.resolve("data");
    String first = publicKeyOfJsonRun("demo", "--json", "--data-dir", data.toString(),
        "--wallet", "treasury", "--signatures", "2");
    assertThat(data.resolve("node0").resolve("keys.mapdb")).exists();

    assertThat(run("demo", "--data-dir", data.toString(), "--wallet", "treasury",
        "--signatures", "3")).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("found wallet treasury in " + data + " (no new key generation); public key "
            + first)
        .doesNotContain("generated wallet")
        .contains("summary: key generation skipped (stored key); 3 signatures")
        .contains("3 verified with BouncyCastle Ed25519, 0 failed");

    assertThat(run("demo", "--data-dir", data.toString(), "--wallet", "treasury",
        "--nodes", "4")).isEqualTo(2);
    assertThat(err.toString()).contains("wallet treasury is stored as a 2-of-3 key");
  }

  @Test
  void backupThenLoseANodeThenRestoreAndSignAgain() throws Exception {
    Path data = tmp.resolve("data");
    Path backups = tmp.resolve("backups");
    Path passphrase = tmp.resolve("passphrase");
    Files.writeString(passphrase, "a long and private passphrase\n");
    Path wrong = tmp.resolve("wrong");
    Files.writeString(wrong, "not it");
    String key = publicKeyOfJsonRun("demo", "--json", "--data-dir", data.toString(), "--wallet",
        "treasury", "--signatures", "1", "--passphrase-file", passphrase.toString());

    assertThat(run("backup", "create", "--store", data.resolve("node1").toString(), "--to",
        backups.toString(), "--passphrase-file", wrong.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("error: record mpcium:vault-check v1 does not open");
    assertThat(run("backup", "create", "--store", data.resolve("node1").toString(), "--to",
        backups.toString(), "--passphrase-file", passphrase.toString()))
        .as(err.toString()).isZero();
    assertThat(out.toString()).contains("wrote full backup").contains("2 records, 1 keys");
    assertThat(run("backup", "create", "--store", data.resolve("node1").toString(), "--to",
        backups.toString(), "--passphrase-file", passphrase.toString())).isZero();
    assertThat(out.toString()).contains("nothing changed since the last backup of node node1");

    try (var files = Files.walk(data.resolve("node1"))) {
      for (Path path : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
    assertThat(run("backup", "restore", "--from", backups.toString(), "--to",
        data.resolve("node1").toString(), "--passphrase-file", wrong.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("does not open with this passphrase");
    assertThat(data.resolve("node1")).doesNotExist();
    assertThat(run("backup", "restore", "--from", backups.toString(), "--to",
        data.resolve("node1").toString(), "--node", "node2", "--passphrase-file",
        passphrase.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("holds no backups of node node2");

    assertThat(run("backup", "restore", "--from", backups.toString(), "--to",
        data.resolve("node1").toString(), "--passphrase-file", passphrase.toString()))
        .as(err.toString()).isZero();
    assertThat(out.toString()).contains("restored the key store of node node1 into")
        .contains("2 records, 1 keys, from 1 backup files");

    assertThat(publicKeyOfJsonRun("demo", "--json", "--data-dir", data.toString(), "--wallet",
        "treasury", "--signatures", "3", "--passphrase-file", passphrase.toString()))
        .isEqualTo(key);
  }

  @Test
  void backupNeedsItsOptions() {
    assertThat(run("backup")).isEqualTo(2);
    assertThat(run("backup", "restore", "--from", "x")).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required option: '--to=PATH'");
    assertThat(run("demo", "--passphrase-file", "x")).isEqualTo(2);
    assertThat(err.toString()).contains("--passphrase-file needs --data-dir");
  }
}
