package io.mpcium.examples.node;

import io.mpcium.NodeIdentity;
import io.mpcium.RequestPolicy;
import io.mpcium.ThresholdNode;
import io.mpcium.spi.KeyStore;
import io.mpcium.spi.PeerRegistry;
import io.mpcium.transport.nats.NatsConnections;
import io.mpcium.transport.nats.NatsPeerRegistry;
import io.mpcium.transport.nats.NatsTransport;
import io.mpcium.transport.nats.gateway.MpciumGateway;
import io.nats.client.Connection;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node in its own process: a NATS connection, the NATS transport, the peer registry (Consul
 * or a JetStream bucket), the configured key store, the {@link ThresholdNode} and its Mpcium
 * gateway. {@link #close()} stops them in reverse order (the registry after the node, so that
 * the node is marked not ready first). Thread-safe.
 */
public final class StandaloneNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StandaloneNode.class);
  private final Deque<AutoCloseable> parts = new ArrayDeque<>();
  private final ThresholdNode node;

  private StandaloneNode(NodeSettings settings) throws Exception {
    try {
      SecureRandom rng = new SecureRandom();
      NodeIdentity identity = NodeIdentityFile.loadOrCreate(settings.identityFile(),
          settings.nodeName(), rng);
      Connection connection = NatsConnections.connect(settings.natsUrl(),
          "mpcium-" + settings.nodeName());
      parts.push(connection);
      NatsTransport transport = NatsTransport.over(connection);
      parts.push(transport);
      PeerRegistry registry = settings.consul().isPresent()
          ? settings.consul().get().open()
          : NatsPeerRegistry.builder(connection).bucket(settings.registryBucket()).build();
      parts.push(registry);
      KeyStore store = KeyStores.open(settings.keyStore(), settings.dataDir(),
          settings.nodeName().value());
      parts.push(store);
      RequestPolicy policy = RequestPolicy.builder().initiator(settings.initiator()).build();
      ThresholdNode.Builder builder = ThresholdNode.builder()
          .identity(identity)
          .transport(transport)
          .peerRegistry(registry)
          .keyStore(store)
          .vaultPassphrase(settings.passphrase())
          .requestPolicy(policy)
          .threshold(settings.signers())
          .roundTimeout(settings.roundTimeout())
          .secureRandom(rng);
      settings.chainCode().ifPresent(builder::chainCode);
      node = builder.build();
      settings.wipePassphrase();
      node.start();
      parts.push(node);
      parts.push(NodeStatistics.register(node));
      parts.push(MpciumGateway.start(connection, node, registry, policy, settings.gateway()));
    } catch (Exception | Error e) {
      close();
      throw e;
    }
  }

  /** Starts a node; fails (having released everything) if any part cannot start. */
  public static StandaloneNode start(NodeSettings settings) throws Exception {
    return new StandaloneNode(settings);
  }

  public ThresholdNode node() {
    return node;
  }

  @Override
  public synchronized void close() {
    while (!parts.isEmpty()) {
      AutoCloseable part = parts.pop();
      try {
        part.close();
      } catch (Exception e) {
        log.warn("closing {} failed: {}", part, e.getMessage());
      }
    }
  }
}
