package io.mpcium.examples.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpcium.Initiator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeSettingsTest {
  @TempDir
  Path dir;

  private NodeSettings load(String... lines) throws Exception {
    Path file = dir.resolve("node.yaml");
    Files.write(file, List.of(lines));
    return NodeSettings.load(file, Optional.empty(), Optional.empty());
  }

  @Test
  void readsMpciumsKeysAndOurs() throws Exception {
    Initiator initiator = Initiator.generateEd25519(new SecureRandom());
    NodeSettings settings = load(
        "node_name: node1",
        "environment: development",
        "nats:",
        "  url: nats://10.0.0.1:4222",
        "mpc_threshold: 1",
        "event_initiator_pubkey: " + HexFormat.of().formatHex(initiator.publicKey().encoded()),
        "chain_code: " + "ab".repeat(32),
        "db_path: data",
        "badger_password: secret",
        "max_concurrent_signing: 7",
        "round_timeout_ms: 1500",
        "schnorr_keys: true",
        "consul:",
        "  address: localhost:8500");
    assertThat(settings.nodeName().value()).isEqualTo("node1");
    assertThat(settings.natsUrl()).isEqualTo("nats://10.0.0.1:4222");
    assertThat(settings.signers()).isEqualTo(2);
    assertThat(settings.initiator()).isEqualTo(initiator.publicKey());
    assertThat(settings.dataDir()).isEqualTo(dir.resolve("data").resolve("node1"));
    assertThat(settings.gateway().maxConcurrentSigning()).isEqualTo(7);
    assertThat(settings.gateway().maxConcurrentKeygen()).isEqualTo(2);
    assertThat(settings.gateway().schnorrKeys()).isTrue();
    assertThat(settings.roundTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(settings.passphrase()).containsExactly("secret".toCharArray());
    assertThat(settings.ignoredKeys()).containsExactly("environment", "consul");
  }

  @Test
  void aP256InitiatorIsADerPublicKeyInHexOrBase64() throws Exception {
    java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
    generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
    byte[] spki = generator.generateKeyPair().getPublic().getEncoded();
    NodeSettings hex = load("node_name: n", "mpc_threshold: 1", "badger_password: x",
        "event_initiator_algorithm: p256",
        "event_initiator_pubkey: 0x" + HexFormat.of().formatHex(spki));
    NodeSettings base64 = load("node_name: n", "mpc_threshold: 1", "badger_password: x",
        "event_initiator_algorithm: p256",
        "event_initiator_pubkey: " + java.util.Base64.getEncoder().encodeToString(spki));
    assertThat(hex.initiator()).isEqualTo(base64.initiator());
    assertThat(hex.initiator().algorithm()).isEqualTo("p256");
    assertThat(hex.gateway().schnorrKeys()).isFalse();
  }

  @Test
  void badValuesAreRefusedWithTheKeyNamed() {
    assertThatThrownBy(() -> load("node_name: n", "badger_password: x",
        "event_initiator_pubkey: 00"))
        .hasMessageContaining("mpc_threshold");
    assertThatThrownBy(() -> load("node_name: n", "mpc_threshold: 1", "badger_password: x",
        "event_initiator_pubkey: 1234"))
        .hasMessageContaining("event_initiator_pubkey");
    String key = HexFormat.of().formatHex(
        Initiator.generateEd25519(new SecureRandom()).publicKey().encoded());
    assertThatThrownBy(() -> load("node_name: n", "mpc_threshold: 1",
        "event_initiator_pubkey: " + key, "badger_password: x", "chain_code: xyz"))
        .hasMessageContaining("chain_code");
    assertThatThrownBy(() -> load("mpc_threshold: 1", "badger_password: x"))
        .hasMessageContaining("node_name");
    assertThatThrownBy(() -> load("node_name: n", "mpc_threshold: two", "badger_password: x",
        "event_initiator_pubkey: " + key))
        .hasMessageContaining("mpc_threshold must be an integer");
  }
}
