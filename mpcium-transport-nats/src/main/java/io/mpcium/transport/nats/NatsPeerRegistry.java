package io.mpcium.transport.nats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mpcium.KeyScheme;
import io.mpcium.PartyId;
import io.mpcium.spi.KeyInfo;
import io.mpcium.spi.PeerInfo;
import io.mpcium.spi.PeerRegistry;
import io.mpcium.spi.RegistryException;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.StorageType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PeerRegistry} on NATS: identities and key metadata in a JetStream key-value bucket,
 * readiness by core-NATS heartbeats.
 *
 * <p><b>Data.</b> Bucket {@value #DEFAULT_BUCKET} (file storage, one revision per key) holds
 * {@code peer.<id>} = {@code {"id","signing_key","agreement_key"}} (hex) and {@code
 * keyinfo.<hex(keyId)>} = the newest {@link KeyInfo} as JSON. A peer record is created once and
 * never replaced; key metadata only moves to higher versions (compare-and-set on the revision).
 *
 * <p><b>Readiness.</b> A node marked ready here publishes {@code
 * mpcium.registry.<bucket>.ready.<id>} every {@code heartbeat} (default 1 s) and {@code
 * mpcium.registry.<bucket>.down.<id>} when marked not ready. A peer is ready while its last heartbeat is younger than {@code liveness} (default
 * 3.5 s), so a killed node drops out within that time. A new registry asks everyone to announce
 * themselves at once ({@code mpcium.registry.<bucket>.probe}) so that it learns the cluster quickly.
 *
 * <p>Thread-safe; methods block on NATS round trips. Does not own the connection.
 */
public final class NatsPeerRegistry implements PeerRegistry {
  private static final Logger log = LoggerFactory.getLogger(NatsPeerRegistry.class);
  public static final String DEFAULT_BUCKET = "mpcium_registry";
  private final String subjects;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of();

  private final Connection connection;
  private final KeyValue kv;
  private final Clock clock;
  private final Duration liveness;
  private final Dispatcher dispatcher;
  private final ScheduledExecutorService heartbeats;
  private final Set<PartyId> localReady = ConcurrentHashMap.newKeySet();
  private final Map<PartyId, Long> lastSeen = new ConcurrentHashMap<>();
  private final Map<PartyId, PeerInfo> peerCache = new ConcurrentHashMap<>();
  private final Object readinessChanged = new Object();
  private volatile boolean closed;

  private NatsPeerRegistry(Builder b) throws RegistryException {
    this.connection = b.connection;
    this.clock = b.clock;
    this.liveness = b.liveness;
    this.subjects = "mpcium.registry." + b.bucket;
    try {
      ensureBucket(connection, b.bucket);
      this.kv = connection.keyValue(b.bucket);
    } catch (IOException | JetStreamApiException e) {
      throw new RegistryException("could not open the registry bucket " + b.bucket + ": "
          + e.getMessage(), e);
    }
    this.dispatcher = connection.createDispatcher(message -> {
      String subject = message.getSubject();
      String kind = subject.substring(subjects.length() + 1);
      if (kind.equals("probe")) {
        announce();
        return;
      }
      PartyId id;
      try {
        id = PartyId.of(new String(message.getData(), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        return;
      }
      if (kind.startsWith("ready.")) {
        lastSeen.put(id, clock.millis());
      } else if (kind.startsWith("down.")) {
        lastSeen.remove(id);
      }
      synchronized (readinessChanged) {
        readinessChanged.notifyAll();
      }
    });
    dispatcher.subscribe(subjects + ".>");
    this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "mpcium-registry-heartbeat");
      t.setDaemon(true);
      return t;
    });
    long period = b.heartbeat.toMillis();
    heartbeats.scheduleAtFixedRate(this::announce, period, period, TimeUnit.MILLISECONDS);
    try {
      connection.flush(Duration.ofSeconds(5));
    } catch (java.util.concurrent.TimeoutException e) {
      log.warn("registry subscription not yet confirmed by the server");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    publish(subjects + ".probe", new byte[0]);
  }

  public static Builder builder(Connection connection) {
    return new Builder(connection);
  }

  /** The bucket exists afterwards; concurrent creation by several nodes is fine. */
  private static void ensureBucket(Connection connection, String bucket)
      throws IOException, JetStreamApiException {
    var kvm = connection.keyValueManagement();
    try {
      kvm.getStatus(bucket);
    } catch (JetStreamApiException missing) {
      try {
        kvm.create(KeyValueConfiguration.builder().name(bucket).storageType(StorageType.File)
            .maxHistoryPerKey(1).description("Mpcium for Java: node identities and key metadata")
            .build());
      } catch (JetStreamApiException raced) {
        kvm.getStatus(bucket);
      }
    }
  }

  @Override
  public void register(PeerInfo peer) throws RegistryException {
    Objects.requireNonNull(peer, "peer");
    byte[] encoded = encodePeer(peer);
    String key = "peer." + peer.id().value();
    try {
      kv.create(key, encoded);
      peerCache.put(peer.id(), peer);
    } catch (JetStreamApiException exists) {
      Optional<PeerInfo> stored = peer(peer.id());
      if (stored.isEmpty() || !stored.get().equals(peer)) {
        throw new RegistryException("node " + peer.id() + " is already registered with a "
            + "different identity");
      }
    } catch (IOException e) {
      throw new RegistryException("could not register " + peer.id() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void setReady(PartyId id, boolean ready) throws RegistryException {
    if (peer(id).isEmpty()) {
      throw new RegistryException("node " + id + " is not registered");
    }
    byte[] payload = id.value().getBytes(StandardCharsets.UTF_8);
    if (ready) {
      localReady.add(id);
      publish(subjects + ".ready." + token(id), payload);
    } else {
      localReady.remove(id);
      lastSeen.remove(id);
      publish(subjects + ".down." + token(id), payload);
    }
    synchronized (readinessChanged) {
      readinessChanged.notifyAll();
    }
  }

  @Override
  public Optional<PeerInfo> peer(PartyId id) throws RegistryException {
    PeerInfo cached = peerCache.get(id);
    if (cached != null) {
      return Optional.of(cached);
    }
    try {
      KeyValueEntry entry = kv.get("peer." + id.value());
      if (entry == null || entry.getValue() == null) {
        return Optional.empty();
      }
      PeerInfo info = decodePeer(entry.getValue());
      peerCache.put(id, info);
      return Optional.of(info);
    } catch (IOException | JetStreamApiException e) {
      throw new RegistryException("could not read peer " + id + ": " + e.getMessage(), e);
    }
  }

  @Override
  public List<PeerInfo> peers() throws RegistryException {
    try {
      List<PeerInfo> all = new ArrayList<>();
      for (String key : kv.keys("peer.>")) {
        peer(PartyId.of(key.substring("peer.".length()))).ifPresent(all::add);
      }
      all.sort((a, b) -> a.id().compareTo(b.id()));
      return all;
    } catch (IOException | JetStreamApiException e) {
      throw new RegistryException("could not list peers: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException("interrupted while listing peers", e);
    }
  }

  @Override
  public Set<PartyId> readyPeers() {
    Set<PartyId> ready = new HashSet<>(localReady);
    long now = clock.millis();
    lastSeen.forEach((id, seen) -> {
      if (now - seen <= liveness.toMillis()) {
        ready.add(id);
      }
    });
    return ready;
  }

  /**
   * Waits until every one of {@code ids} is ready, woken by heartbeats.
   *
   * @return whether they all became ready within {@code timeout}
   */
  public boolean awaitReady(Collection<PartyId> ids, Duration timeout)
      throws InterruptedException {
    return awaitReadiness(ready -> ready.containsAll(ids), timeout);
  }

  /**
   * Waits until the set of ready peers satisfies {@code condition}. Woken by every heartbeat
   * and goodbye, and at least once per liveness period, since readiness also lapses by age.
   *
   * @return whether the condition held within {@code timeout}
   */
  public boolean awaitReadiness(java.util.function.Predicate<Set<PartyId>> condition,
      Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (readinessChanged) {
      while (!condition.test(readyPeers())) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        readinessChanged.wait(Math.max(1, Math.min(liveness.toMillis(),
            TimeUnit.NANOSECONDS.toMillis(left))));
      }
      return true;
    }
  }

  @Override
  public void putKeyInfo(KeyInfo info) throws RegistryException {
    Objects.requireNonNull(info, "info");
    String key = "keyinfo." + HEX.formatHex(info.keyId().getBytes(StandardCharsets.UTF_8));
    byte[] encoded = encodeKeyInfo(info);
    try {
      for (int attempt = 0; attempt < 16; attempt++) {
        KeyValueEntry entry = kv.get(key);
        try {
          if (entry == null || entry.getValue() == null) {
            kv.create(key, encoded);
            return;
          }
          KeyInfo stored = decodeKeyInfo(entry.getValue());
          if (stored.version() > info.version()) {
            return;
          }
          if (stored.version() == info.version()) {
            if (!stored.equals(info)) {
              throw new RegistryException("key " + info.keyId() + " v" + info.version()
                  + " is already recorded with different metadata");
            }
            return;
          }
          kv.update(key, encoded, entry.getRevision());
          return;
        } catch (JetStreamApiException concurrentWrite) {
          log.debug("concurrent write of {}; retrying", info.keyId());
        }
      }
      throw new RegistryException("could not record key " + info.keyId()
          + ": too many concurrent writes");
    } catch (IOException | JetStreamApiException e) {
      throw new RegistryException("could not record key " + info.keyId() + ": "
          + e.getMessage(), e);
    }
  }

  @Override
  public Optional<KeyInfo> keyInfo(String keyId) throws RegistryException {
    String key = "keyinfo." + HEX.formatHex(keyId.getBytes(StandardCharsets.UTF_8));
    try {
      KeyValueEntry entry = kv.get(key);
      return entry == null || entry.getValue() == null ? Optional.empty()
          : Optional.of(decodeKeyInfo(entry.getValue()));
    } catch (IOException | JetStreamApiException e) {
      throw new RegistryException("could not read key " + keyId + ": " + e.getMessage(), e);
    }
  }

  /** Stops heartbeats (peers see this node's ready ids go away within the liveness time). */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    heartbeats.shutdownNow();
    for (PartyId id : localReady) {
      publish(subjects + ".down." + token(id), id.value().getBytes(StandardCharsets.UTF_8));
    }
    localReady.clear();
    try {
      connection.closeDispatcher(dispatcher);
    } catch (IllegalStateException e) {
      log.debug("registry dispatcher already closed");
    }
  }

  private void announce() {
    for (PartyId id : localReady) {
      publish(subjects + ".ready." + token(id), id.value().getBytes(StandardCharsets.UTF_8));
    }
  }

  private void publish(String subject, byte[] payload) {
    if (closed && !subject.contains(".down.")) {
      return;
    }
    try {
      connection.publish(subject, payload);
    } catch (IllegalStateException e) {
      log.debug("registry could not publish {}: {}", subject, e.getMessage());
    }
  }

  private static String token(PartyId id) {
    return id.value().replace('.', '~');
  }

  private static byte[] encodePeer(PeerInfo peer) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", peer.id().value());
    node.put("signing_key", HEX.formatHex(peer.signingKey()));
    node.put("agreement_key", HEX.formatHex(peer.agreementKey()));
    return node.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static PeerInfo decodePeer(byte[] data) throws RegistryException {
    try {
      JsonNode node = JSON.readTree(data);
      return new PeerInfo(PartyId.of(node.path("id").asText()),
          HEX.parseHex(node.path("signing_key").asText()),
          HEX.parseHex(node.path("agreement_key").asText()));
    } catch (IOException | IllegalArgumentException e) {
      throw new RegistryException("malformed peer record: " + e.getMessage(), e);
    }
  }

  private static byte[] encodeKeyInfo(KeyInfo info) {
    ObjectNode node = JSON.createObjectNode();
    node.put("wallet_id", info.walletId());
    node.put("scheme", info.scheme().label());
    node.put("version", info.version());
    node.put("threshold", info.threshold());
    ArrayNode participants = node.putArray("participants");
    info.participants().forEach(p -> participants.add(p.value()));
    return node.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static KeyInfo decodeKeyInfo(byte[] data) throws RegistryException {
    try {
      JsonNode node = JSON.readTree(data);
      List<PartyId> participants = new ArrayList<>();
      node.path("participants").forEach(p -> participants.add(PartyId.of(p.asText())));
      return new KeyInfo(node.path("wallet_id").asText(),
          KeyScheme.fromLabel(node.path("scheme").asText()), node.path("version").asInt(),
          node.path("threshold").asInt(), participants);
    } catch (IOException | IllegalArgumentException e) {
      throw new RegistryException("malformed key record: " + e.getMessage(), e);
    }
  }

  /** Settings of a {@link NatsPeerRegistry}; fails fast on bad values. Not thread-safe. */
  public static final class Builder {
    private final Connection connection;
    private String bucket = DEFAULT_BUCKET;
    private Duration heartbeat = Duration.ofSeconds(1);
    private Duration liveness = Duration.ofMillis(3500);
    private Clock clock = Clock.systemUTC();

    private Builder(Connection connection) {
      this.connection = Objects.requireNonNull(connection, "connection");
    }

    /** The key-value bucket. Default {@value #DEFAULT_BUCKET}. */
    public Builder bucket(String bucket) {
      if (bucket == null || !bucket.matches("[A-Za-z0-9_-]{1,64}")) {
        throw new IllegalArgumentException("bucket must be 1-64 characters of [A-Za-z0-9_-]");
      }
      this.bucket = bucket;
      return this;
    }

    /** Heartbeat period and how long a peer stays ready without one. */
    public Builder liveness(Duration heartbeat, Duration liveness) {
      if (heartbeat.isNegative() || heartbeat.isZero() || liveness.compareTo(heartbeat) <= 0) {
        throw new IllegalArgumentException("heartbeat must be positive and shorter than the "
            + "liveness time");
      }
      this.heartbeat = heartbeat;
      this.liveness = liveness;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public NatsPeerRegistry build() throws RegistryException {
      return new NatsPeerRegistry(this);
    }
  }
}
