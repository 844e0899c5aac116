package io.mpcium.registry.consul;

import static org.assertj.core.api.Assertions.assertThat;

import com.ecwid.consul.v1.ConsulClient;
import io.mpcium.Initiator;
import io.mpcium.KeyGenRequest;
import io.mpcium.KeyGenResult;
import io.mpcium.KeyScheme;
import io.mpcium.NodeIdentity;
import io.mpcium.PartyId;
import io.mpcium.RequestPolicy;
import io.mpcium.SignRequest;
import io.mpcium.SignatureResult;
import io.mpcium.ThresholdNode;
import io.mpcium.inmemory.InMemoryKeyStore;
import io.mpcium.inmemory.InMemoryTransport;
import io.mpcium.registry.consul.testing.ConsulAgentExtension;
import io.mpcium.spi.KeyInfo;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three nodes, each with its own {@link ConsulPeerRegistry} on one agent, generate a key and
 * sign; when one node goes away the other two still sign, choosing signers by Consul's
 * readiness. (The nodes share an in-memory transport; the multi-process cluster over NATS is
 * the launcher's test.)
 */
class ConsulClusterTest {
  @RegisterExtension
  static final ConsulAgentExtension CONSUL = new ConsulAgentExtension();

  private final SecureRandom rng = new SecureRandom();
  private final String prefix = "cluster-" + UUID.randomUUID() + "/";

  private ConsulPeerRegistry registry() {
    return ConsulPeerRegistry.builder().address(CONSUL.address()).keyPrefix(prefix)
        .sessionTtl(Duration.ofSeconds(2)).build();
  }

  @Test
  void threeNodesGenerateAndSignWithConsulAsTheirRegistry() throws Exception {
    Initiator initiator = Initiator.generateEd25519(rng);
    RequestPolicy policy = RequestPolicy.builder().initiator(initiator.publicKey()).build();
    List<PartyId> names = List.of(PartyId.of("node0"), PartyId.of("node1"), PartyId.of("node2"));
    List<ConsulPeerRegistry> registries = new ArrayList<>();
    List<ThresholdNode> nodes = new ArrayList<>();
    try (InMemoryTransport transport = new InMemoryTransport();
        ConsulPeerRegistry observer = registry()) {
      ReadinessEvents events = new ReadinessEvents();
      ConsulPeerRegistry.Subscription watching = observer.watchReadiness(events);
      try {
        for (PartyId name : names) {
          ConsulPeerRegistry registry = registry();
          registries.add(registry);
          ThresholdNode node = ThresholdNode.builder()
              .identity(NodeIdentity.generate(name, rng))
              .transport(transport)
              .peerRegistry(registry)
              .keyStore(new InMemoryKeyStore())
              .vaultPassphrase(("passphrase of " + name).toCharArray())
              .insecureFastVaultKdfForTesting()
              .requestPolicy(policy)
              .threshold(2)
              .build();
          node.start();
          nodes.add(node);
        }
        events.await("all three ready", Set.copyOf(names)::equals, Duration.ofSeconds(10));

        KeyGenRequest keygen = new KeyGenRequest(UUID.randomUUID().toString(), "wallet-c",
            KeyScheme.ED25519);
        KeyGenResult key = nodes.get(0).generateKey(keygen,
            initiator.sign(keygen.signingBytes())).get(60, TimeUnit.SECONDS).get(0);
        assertThat(observer.keyInfo(KeyScheme.ED25519.keyId("wallet-c"))).contains(
            new KeyInfo("wallet-c", KeyScheme.ED25519, 1, 2, names));
        String[] hostPort = CONSUL.address().split(":");
        String stored = new ConsulClient(hostPort[0], Integer.parseInt(hostPort[1]))
            .getKVValue(prefix + "threshold_keyinfo/eddsa:wallet-c").getValue()
            .getDecodedValue();
        assertThat(stored).isEqualTo("{\"participant_peer_ids\":[\""
            + observer.nodeId(names.get(0)).orElseThrow() + "\",\""
            + observer.nodeId(names.get(1)).orElseThrow() + "\",\""
            + observer.nodeId(names.get(2)).orElseThrow() + "\"],\"threshold\":1,\"version\":1}");
        assertVerifies(key, sign(nodes.get(1), initiator, "first"));

        // node2 goes away: its node and its registry close, and Consul drops its ready key.
        nodes.get(2).close();
        registries.get(2).close();
        events.await("node2 not ready", Set.of(names.get(0), names.get(1))::equals,
            Duration.ofSeconds(10));
        for (int i = 0; i < 3; i++) {
          SignatureResult signature = sign(nodes.get(0), initiator, "after node2 left " + i);
          assertThat(signature.signers()).containsExactly(names.get(0), names.get(1));
          assertVerifies(key, signature);
        }
      } finally {
        watching.close();
        nodes.forEach(ThresholdNode::close);
        registries.forEach(ConsulPeerRegistry::close);
      }
    }
  }

  private SignatureResult sign(ThresholdNode node, Initiator initiator, String text)
      throws Exception {
    SignRequest request = new SignRequest(UUID.randomUUID().toString(), "wallet-c",
        KeyScheme.ED25519, text.getBytes(StandardCharsets.UTF_8));
    return node.sign(request, initiator.sign(request.signingBytes())).get(60, TimeUnit.SECONDS);
  }

  private static void assertVerifies(KeyGenResult key, SignatureResult signature) {
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, new Ed25519PublicKeyParameters(key.publicKey(), 0));
    byte[] message = signature.message();
    verifier.update(message, 0, message.length);
    assertThat(verifier.verifySignature(signature.signature())).isTrue();
  }
}
