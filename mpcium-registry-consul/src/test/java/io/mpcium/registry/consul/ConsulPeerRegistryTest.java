package io.mpcium.registry.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ecwid.consul.v1.ConsulClient;
import com.ecwid.consul.v1.QueryParams;
import com.ecwid.consul.v1.kv.model.GetValue;
import com.ecwid.consul.v1.kv.model.PutParams;
import com.ecwid.consul.v1.session.model.NewSession;
import com.ecwid.consul.v1.session.model.Session;
import io.mpcium.KeyScheme;
import io.mpcium.NodeIdentity;
import io.mpcium.PartyId;
import io.mpcium.registry.consul.testing.ConsulAgentExtension;
import io.mpcium.spi.KeyInfo;
import io.mpcium.spi.PeerInfo;
import io.mpcium.spi.RegistryException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Mpcium's key layout, name ownership and what operators see, on a real Consul agent. */
class ConsulPeerRegistryTest {
  @RegisterExtension
  static final ConsulAgentExtension CONSUL = new ConsulAgentExtension();

  private static final PartyId NODE0 = PartyId.of("node0");
  private static final PartyId NODE1 = PartyId.of("node1");
  private static final PartyId NODE2 = PartyId.of("node2");

  private final SecureRandom rng = new SecureRandom();
  private String prefix;
  private ConsulClient raw;

  @BeforeEach
  void freshPrefix() {
    prefix = "test-" + UUID.randomUUID() + "/";
    String[] hostPort = CONSUL.address().split(":");
    raw = new ConsulClient(hostPort[0], Integer.parseInt(hostPort[1]));
  }

  private ConsulPeerRegistry registry() {
    return ConsulPeerRegistry.builder().address(CONSUL.address()).keyPrefix(prefix)
        .sessionTtl(Duration.ofSeconds(2)).build();
  }

  private PeerInfo identity(PartyId name) {
    return NodeIdentity.generate(name, rng).peerInfo();
  }

  private GetValue rawValue(String key) {
    return raw.getKVValue(prefix + key).getValue();
  }

  @Test
  void writesMpciumsKeysWhereMpciumsOperatorsLookForThem() throws Exception {
    PeerInfo p0 = identity(NODE0);
    PeerInfo p1 = identity(NODE1);
    try (ConsulPeerRegistry node0 = registry(); ConsulPeerRegistry node1 = registry()) {
      node0.register(p0);
      node1.register(p1);
      node0.setReady(NODE0, true);
      String id0 = node0.nodeId(NODE0).orElseThrow();
      String id1 = node0.nodeId(NODE1).orElseThrow();
      assertThat(UUID.fromString(id0).version()).isEqualTo(4);

      assertThat(rawValue("mpc_peers/node0").getDecodedValue()).isEqualTo(id0);
      assertThat(rawValue("mpc_peers/node1").getDecodedValue()).isEqualTo(id1);
      GetValue ready = rawValue("ready/" + id0);
      assertThat(ready.getDecodedValue()).isEqualTo("true");
      assertThat(ready.getSession()).as("held by the node's session").isNotBlank();
      assertThat(rawValue("ready/" + id1)).isNull();
      assertThat(rawValue("mpc_identity/node0").getDecodedValue()).isEqualTo(
          "{\"node_name\":\"node0\",\"node_id\":\"" + id0 + "\",\"public_key\":\""
              + HexFormat.of().formatHex(p0.signingKey()) + "\",\"agreement_public_key\":\""
              + HexFormat.of().formatHex(p0.agreementKey()) + "\"}");

      node0.putKeyInfo(new KeyInfo("wallet-1", KeyScheme.ED25519, 1, 2, List.of(NODE0, NODE1)));
      // Mpcium's JSON, Mpcium's threshold (signers - 1) and Mpcium's key type for Ed25519.
      assertThat(rawValue("threshold_keyinfo/eddsa:wallet-1").getDecodedValue()).isEqualTo(
          "{\"participant_peer_ids\":[\"" + id0 + "\",\"" + id1 + "\"],\"threshold\":1,"
              + "\"version\":1}");

      node0.setReady(NODE0, false);
      assertThat(rawValue("ready/" + id0)).isNull();
    }
  }

  @Test
  void readsKeyMetadataAndReadinessWrittenByMpcium() throws Exception {
    try (ConsulPeerRegistry registry = registry()) {
      registry.registerPeers(Map.of(NODE0, "id-0", NODE1, "id-1", NODE2, "id-2"));
      for (PartyId name : List.of(NODE0, NODE1, NODE2)) {
        registry.register(identity(name));
      }
      raw.setKVValue(prefix + "threshold_keyinfo/eddsa:w-9",
          "{\"participant_peer_ids\":[\"id-0\",\"id-1\",\"id-2\"],\"threshold\":1,"
              + "\"version\":3}");
      raw.setKVValue(prefix + "ready/id-2", "true");
      raw.setKVValue(prefix + "ready/id-of-a-stranger", "true");

      assertThat(registry.keyInfo("ed25519:w-9")).contains(
          new KeyInfo("w-9", KeyScheme.ED25519, 3, 2, List.of(NODE0, NODE1, NODE2)));
      assertThat(registry.readyPeers()).as("a ready key of an unknown id does not count")
          .containsExactly(NODE2);

      raw.setKVValue(prefix + "threshold_keyinfo/eddsa:broken", "{\"threshold\":1}");
      assertThatThrownBy(() -> registry.keyInfo("ed25519:broken"))
          .isInstanceOf(RegistryException.class)
          .hasMessageContaining("threshold_keyinfo/eddsa:broken")
          .hasMessageContaining("participant_peer_ids");
    }
  }

  @Test
  void registerPeersRefusesANameThatBelongsToAnotherId() throws Exception {
    try (ConsulPeerRegistry registry = registry()) {
      Map<PartyId, String> first = new LinkedHashMap<>();
      first.put(NODE0, "11111111-1111-4111-8111-111111111111");
      first.put(NODE1, "22222222-2222-4222-8222-222222222222");
      assertThat(registry.registerPeers(first)).containsExactly(NODE0, NODE1);
      assertThat(registry.registerPeers(first)).as("same again: nothing to add").isEmpty();

      Map<PartyId, String> conflicting = Map.of(
          NODE0, "33333333-3333-4333-8333-333333333333",
          NODE2, "44444444-4444-4444-8444-444444444444");
      assertThatThrownBy(() -> registry.registerPeers(conflicting))
          .isInstanceOf(RegistryException.class)
          .hasMessageContaining("name node0 already belongs to node id "
              + "11111111-1111-4111-8111-111111111111, not 33333333-3333-4333-8333-333333333333");
      assertThat(registry.nodeId(NODE2)).as("refused as a whole").isEmpty();
      assertThat(registry.nodeId(NODE0)).contains("11111111-1111-4111-8111-111111111111");

      assertThatThrownBy(() -> registry.registerPeers(
          Map.of(NODE2, "22222222-2222-4222-8222-222222222222")))
          .isInstanceOf(RegistryException.class)
          .hasMessageContaining("already belongs to name node1");
      assertThatThrownBy(() -> registry.registerPeers(Map.of(NODE2, "not a uuid?")))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aNodeTakesTheIdItsOperatorRegistered() throws Exception {
    try (ConsulPeerRegistry registry = registry()) {
      registry.registerPeers(Map.of(NODE0, "55555555-5555-4555-8555-555555555555"));
      registry.register(identity(NODE0));
      registry.setReady(NODE0, true);
      assertThat(registry.nodeId(NODE0)).contains("55555555-5555-4555-8555-555555555555");
      assertThat(rawValue("ready/55555555-5555-4555-8555-555555555555")).isNotNull();
    }
  }

  @Test
  void twoNodesClaimingOneName_theSecondIsRefused() throws Exception {
    PeerInfo first = identity(NODE0);
    PeerInfo impostor = identity(NODE0);
    try (ConsulPeerRegistry one = registry(); ConsulPeerRegistry two = registry()) {
      one.register(first);
      one.setReady(NODE0, true);
      assertThatThrownBy(() -> two.register(impostor))
          .isInstanceOf(RegistryException.class)
          .hasMessageContaining("node0 is already registered with a different identity");
      assertThat(two.peer(NODE0)).contains(first);
      assertThat(two.peers()).containsExactly(first);
      assertThat(two.readyPeers()).containsExactly(NODE0);
    }
  }

  @Test
  void aRestartedNodeTakesOverTheReadyKeyOfItsEarlierRun() throws Exception {
    PeerInfo node = identity(NODE0);
    try (ConsulPeerRegistry observer = registry()) {
      observer.register(node);
      String id = observer.nodeId(NODE0).orElseThrow();
      // What a killed earlier run leaves behind: its session, not yet expired, holding the key.
      NewSession stale = new NewSession();
      stale.setTtl("60s");
      stale.setBehavior(Session.Behavior.DELETE);
      String oldSession = raw.sessionCreate(stale, QueryParams.DEFAULT).getValue();
      PutParams acquire = new PutParams();
      acquire.setAcquireSession(oldSession);
      assertThat(raw.setKVValue(prefix + "ready/" + id, "true", acquire).getValue()).isTrue();

      try (ConsulPeerRegistry restarted = registry()) {
        restarted.register(node);
        restarted.setReady(NODE0, true);
        assertThat(rawValue("ready/" + id).getSession()).isNotEqualTo(oldSession);
        assertThat(raw.getSessionInfo(oldSession, QueryParams.DEFAULT).getValue()).isNull();
        assertThat(observer.readyPeers()).containsExactly(NODE0);
      }
      // The restarted run closed: its session is destroyed and with it the ready key.
      assertThat(observer.readyPeers()).isEmpty();
    }
  }

  @Test
  void aReadyKeyHeldByAnotherLiveProcessIsNotTakenByANodeThatDidNotRegisterHere()
      throws Exception {
    PeerInfo node = identity(NODE0);
    try (ConsulPeerRegistry owner = registry(); ConsulPeerRegistry other = registry()) {
      owner.register(node);
      owner.setReady(NODE0, true);
      assertThatThrownBy(() -> other.setReady(NODE0, true))
          .isInstanceOf(RegistryException.class)
          .hasMessageContaining("held by another live session");
      assertThat(other.readyPeers()).containsExactly(NODE0);
    }
  }

  @Test
  void readinessOfAnUnregisteredNodeIsRefused() throws Exception {
    try (ConsulPeerRegistry registry = registry()) {
      registry.registerPeers(Map.of(NODE1, "66666666-6666-4666-8666-666666666666"));
      assertThatThrownBy(() -> registry.setReady(NODE1, true))
          .as("a name without an identity is not a registered node")
          .isInstanceOf(RegistryException.class).hasMessageContaining("node1 is not registered");
      assertThat(registry.readyPeers()).isEmpty();
    }
  }

  @Test
  void closingMarksTheNodesNotReadyAndKeepsTheirRegistration() throws Exception {
    PeerInfo node = identity(NODE0);
    try (ConsulPeerRegistry observer = registry()) {
      ReadinessEvents events = new ReadinessEvents();
      ConsulPeerRegistry.Subscription watching = observer.watchReadiness(events);
      try {
        ConsulPeerRegistry registry = registry();
        registry.register(node);
        registry.setReady(NODE0, true);
        events.await("node0 ready", Set.of(NODE0)::equals, Duration.ofSeconds(10));
        registry.close();
        events.await("node0 gone", Set.of()::equals, Duration.ofSeconds(10));
        assertThatThrownBy(registry::readyPeers).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("closed");
      } finally {
        watching.close();
      }
      assertThat(observer.peers()).containsExactly(node);
    }
  }

  @Test
  void anUnreachableAgentIsReportedWithItsAddress() {
    try (ConsulPeerRegistry registry = ConsulPeerRegistry.builder().address("127.0.0.1:1")
        .keyPrefix(prefix).build()) {
      assertThatThrownBy(registry::readyPeers).isInstanceOf(ConsulUnavailableException.class)
          .hasMessageContaining("Consul at http://127.0.0.1:1 is unreachable");
      assertThatThrownBy(() -> registry.register(identity(NODE0)))
          .isInstanceOf(ConsulUnavailableException.class);
    }
  }

  @Test
  void theBuilderFailsFastAndKeepsSecretsOutOfItsDescription() {
    var builder = ConsulPeerRegistry.builder();
    assertThatThrownBy(() -> builder.address("localhost")).isInstanceOf(
        IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.address("ftp://localhost:8500")).isInstanceOf(
        IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.address("http://localhost:8500/v1")).isInstanceOf(
        IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.sessionTtl(Duration.ofMillis(1500))).isInstanceOf(
        IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.sessionTtl(Duration.ZERO)).isInstanceOf(
        IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.keyPrefix("no-slash")).isInstanceOf(
        IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.keyPrefix("/abs/")).isInstanceOf(
        IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.token("two words")).isInstanceOf(
        IllegalArgumentException.class);
    builder.address("localhost:8500").token("s3cr3t-token").basicAuth("ops", "pa55word")
        .keyPrefix("cluster-a/");
    assertThat(builder.toString()).doesNotContain("s3cr3t").doesNotContain("pa55word")
        .contains("token set");
    try (ConsulPeerRegistry registry = builder.build()) {
      assertThat(registry.address()).isEqualTo("http://localhost:8500");
      assertThat(registry.toString()).doesNotContain("s3cr3t").doesNotContain("pa55word");
    }
  }
}
