package io.mpcium.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpcium.Initiator;
import io.mpcium.KeyScheme;
import io.mpcium.PartyId;
import io.mpcium.examples.node.NodeProcesses;
import io.mpcium.registry.consul.ConsulPeerRegistry;
import io.mpcium.registry.consul.testing.ConsulAgentExtension;
import io.mpcium.spi.KeyInfo;
import io.mpcium.transport.nats.NatsConnections;
import io.mpcium.transport.nats.client.MpcClient;
import io.mpcium.transport.nats.testing.NatsServerExtension;
import io.mpcium.transport.nats.wire.KeygenResultEvent;
import io.mpcium.transport.nats.wire.SigningResultEvent;
import io.nats.client.Connection;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three node processes configured with Mpcium's {@code consul:} keys: a real Consul agent is
 * their peer registry (under a key prefix of this test, session TTL 2 s), a real nats-server
 * their transport and client gateway. The Java client creates a wallet and signs with both key
 * types; the signatures verify under standard verifiers, the names, readiness and key metadata
 * are in Consul in Mpcium's layout, and a killed node drops out of readiness through its session
 * TTL while the two others go on signing.
 */
@SuppressWarnings("try") // jnats' Connection.close() declares InterruptedException
class ConsulMultiProcessClusterTest {
  @RegisterExtension
  static final NatsServerExtension NATS = new NatsServerExtension();

  @RegisterExtension
  static final ConsulAgentExtension CONSUL = new ConsulAgentExtension();

  @TempDir
  Path work;

  @Test
  void threeProcessesWithAConsulRegistryGenerateAndSignBothKeyTypes() throws Exception {
    SecureRandom rng = new SecureRandom();
    Initiator initiator = Initiator.generateEd25519(rng);
    String prefix = "mpcium-test-" + UUID.randomUUID().toString().substring(0, 8) + "/";
    NodeProcesses.Options options = new NodeProcesses.Options(3, 1, 32, Duration.ofSeconds(8),
        List.of("request_ack_wait_ms: 2000",
            "consul:",
            "  address: " + CONSUL.address(),
            "  key_prefix: " + prefix,
            "  session_ttl_seconds: 2"));
    try (NodeProcesses nodes = NodeProcesses.start(NATS.url(), initiator.publicKey(), options,
        work, Duration.ofSeconds(90));
        ConsulPeerRegistry registry = ConsulPeerRegistry.builder().address(CONSUL.address())
            .keyPrefix(prefix).build();
        Connection connection = NatsConnections.connect(NATS.url(), "test-client");
        MpcClient client = MpcClient.create(connection, initiator, Optional.of("test"))) {
      List<PartyId> ids = nodes.ids();
      awaitReadiness(registry, ready -> ready.containsAll(ids));
      for (PartyId id : ids) {
        assertThat(registry.nodeId(id)).as("mpc_peers/" + id).isPresent();
      }

      KeygenResultEvent wallet = client.createWalletAsync("wallet-consul")
          .get(60, TimeUnit.SECONDS);
      assertThat(wallet.isSuccess()).as(wallet.toString()).isTrue();
      Map<KeyScheme, byte[]> keys = GatewayResults.publicKeys(wallet);
      assertThat(keys).containsOnlyKeys(KeyScheme.SECP256K1, KeyScheme.ED25519);
      for (KeyScheme scheme : keys.keySet()) {
        KeyInfo info = registry.keyInfo(scheme.keyId("wallet-consul")).orElseThrow();
        assertThat(info.threshold()).isEqualTo(2);
        assertThat(info.participants()).containsExactlyInAnyOrderElementsOf(ids);
      }
      signAndVerify(client, keys, rng, 2);

      // SIGKILL: no clean shutdown, so only the session TTL takes node2's ready key away.
      nodes.kill(2);
      awaitReadiness(registry, ready -> ready.equals(Set.copyOf(ids.subList(0, 2))));
      signAndVerify(client, keys, rng, 1);
    }
  }

  /** Signs {@code count} random digests with each key type and verifies every signature. */
  private static void signAndVerify(MpcClient client, Map<KeyScheme, byte[]> keys,
      SecureRandom rng, int count) throws Exception {
    for (int i = 0; i < count; i++) {
      for (Map.Entry<KeyScheme, byte[]> key : keys.entrySet()) {
        byte[] digest = new byte[32];
        rng.nextBytes(digest);
        SigningResultEvent event = client.signAsync(key.getKey().label(), "wallet-consul",
            "test-net", digest).get(60, TimeUnit.SECONDS);
        assertThat(event.isSuccess()).as(event.toString()).isTrue();
        assertThat(SignatureCheck.verifies(GatewayResults.signature("wallet-consul",
            key.getKey(), key.getValue(), digest, event))).as(key.getKey().label()).isTrue();
      }
    }
  }

  /** Waits, by Consul's blocking queries, until the ready set satisfies {@code condition}. */
  private static void awaitReadiness(ConsulPeerRegistry registry,
      Predicate<Set<PartyId>> condition) throws Exception {
    CompletableFuture<Set<PartyId>> reached = new CompletableFuture<>();
    try (ConsulPeerRegistry.Subscription watch = registry.watchReadiness(ready -> {
      if (condition.test(ready)) {
        reached.complete(ready);
      }
    })) {
      reached.get(30, TimeUnit.SECONDS);
    }
  }
}
