package io.mpcium.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mpcium.KeyScheme;
import io.mpcium.SignatureResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
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
    assertThat(lines).hasSize(8);
    ObjectMapper mapper = new ObjectMapper();
    Map<String, Set<String>> keys = new HashMap<>();
    Set<String> messages = new HashSet<>();
    for (String line : lines) {
      JsonNode node = mapper.readTree(line);
      String scheme = node.get("scheme").asText();
      SignatureResult result = resultOf(node);
      if (scheme.equals("secp256k1")) {
        assertThat(node.fieldNames()).toIterable().containsExactly("scheme", "walletId",
            "publicKey", "message", "signature", "recoveryId");
        assertThat(result.publicKey()).hasSize(33);
        assertThat(result.message()).hasSize(32);
        assertThat(node.get("recoveryId").asInt()).isBetween(0, 1);
      } else {
        assertThat(scheme).isEqualTo("ed25519");
        assertThat(node.fieldNames()).toIterable()
            .containsExactly("scheme", "walletId", "publicKey", "message", "signature");
        assertThat(result.publicKey()).hasSize(32);
      }
      assertThat(result.signature()).hasSize(64);
      assertThat(SignatureCheck.verifies(result)).isTrue();
      byte[] tampered = result.message();
      tampered[0] ^= 1;
      assertThat(SignatureCheck.verifies(new SignatureResult(result.walletId(), result.scheme(),
          result.publicKey(), tampered, result.signature(), result.recoveryId(), List.of())))
          .isFalse();
      messages.add(node.get("message").asText());
      keys.computeIfAbsent(scheme, k -> new HashSet<>()).add(node.get("publicKey").asText());
    }
    assertThat(messages).hasSize(8);
    assertThat(keys).containsOnlyKeys("secp256k1", "ed25519");
    keys.values().forEach(k -> assertThat(k).hasSize(1));
  }

  @Test
  void humanModeReportsPhasesAndASummary() {
    int exit = run("demo", "--nodes", "4", "--threshold", "3", "--signatures", "4");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("started 4 nodes (3-of-4, secp256k1 and ed25519)")
        .contains("generated wallet")
        .containsPattern("secp256k1 public key 0[23][0-9a-f]{64}; "
            + "Ethereum address 0x[0-9a-fA-F]{40}")
        .contains("secp256k1 signature 4/4 by [node1, node2, node3]")
        .contains("ed25519 signature 4/4 by [node1, node2, node3]")
        .contains("4 verified with BouncyCastle ECDSA, low-S and key recovery, 0 failed")
        .contains("4 verified with BouncyCastle Ed25519, 0 failed");
  }

  @Test
  void everySchemeCanBeChosen() throws Exception {
    assertThat(run("demo", "--json", "--signatures", "1", "--scheme", "schnorr"))
        .as(err.toString()).isZero();
    JsonNode node = new ObjectMapper().readTree(out.toString().strip());
    assertThat(node.get("scheme").asText()).isEqualTo("schnorr");
    assertThat(SignatureCheck.verifies(resultOf(node))).isTrue();
    assertThat(run("demo", "--json", "--signatures", "1", "--scheme", "all"))
        .as(err.toString()).isZero();
    assertThat(out.toString().lines().map(l -> l.substring(0, 30)).toList())
        .containsExactly("{\"scheme\":\"secp256k1\",\"walletI", "{\"scheme\":\"ed25519\",\"walletId\"",
            "{\"scheme\":\"schnorr\",\"walletId\"");
  }

  /**
   * Checks a {@code --path} JSON line: the fields, and that {@code publicKey} is what anyone
   * derives offline from {@code parentPublicKey}, {@code chainCode} and {@code path}, and the
   * signature verifies under it. Returns the chain code.
   */
  static String assertDerivedLine(JsonNode node, List<Long> path) {
    HexFormat hex = HexFormat.of();
    KeyScheme scheme = KeyScheme.fromLabel(node.get("scheme").asText());
    List<String> fields = new java.util.ArrayList<>(List.of("scheme", "walletId", "publicKey",
        "message", "signature"));
    if (scheme == KeyScheme.SECP256K1) {
      fields.add("recoveryId");
    }
    fields.addAll(List.of("path", "parentPublicKey", "chainCode"));
    assertThat(node.fieldNames()).toIterable().containsExactlyElementsOf(fields);
    List<Long> indices = new java.util.ArrayList<>();
    node.get("path").forEach(i -> indices.add(i.asLong()));
    assertThat(indices).isEqualTo(path);
    byte[] parent = hex.parseHex(node.get("parentPublicKey").asText());
    byte[] child = hex.parseHex(node.get("publicKey").asText());
    assertThat(parent).hasSameSizeAs(child).isNotEqualTo(child);
    io.mpcium.hd.ChildKey offline = io.mpcium.hd.HdDerivation.derive(scheme, parent,
        hex.parseHex(node.get("chainCode").asText()), io.mpcium.hd.DerivationPath.of(indices));
    assertThat(offline.publicKey()).isEqualTo(child);
    SignatureResult result = resultOf(node);
    assertThat(SignatureCheck.verifies(result)).isTrue();
    assertThat(SignatureCheck.verifiesUnder(result, parent)).isFalse();
    return node.get("chainCode").asText();
  }

  @Test
  void aPathSignsWithChildKeysThatAnyoneReDerivesOffline() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    List<Long> path = List.of(44L, 60L, 0L, 0L, 7L);
    assertThat(run("demo", "--json", "--scheme", "all", "--signatures", "2", "--path",
        "44,60,0,0,7")).as(err.toString()).isZero();
    List<String> lines = out.toString().lines().toList();
    assertThat(lines).hasSize(6);
    Set<String> schemes = new HashSet<>();
    for (String line : lines) {
      JsonNode node = mapper.readTree(line);
      schemes.add(node.get("scheme").asText());
      // Without --chain-code each key's chain code is its default, a hash of the public key.
      KeyScheme scheme = KeyScheme.fromLabel(node.get("scheme").asText());
      assertThat(assertDerivedLine(node, path)).isEqualTo(HexFormat.of().formatHex(
          io.mpcium.hd.HdDerivation.defaultChainCode(scheme,
              HexFormat.of().parseHex(node.get("parentPublicKey").asText()))));
    }
    assertThat(schemes).containsExactlyInAnyOrder("secp256k1", "ed25519", "schnorr");

    String chainCode = "ab".repeat(32);
    assertThat(run("demo", "--json", "--signatures", "1", "--path", "m/1/2", "--chain-code",
        chainCode)).as(err.toString()).isZero();
    for (String line : out.toString().lines().toList()) {
      assertThat(assertDerivedLine(mapper.readTree(line), List.of(1L, 2L))).isEqualTo(chainCode);
    }

    assertThat(run("demo", "--signatures", "1", "--path", "44,2147483648")).isEqualTo(2);
    assertThat(err.toString()).contains("--path", "hardened");
    assertThat(run("demo", "--path", "44'/60'")).isEqualTo(2);
    assertThat(run("demo", "--chain-code", "abcd")).isEqualTo(2);
    assertThat(err.toString()).contains("--chain-code must be 64 hex characters");
  }

  private static SignatureResult resultOf(JsonNode node) {
    HexFormat hex = HexFormat.of();
    return new SignatureResult(node.get("walletId").asText(),
        KeyScheme.fromLabel(node.get("scheme").asText()),
        hex.parseHex(node.get("publicKey").asText()), hex.parseHex(node.get("message").asText()),
        hex.parseHex(node.get("signature").asText()),
        node.has("recoveryId") ? OptionalInt.of(node.get("recoveryId").asInt())
            : OptionalInt.empty(), List.of());
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
  void reshareGrowsTheCommitteeThenSignsWithIt() {
    int exit = run("demo", "--reshare", "3:5", "--signatures", "10");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("started 3 nodes (2-of-3, secp256k1 and ed25519)")
        .contains("keys to 3-of-5 [node0, node1, node2, node3, node4] (version 2)")
        .contains("public keys unchanged")
        .contains("secp256k1 signature 10/10 by [node2, node3, node4]")
        .contains("ed25519 signature 10/10 by [node2, node3, node4]")
        .contains("10 verified with BouncyCastle ECDSA, low-S and key recovery, 0 failed")
        .contains("10 verified with BouncyCastle Ed25519, 0 failed")
        .containsPattern("summary: key generation [0-9.]+ ms; resharing [0-9.]+ ms");
  }

  @Test
  void reshareToFewerNodesKeepsTheJsonOutput() throws Exception {
    int exit = run("demo", "--json", "--reshare", "2:2", "--signatures", "3");

    assertThat(exit).as(err.toString()).isZero();
    List<String> lines = out.toString().lines().toList();
    assertThat(lines).hasSize(6);
    Map<String, Set<String>> keys = new HashMap<>();
    for (String line : lines) {
      JsonNode node = new ObjectMapper().readTree(line);
      assertThat(SignatureCheck.verifies(resultOf(node))).isTrue();
      keys.computeIfAbsent(node.get("scheme").asText(), k -> new HashSet<>())
          .add(node.get("publicKey").asText());
    }
    assertThat(keys).containsOnlyKeys("secp256k1", "ed25519");
    keys.values().forEach(k -> assertThat(k).hasSize(1));
  }

  @Test
  void reshareNeedsAValidTarget() {
    assertThat(run("demo", "--reshare", "4:3")).isEqualTo(2);
    assertThat(err.toString()).contains("--reshare T:N needs 2 <= T <= N <= 32, got 4:3");
    assertThat(run("demo", "--reshare", "three")).isEqualTo(2);
    assertThat(err.toString()).contains("--reshare must be T:N");
    assertThat(run("demo", "--reshare", "2:3", "--data-dir", "x")).isEqualTo(2);
    assertThat(err.toString()).contains("does not combine with --data-dir");
  }

  @Test
  void signerSubsetsCoverEveryCombination() {
    assertThat(DemoCommand.subsets(3, 2)).containsExactly(List.of(0, 1), List.of(0, 2),
        List.of(1, 2));
    assertThat(DemoCommand.subsets(5, 3)).hasSize(10).doesNotHaveDuplicates();
  }

  /** Runs a JSON demo and returns the public key of each scheme, after checking every line. */
  private Map<String, String> publicKeysOfJsonRun(String... args) throws Exception {
    int exit = run(args);
    assertThat(exit).as(err.toString()).isZero();
    Map<String, String> keys = new HashMap<>();
    for (String line : out.toString().lines().toList()) {
      JsonNode node = new ObjectMapper().readTree(line);
      assertThat(node.get("walletId").asText()).isEqualTo("treasury");
      assertThat(SignatureCheck.verifies(resultOf(node))).isTrue();
      String previous = keys.put(node.get("scheme").asText(), node.get("publicKey").asText());
      assertThat(previous).isIn(null, node.get("publicKey").asText());
    }
    return keys;
  }

  @Test
  void aDataDirKeepsTheWalletForTheNextRun() throws Exception {
    Path data = tmp.resolve("data");
    Map<String, String> first = publicKeysOfJsonRun("demo", "--json", "--data-dir",
        data.toString(), "--wallet", "treasury", "--signatures", "2");
    assertThat(first).containsOnlyKeys("secp256k1", "ed25519");
    assertThat(data.resolve("node0").resolve("keys.mapdb")).exists();

    assertThat(run("demo", "--data-dir", data.toString(), "--wallet", "treasury",
        "--signatures", "3")).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("found wallet treasury's secp256k1 and ed25519 keys in " + data
            + " (no new key generation)")
        .contains("secp256k1 public key " + first.get("secp256k1"))
        .contains("ed25519   public key " + first.get("ed25519"))
        .doesNotContain("generated wallet")
        .contains("summary: key generation skipped (stored keys)")
        .contains("3 verified with BouncyCastle ECDSA, low-S and key recovery, 0 failed")
        .contains("3 verified with BouncyCastle Ed25519, 0 failed");
    // A scheme the wallet does not have yet is generated; the stored one is reused.
    assertThat(publicKeysOfJsonRun("demo", "--json", "--data-dir", data.toString(), "--wallet",
        "treasury", "--signatures", "1", "--scheme", "ed25519,schnorr"))
        .containsEntry("ed25519", first.get("ed25519")).containsKey("schnorr");

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
    Map<String, String> key = publicKeysOfJsonRun("demo", "--json", "--scheme", "ed25519",
        "--data-dir", data.toString(), "--wallet", "treasury", "--signatures", "1",
        "--passphrase-file", passphrase.toString());

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

    assertThat(publicKeysOfJsonRun("demo", "--json", "--scheme", "ed25519", "--data-dir",
        data.toString(), "--wallet", "treasury", "--signatures", "3", "--passphrase-file",
        passphrase.toString())).isEqualTo(key);
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
