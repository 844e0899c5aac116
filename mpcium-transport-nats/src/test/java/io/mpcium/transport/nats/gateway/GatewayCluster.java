package io.mpcium.transport.nats.gateway;

import io.mpcium.NodeIdentity;
import io.mpcium.PartyId;
import io.mpcium.RequestPolicy;
import io.mpcium.ThresholdNode;
import io.mpcium.inmemory.InMemoryKeyStore;
import io.mpcium.transport.nats.NatsConnections;
import io.mpcium.transport.nats.NatsPeerRegistry;
import io.mpcium.transport.nats.NatsTransport;
import io.nats.client.Connection;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Three nodes in this JVM, each with its own NATS connection, transport, registry view and
 * gateway: the same wiring as three node processes, cheaper to start. Close it after use.
 */
final class GatewayCluster implements AutoCloseable {
  private final List<AutoCloseable> open = new ArrayList<>();
  private final List<ThresholdNode> nodes = new ArrayList<>();

  GatewayCluster(String url, RequestPolicy policy, GatewayConfig config, Duration roundTimeout)
      throws Exception {
    this(url, policy, config, roundTimeout, Optional.empty());
  }

  /** A cluster whose nodes are configured with {@code chainCode} (Mpcium's {@code chain_code}). */
  GatewayCluster(String url, RequestPolicy policy, GatewayConfig config, Duration roundTimeout,
      Optional<byte[]> chainCode) throws Exception {
    SecureRandom rng = new SecureRandom();
    List<PartyId> ids = List.of(PartyId.of("node0"), PartyId.of("node1"), PartyId.of("node2"));
    List<NatsPeerRegistry> registries = new ArrayList<>();
    List<Connection> connections = new ArrayList<>();
    try {
      for (PartyId id : ids) {
        Connection c = NatsConnections.connect(url, id.value());
        connections.add(c);
        open.add(0, c);
        NatsTransport transport = NatsTransport.over(c);
        open.add(0, transport);
        NatsPeerRegistry registry = NatsPeerRegistry.builder(c).build();
        open.add(0, registry);
        registries.add(registry);
        ThresholdNode.Builder builder = ThresholdNode.builder()
            .identity(NodeIdentity.generate(id, rng)).transport(transport)
            .peerRegistry(registry).keyStore(new InMemoryKeyStore())
            .vaultPassphrase("gateway test".toCharArray()).insecureFastVaultKdfForTesting()
            .requestPolicy(policy).threshold(2).roundTimeout(roundTimeout);
        chainCode.ifPresent(builder::chainCode);
        ThresholdNode node = builder.build();
        node.start();
        open.add(0, node);
        nodes.add(node);
      }
      for (NatsPeerRegistry registry : registries) {
        if (!registry.awaitReady(ids, Duration.ofSeconds(20))) {
          throw new IllegalStateException("nodes did not see each other ready");
        }
      }
      for (int i = 0; i < 3; i++) {
        open.add(0, MpciumGateway.start(connections.get(i), nodes.get(i), registries.get(i),
            policy, config));
      }
    } catch (Exception e) {
      close();
      throw e;
    }
  }

  List<ThresholdNode> nodes() {
    return nodes;
  }

  @Override
  public void close() {
    for (AutoCloseable c : open) {
      try {
        c.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        throw new IllegalStateException("could not close " + c, e);
      }
    }
    open.clear();
  }
}
