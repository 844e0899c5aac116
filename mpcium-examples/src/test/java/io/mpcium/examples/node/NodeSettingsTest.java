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
    assertThat(settings.ignoredKeys()).isEmpty();
    assertThat(settings.production()).isFalse();
    assertThat(settings.healthAddress()).isEmpty();
    // A consul: mapping makes Consul the registry (Mpcium's), with our defaults.
    ConsulSettings consul = settings.consul().orElseThrow();
    assertThat(consul.address()).isEqualTo("localhost:8500");
    assertThat(consul.sessionTtl()).isEqualTo(Duration.ofSeconds(10));
    assertThat(consul.keyPrefix()).isEmpty();
    assertThat(consul.tls()).isFalse();
  }

  private String[] base(String... more) {
    String key = HexFormat.of().formatHex(
        Initiator.generateEd25519(new SecureRandom()).publicKey().encoded());
    List<String> lines = new java.util.ArrayList<>(List.of("node_name: n", "mpc_threshold: 1",
        "badger_password: x", "event_initiator_pubkey: " + key));
    lines.addAll(List.of(more));
    return lines.toArray(String[]::new);
  }

  @Test
  void theRegistryIsConsulWithAConsulMappingElseTheJetStreamBucket() throws Exception {
    NodeSettings nats = load(base("registry_bucket: cluster_a"));
    assertThat(nats.consul()).isEmpty();
    assertThat(nats.registryBucket()).isEqualTo("cluster_a");
    assertThat(nats.ignoredKeys()).isEmpty();

    NodeSettings consul = load(base("registry_bucket: cluster_a", "consul:",
        "  address: https://consul.internal:8501", "  token: 0b5e-secret-token",
        "  username: op", "  password: hunter2", "  session_ttl_seconds: 2",
        "  key_prefix: cluster-a/"));
    ConsulSettings settings = consul.consul().orElseThrow();
    assertThat(settings.address()).isEqualTo("https://consul.internal:8501");
    assertThat(settings.sessionTtl()).isEqualTo(Duration.ofSeconds(2));
    assertThat(settings.keyPrefix()).isEqualTo("cluster-a/");
    assertThat(settings.tls()).isTrue();
    assertThat(consul.ignoredKeys()).containsExactly("registry_bucket");
    assertThat(settings.toString() + consul).doesNotContain("0b5e-secret-token")
        .doesNotContain("hunter2").contains("token set", "basic auth set");
    try (var registry = settings.open()) {
      assertThat(registry.address()).isEqualTo("https://consul.internal:8501");
    }

    NodeSettings explicitNats = load(base("registry: NATS", "consul:", "  address: c:8500"));
    assertThat(explicitNats.consul()).isEmpty();
    assertThat(explicitNats.ignoredKeys()).containsExactly("consul");

    NodeSettings explicitConsul = load(base("registry: consul"));
    assertThat(explicitConsul.consul().orElseThrow().address()).isEqualTo("localhost:8500");
  }

  @Test
  void badConsulValuesAreRefusedWithTheKeyNamed() throws Exception {
    assertThatThrownBy(() -> load(base("registry: etcd")))
        .hasMessageContaining("registry must be consul or nats, got 'etcd'");
    assertThatThrownBy(() -> load(base("consul: localhost:8500")))
        .hasMessageContaining("consul must be a mapping");
    assertThatThrownBy(() -> load(base("consul:", "  adress: localhost:8500")))
        .hasMessageContaining("consul.adress").hasMessageContaining("address");
    assertThatThrownBy(() -> load(base("consul:", "  address: [a, b]")))
        .hasMessageContaining("consul.address must be a scalar");
    assertThatThrownBy(() -> load(base("consul:", "  address: localhost")))
        .hasMessageStartingWith("consul.address: ");
    assertThatThrownBy(() -> load(base("consul:", "  session_ttl_seconds: 0")))
        .hasMessageStartingWith("consul.session_ttl_seconds: ");
    assertThatThrownBy(() -> load(base("consul:", "  session_ttl_seconds: 2s")))
        .hasMessageContaining("consul.session_ttl_seconds must be an integer, got '2s'");
    assertThatThrownBy(() -> load(base("consul:", "  key_prefix: a b/")))
        .hasMessageStartingWith("consul.key_prefix: ");
    assertThatThrownBy(() -> load(base("consul:", "  token: 'two words'")))
        .hasMessageStartingWith("consul.token: ").hasMessageNotContaining("two words");
    assertThatThrownBy(() -> load(base("consul:", "  password: hunter2")))
        .hasMessageContaining("consul.username and consul.password go together")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> load(base("consul:", "  ca_cert: missing.pem")))
        .hasMessageContaining("consul.ca_cert").hasMessageContaining("missing.pem");
    Files.writeString(dir.resolve("not-a-cert.pem"), "hello");
    assertThatThrownBy(() -> load(base("consul:", "  ca_cert: not-a-cert.pem")))
        .hasMessageContaining("consul.ca_cert");
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
