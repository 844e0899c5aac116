package io.mpcium.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DemoCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
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
}
