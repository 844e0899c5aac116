package io.mpcium.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpcium.PartyId;
import io.mpcium.registry.consul.ConsulPeerRegistry;
import io.mpcium.registry.consul.testing.ConsulAgentExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code mpcium.jar peers register} against a real Consul agent. */
class PeersCommandTest {
  @RegisterExtension
  static final ConsulAgentExtension CONSUL = new ConsulAgentExtension();

  private static final String ID0 = "6a1b2f14-7a0c-4d8e-9d61-0c1e5a3b9f01";
  private static final String ID1 = "0f3e8c22-51b7-4a39-8e0d-7b6c2d4a1e02";
  private static final String OTHER = "c9d8e7f6-0000-4111-8222-333344445555";

  @TempDir
  Path dir;
  private final String prefix = "cli-" + UUID.randomUUID() + "/";
  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();

  private int register(Path peers) {
    out = new StringWriter();
    err = new StringWriter();
    CommandLine cli = MpciumCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute("peers", "register", "--peers", peers.toString(),
        "--consul", CONSUL.address(), "--key-prefix", prefix);
  }

  private Path file(String name, String json) throws Exception {
    return Files.writeString(dir.resolve(name), json, StandardCharsets.UTF_8);
  }

  @Test
  void registersThePeersFileAndRefusesANameThatBelongsToAnotherId() throws Exception {
    Path peers = file("peers.json", "{\"node0\":\"" + ID0 + "\",\"node1\":\"" + ID1 + "\"}");
    assertThat(register(peers)).as(err.toString()).isZero();
    assertThat(out.toString().lines()).containsExactly(
        "registered node0 = " + ID0, "registered node1 = " + ID1);

    assertThat(register(peers)).as(err.toString()).isZero();
    assertThat(out.toString().lines()).containsExactly(
        "already registered node0 = " + ID0, "already registered node1 = " + ID1);

    Path conflicting = file("other.json", "{\"node1\":\"" + OTHER + "\",\"node2\":\""
        + UUID.randomUUID() + "\"}");
    assertThat(register(conflicting)).isEqualTo(1);
    assertThat(err.toString()).contains("name node1 already belongs to node id " + ID1
        + ", not " + OTHER);
    assertThat(out.toString()).isEmpty();

    try (ConsulPeerRegistry registry = ConsulPeerRegistry.builder().address(CONSUL.address())
        .keyPrefix(prefix).build()) {
      assertThat(registry.nodeId(PartyId.of("node0"))).contains(ID0);
      assertThat(registry.nodeId(PartyId.of("node1"))).contains(ID1);
      assertThat(registry.nodeId(PartyId.of("node2"))).isEmpty();
    }
  }

  @Test
  void aMalformedPeersFileIsAUsageError() throws Exception {
    assertThat(register(file("bad.json", "[\"node0\"]"))).isEqualTo(2);
    assertThat(err.toString()).contains("must be a JSON object");
    assertThat(register(file("bad-name.json", "{\"node 0\":\"" + ID0 + "\"}"))).isEqualTo(2);
    assertThat(err.toString()).contains("party id must be");
    assertThat(register(dir.resolve("missing.json"))).isEqualTo(2);
  }
}
