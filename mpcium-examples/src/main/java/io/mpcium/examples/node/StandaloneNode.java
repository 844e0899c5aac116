package io.mpcium.examples.node;

import io.mpcium.NodeIdentity;
import io.mpcium.PartyId;
import io.mpcium.RequestPolicy;
import io.mpcium.ThresholdNode;
import io.mpcium.spi.KeyStore;
import io.mpcium.spi.PeerInfo;
import io.mpcium.spi.PeerRegistry;
import io.mpcium.spi.RegistryException;
import io.mpcium.transport.nats.NatsConnections;
import io.mpcium.transport.nats.NatsPeerRegistry;
import io.mpcium.transport.nats.NatsTransport;
import io.mpcium.transport.nats.gateway.MpciumGateway;
import io.nats.client.Connection;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node in its own process: a NATS connection, the NATS transport, the peer registry (Consul
 * or a JetStream bucket), the configured key store, the {@link ThresholdNode} and its Mpcium
 * gateway, and, with {@code healthcheck.enabled}, the {@link HealthServer} with its metrics.
 * The identity is Mpcium's ({@code identity_dir}, see {@link MpciumIdentity}) when its files
 * are there, else our own {@code identity_file}, created at the first start; with Consul, the
 * peers file's names and ids are then registered in {@code mpc_peers/} if missing (a name with
 * another id there stops the start).
 *
 * <p>{@link #shutdown()} stops gracefully: the gateway stops taking requests, the requests and
 * sessions in flight finish (up to {@code shutdown_timeout_ms}; the rest are aborted, and
 * requests not answered are left to JetStream, which redelivers them to another node), the
 * node marks itself not ready, then everything is closed in reverse order, the key store last.
 * {@link #close()} stops at once. Thread-safe.
 */
public final class StandaloneNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StandaloneNode.class);
  /** How long a draining node keeps joining sessions peers propose before they see it leave. */
  private static final Duration SETTLE = Duration.ofSeconds(1);
  private final Deque<AutoCloseable> parts = new ArrayDeque<>();
  private final NodeSettings settings;
  private ThresholdNode node;
  private MpciumGateway gateway;
  private HealthServer health;
  private volatile boolean draining;

  /** How the node gets its Mpcium identity's passphrase, if it needs one. */
  public record IdentityOptions(boolean decrypt, Supplier<Optional<char[]>> passphrase) {
    public static IdentityOptions none() {
      return new IdentityOptions(false, Optional::empty);
    }
  }

  private StandaloneNode(NodeSettings settings, IdentityOptions identityOptions)
      throws Exception {
    this.settings = settings;
    try {
      SecureRandom rng = new SecureRandom();
      Optional<MpciumIdentity> mpcium = Optional.empty();
      NodeIdentity identity;
      if (identityOptions.decrypt()
          || MpciumIdentity.present(settings.identityDir(), settings.nodeName())) {
        mpcium = Optional.of(MpciumIdentity.load(settings.identityDir(), settings.peersFile(),
            settings.nodeName(), identityOptions.decrypt(), identityOptions.passphrase()));
        identity = mpcium.get().identity();
        log.info("node {}: Mpcium identity from {}", settings.nodeName(),
            settings.identityDir());
      } else {
        identity = NodeIdentityFile.loadOrCreate(settings.identityFile(), settings.nodeName(),
            rng);
      }
      NodeMetrics metrics = new NodeMetrics();
      Connection connection = NatsConnections.connect(settings.natsUrl(),
          "mpcium-" + settings.nodeName());
      parts.push(connection);
      NatsTransport transport = NatsTransport.over(connection);
      parts.push(transport);
      PeerRegistry opened = settings.consul().isPresent()
          ? settings.consul().get().open()
          : NatsPeerRegistry.builder(connection).bucket(settings.registryBucket()).build();
      parts.push(opened);
      if (mpcium.isPresent()
          && opened instanceof io.mpcium.registry.consul.ConsulPeerRegistry consul) {
        // As Mpcium's start --peers: names missing from mpc_peers/ are added; unlike it, a
        // name registered with another id than peers.json's is refused.
        consul.registerPeers(mpcium.get().nodeIds());
      }
      PeerRegistry registry = mpcium.<PeerRegistry>map(m -> new PinnedPeerRegistry(opened,
          m.pinnedKeys())).orElse(opened);
      KeyStore store = KeyStores.open(settings.keyStore(), settings.dataDir(),
          settings.nodeName().value());
      parts.push(store);
      RequestPolicy policy = RequestPolicy.builder().initiator(settings.initiator()).build();
      ThresholdNode.Builder builder = ThresholdNode.builder()
          .identity(identity)
          .transport(metrics.meter(transport))
          .peerRegistry(registry)
          .keyStore(store)
          .vaultPassphrase(settings.passphrase())
          .requestPolicy(policy)
          .threshold(settings.signers())
          .roundTimeout(settings.roundTimeout())
          .sessionListener(metrics)
          .secureRandom(rng);
      settings.chainCode().ifPresent(builder::chainCode);
      node = builder.build();
      settings.wipePassphrase();
      node.start();
      parts.push(node);
      parts.push(NodeStatistics.register(node));
      gateway = MpciumGateway.start(connection, node, registry, policy, settings.gateway());
      parts.push(gateway);
      ThresholdNode started = node;
      metrics.gauges(started::activeSessions, () -> count(registry, true),
          () -> count(registry, false));
      if (settings.healthAddress().isPresent()) {
        health = HealthServer.start(settings.healthAddress().get(),
            () -> health(connection, registry), metrics::scrape);
        parts.push(health);
        log.info("node {}: health and metrics on port {}", settings.nodeName(),
            health.port());
      }
    } catch (Exception | Error e) {
      close();
      throw e;
    }
  }

  /** Starts a node; fails (having released everything) if any part cannot start. */
  public static StandaloneNode start(NodeSettings settings) throws Exception {
    return start(settings, IdentityOptions.none());
  }

  /** Starts a node whose Mpcium identity may be encrypted. */
  public static StandaloneNode start(NodeSettings settings, IdentityOptions identity)
      throws Exception {
    return new StandaloneNode(settings, identity);
  }

  private HealthServer.Health health(Connection connection, PeerRegistry registry) {
    boolean nats = connection.getStatus() == Connection.Status.CONNECTED;
    int ready = -1;
    int registered = 0;
    try {
      Set<PartyId> readyIds = registry.readyPeers();
      registered = registry.peers().size();
      ready = (int) registry.peers().stream().map(PeerInfo::id).filter(readyIds::contains)
          .count();
    } catch (RegistryException | RuntimeException e) {
      log.debug("health: the registry did not answer: {}", e.getMessage());
    }
    return new HealthServer.Health(nats, ready >= 0, Math.max(ready, 0), registered,
        settings.signers(), draining);
  }

  private static int count(PeerRegistry registry, boolean readyOnly) {
    try {
      return readyOnly ? registry.readyPeers().size() : registry.peers().size();
    } catch (RegistryException | RuntimeException e) {
      return -1;
    }
  }

  /** The port of the health endpoint, if enabled. */
  public Optional<Integer> healthPort() {
    return Optional.ofNullable(health).map(HealthServer::port);
  }

  public ThresholdNode node() {
    return node;
  }

  /**
   * Graceful stop (SIGTERM): stop taking requests, let those in flight finish within {@code
   * shutdown_timeout_ms}, leave the cluster, then close everything. Idempotent; a second
   * caller waits until the first is done.
   */
  public synchronized void shutdown() {
    if (draining || parts.isEmpty()) {
      return;
    }
    draining = true;
    long start = System.nanoTime();
    Duration timeout = settings.shutdownTimeout();
    try {
      int requests = gateway == null ? 0 : gateway.drain(timeout);
      Duration left = timeout.minusNanos(System.nanoTime() - start);
      int sessions = node == null ? 0 : node.drain(SETTLE, left.isNegative() ? Duration.ZERO
          : left);
      log.info("node {} stopping: {} requests and {} sessions still running are aborted "
          + "(JetStream redelivers unanswered requests)", settings.nodeName(), requests,
          sessions);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    close();
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
