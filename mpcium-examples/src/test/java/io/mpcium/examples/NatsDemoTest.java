package io.mpcium.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mpcium.KeyScheme;
import io.mpcium.SignatureResult;
import io.mpcium.transport.nats.testing.NatsServerExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/** {@code demo --nats}: node processes over a real server, requests through the gateway. */
class NatsDemoTest {
  @RegisterExtension
  static final NatsServerExtension NATS = new NatsServerExtension();

  @Test
  void theDemoOverNatsPrintsTheSameJsonLinesAndStopsItsNodes() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = MpciumCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute("demo", "--nats", NATS.url(), "--json", "--signatures", "3");

    assertThat(exit).as(err.toString()).isZero();
    List<String> lines = out.toString().lines().toList();
    // Both of an Mpcium wallet's keys, as the in-JVM demo does by default.
    assertThat(lines).hasSize(6);
    java.util.Set<String> schemes = new java.util.HashSet<>();
    for (String line : lines) {
      JsonNode node = new ObjectMapper().readTree(line);
      KeyScheme scheme = KeyScheme.fromLabel(node.get("scheme").asText());
      schemes.add(scheme.label());
      assertThat(node.fieldNames()).toIterable().containsExactlyElementsOf(
          scheme == KeyScheme.SECP256K1
              ? List.of("scheme", "walletId", "publicKey", "message", "signature", "recoveryId")
              : List.of("scheme", "walletId", "publicKey", "message", "signature"));
      SignatureResult result = new SignatureResult(node.get("walletId").asText(), scheme,
          HexFormat.of().parseHex(node.get("publicKey").asText()),
          HexFormat.of().parseHex(node.get("message").asText()),
          HexFormat.of().parseHex(node.get("signature").asText()),
          node.has("recoveryId") ? OptionalInt.of(node.get("recoveryId").asInt())
              : OptionalInt.empty(), List.of());
      assertThat(SignatureCheck.verifies(result)).isTrue();
    }
    assertThat(schemes).containsExactlyInAnyOrder("secp256k1", "ed25519");
    // Only the NATS server is left: the demo stopped its node processes.
    assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)
        .map(ProcessHandle::pid)).containsExactly(NATS.pid());
  }

  @Test
  void theDemoOverNatsSignsWithChildKeysOfTheClusterChainCode() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = MpciumCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    String chainCode = "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20";
    int exit = cli.execute("demo", "--nats", NATS.url(), "--json", "--signatures", "1",
        "--path", "44,60,0,0,7", "--chain-code", chainCode);

    assertThat(exit).as(err.toString()).isZero();
    List<String> lines = out.toString().lines().toList();
    assertThat(lines).hasSize(2);
    for (String line : lines) {
      assertThat(DemoCommandTest.assertDerivedLine(new ObjectMapper().readTree(line),
          List.of(44L, 60L, 0L, 0L, 7L))).isEqualTo(chainCode);
    }
  }
}
