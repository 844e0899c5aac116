package io.mpcium.examples.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mpcium.Initiator;
import io.mpcium.InitiatorKey;
import io.mpcium.examples.keys.MpciumKeyFiles;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Identity and key files written by Mpcium's own {@code mpcium-cli} (test resources {@code
 * mpcium-cli-fixtures}, see the README there) load here, encrypted ones included; and the files
 * we write have Mpcium's names, fields, field order and layout.
 */
class MpciumFixturesTest {
  private static final char[] PASSPHRASE = "fixture passphrase!1".toCharArray();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private static Path fixtures() throws URISyntaxException {
    return Path.of(MpciumFixturesTest.class.getResource("/mpcium-cli-fixtures/peers.json")
        .toURI()).getParent();
  }

  @Test
  void mpciumNodeIdentitiesLoadAndTheirKeysMatch() throws Exception {
    Path identity = fixtures().resolve("identity");
    JsonNode peers = JSON.readTree(fixtures().resolve("peers.json").toFile());
    for (String node : List.of("node0", "node1", "node2")) {
      MpciumKeyFiles.NodeIdentityJson json = MpciumKeyFiles.readNodeIdentity(
          MpciumKeyFiles.nodeIdentityFile(identity, node));
      assertThat(json.nodeName()).isEqualTo(node);
      assertThat(json.nodeId()).isEqualTo(peers.get(node).asText());
      Path key = MpciumKeyFiles.nodePrivateKeyFile(identity, node);
      boolean encrypted = !Files.exists(key);
      if (encrypted) {
        key = key.resolveSibling(key.getFileName() + ".age");
      }
      byte[] seed = MpciumKeyFiles.readNodeSeed(key, encrypted ? Optional.of(PASSPHRASE)
          : Optional.empty());
      byte[] pub = new byte[32];
      Ed25519.generatePublicKey(seed, 0, pub, 0);
      assertThat(pub).as(node).isEqualTo(json.publicKey());
    }
    Path age = identity.resolve("node1_private.key.age");
    assertThatThrownBy(() -> MpciumKeyFiles.readNodeSeed(age, Optional.empty()))
        .hasMessageContaining("passphrase is needed");
    assertThatThrownBy(() -> MpciumKeyFiles.readNodeSeed(age,
        Optional.of("wrong passphrase!!".toCharArray()))).isInstanceOf(
            GeneralSecurityException.class).hasMessageContaining("wrong passphrase");
  }

  @Test
  void mpciumInitiatorAndAuthorizerKeysSignForTheirConfiguredPublicKeys() throws Exception {
    record Pair(String identity, String key) { }
    List<Pair> pairs = List.of(new Pair("event_initiator.identity.json", "event_initiator.key"),
        new Pair("p256_initiator.identity.json", "p256_initiator.key"),
        new Pair("encrypted_initiator.identity.json", "encrypted_initiator.key.age"),
        new Pair("alice.authorizer.identity.json", "alice.authorizer.key"),
        new Pair("bob.authorizer.identity.json", "bob.authorizer.key"));
    for (Pair pair : pairs) {
      assertSignsForConfiguredKey(fixtures().resolve(pair.identity()),
          fixtures().resolve(pair.key()));
    }
  }

  private static void assertSignsForConfiguredKey(Path identityFile, Path keyFile)
      throws Exception {
    JsonNode identity = JSON.readTree(identityFile.toFile());
    String algorithm = identity.get("algorithm").asText();
    // As a node reads event_initiator_pubkey / authorizer_public_keys.<id>.public_key.
    InitiatorKey configured = NodeSettings.initiatorKey(algorithm,
        identity.get("public_key").asText(), "public_key");
    Initiator signer = MpciumKeyFiles.loadInitiator(keyFile, algorithm,
        Optional.of(PASSPHRASE));
    byte[] message = ("request from " + keyFile.getFileName()).getBytes(StandardCharsets.UTF_8);
    assertThat(configured.verify(message, signer.sign(message))).as(keyFile.toString())
        .isTrue();
  }

  @Test
  void ourFilesHaveMpciumsNamesFieldsAndLayout() throws Exception {
    SecureRandom rng = new SecureRandom();
    Clock clock = Clock.fixed(Instant.parse("2026-01-02T03:04:05.678Z"), ZoneOffset.UTC);
    MpciumKeyFiles.Written node = MpciumKeyFiles.generateNodeIdentity(dir.resolve("identity"),
        "node0", "db303bea-b9a7-43ce-9eab-c16343abb9a8", Optional.empty(), 18, false, rng,
        clock);
    assertThat(node.identity()).isEqualTo(dir.resolve("identity/node0_identity.json"));
    assertThat(node.privateKey()).isEqualTo(dir.resolve("identity/node0_private.key"));
    assertSameLayout(node.identity(), fixtures().resolve("identity/node0_identity.json"));
    assertThat(Files.readString(node.identity())).contains(
        "\"created_at\": \"2026-01-02T03:04:05Z\"");
    assertThat(Files.readString(node.privateKey())).matches("[0-9a-f]{128}");
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(node.privateKey()))).isEqualTo("rw-------");
    assertThatThrownBy(() -> MpciumKeyFiles.generateNodeIdentity(dir.resolve("identity"),
        "node0", "x", Optional.empty(), 18, false, rng, clock))
        .hasMessageContaining("exists");

    MpciumKeyFiles.Written encrypted = MpciumKeyFiles.generateNodeIdentity(dir.resolve("identity"),
        "node1", "dff4542c-b7be-4ade-b822-eacee1c62103", Optional.of(PASSPHRASE), 10, false,
        rng, clock);
    assertThat(encrypted.privateKey()).isEqualTo(dir.resolve("identity/node1_private.key.age"));
    byte[] seed = MpciumKeyFiles.readNodeSeed(encrypted.privateKey(), Optional.of(PASSPHRASE));
    byte[] pub = new byte[32];
    Ed25519.generatePublicKey(seed, 0, pub, 0);
    assertThat(HexFormat.of().formatHex(pub)).isEqualTo(encrypted.publicKeyHex());

    for (String algorithm : List.of("ed25519", "p256")) {
      MpciumKeyFiles.Written initiator = MpciumKeyFiles.generateInitiator(dir, algorithm
          + "_initiator", algorithm, Optional.empty(), 18, false, rng, clock);
      assertThat(initiator.identity().getFileName().toString())
          .isEqualTo(algorithm + "_initiator.identity.json");
      assertThat(initiator.privateKey().getFileName().toString())
          .isEqualTo(algorithm + "_initiator.key");
      assertSameLayout(initiator.identity(), fixtures().resolve(algorithm.equals("p256")
          ? "p256_initiator.identity.json" : "event_initiator.identity.json"));
      assertSignsForConfiguredKey(initiator.identity(), initiator.privateKey());
      MpciumKeyFiles.Written authorizer = MpciumKeyFiles.generateAuthorizer(dir, algorithm
          + "-approver", algorithm, Optional.of(PASSPHRASE), 10, false, rng, clock);
      assertThat(authorizer.privateKey().getFileName().toString())
          .isEqualTo(algorithm + "-approver.authorizer.key.age");
      assertSameLayout(authorizer.identity(), fixtures().resolve(algorithm.equals("p256")
          ? "bob.authorizer.identity.json" : "alice.authorizer.identity.json"));
      assertSignsForConfiguredKey(authorizer.identity(), authorizer.privateKey());
    }
    // Mpcium's P-256 key file is SEC1 DER; its public key a DER SubjectPublicKeyInfo.
    assertThat(Files.readString(dir.resolve("p256_initiator.key"))).startsWith("30770201010420");
    assertThat(Files.readString(dir.resolve("p256_initiator.key")).length())
        .isEqualTo(Files.readString(fixtures().resolve("p256_initiator.key")).length());
  }

  /** Same field names in the same order, same indentation, same value shapes. */
  private static void assertSameLayout(Path ours, Path mpciums) throws Exception {
    assertThat(shape(Files.readString(ours))).isEqualTo(shape(Files.readString(mpciums)));
  }

  private static List<String> shape(String json) {
    List<String> lines = new ArrayList<>();
    for (String line : json.split("\n", -1)) {
      lines.add(line.replaceAll(": \"[0-9a-f]+\"", ": HEX")
          .replaceAll(": \"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\"", ": TIME")
          .replaceAll("(\"(name|node_name|created_by|machine_name|node_id)\"): \"[^\"]*\"",
              "$1: TEXT"));
    }
    return lines;
  }
}
