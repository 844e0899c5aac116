package io.mpcium.registry.consul;

import com.ecwid.consul.v1.QueryParams;
import com.ecwid.consul.v1.kv.model.GetValue;
import com.ecwid.consul.v1.kv.model.PutParams;
import io.mpcium.KeyScheme;
import io.mpcium.PartyId;
import io.mpcium.registry.consul.Records.MalformedRecordException;
import io.mpcium.registry.consul.Records.StoredIdentity;
import io.mpcium.registry.consul.Records.StoredKeyInfo;
import io.mpcium.spi.KeyInfo;
import io.mpcium.spi.PeerInfo;
import io.mpcium.spi.PeerRegistry;
import io.mpcium.spi.RegistryException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PeerRegistry} on a Consul agent, in Mpcium's key layout, so that Mpcium's operators
 * find the same keys. Built by {@link #builder()}; one per node process.
 *
 * <p><b>Membership.</b> A node's name ({@link PartyId}) maps to a node id in {@code
 * mpc_peers/<name>}, as Mpcium's {@code register-peers} writes it; a node that registers under a
 * name without an id gets a new random UUID. Its public keys go to {@code mpc_identity/<name>}.
 * Both are created with check-and-set, so two nodes claiming one name cannot both succeed: the
 * second is refused. {@link #registerPeers} is Mpcium's {@code register-peers}.
 *
 * <p><b>Readiness</b> is the key {@code ready/<nodeId>}, held by this registry's Consul session
 * (TTL, delete behaviour, renewed every third of the TTL). A node that dies or is cut off from
 * Consul stops renewing, and Consul deletes its ready key after the TTL (Consul allows itself up
 * to twice the TTL), so the other nodes see it not ready without anyone deleting anything.
 * {@link #watchReadiness} follows readiness with blocking queries.
 *
 * <p><b>Key metadata</b> is Mpcium's {@code threshold_keyinfo/<eddsa|ecdsa>:<walletId>} JSON,
 * {@code {"participant_peer_ids":[node ids],"threshold":t,"version":v}} where {@code t} counts as
 * Mpcium's does (signers - 1); {@link KeyInfo#threshold()} counts signers. A record only moves to
 * higher versions (check-and-set); the same version with other content is refused.
 *
 * <p><b>When Consul is unreachable</b> reads and writes fail with {@link
 * ConsulUnavailableException}, so the node takes no new work it cannot coordinate, while identities
 * it has already seen stay available ({@link #peer}) and sessions already running continue. When
 * Consul answers again, the registry finds out by itself: if its session was lost (it expired, or
 * the agent lost its data), it creates a new one and writes again its nodes' names, identities and
 * ready keys, and the key metadata it wrote.
 *
 * <p>Thread-safe: writes are serialized by one lock; every method may block on Consul. Two
 * daemon threads at most: the session keeper and the readiness watch.
 */
public final class ConsulPeerRegistry implements PeerRegistry {
  private static final Logger log = LoggerFactory.getLogger(ConsulPeerRegistry.class);
  private static final int CAS_ATTEMPTS = 16;

  private final KeyLayout layout;
  private final ConsulHttp http;
  private final ConsulHttp watchHttp;
  private final SessionKeeper keeper;
  private final ReadinessWatch watch;
  private final Object lock = new Object();

  // Guarded by lock: what this registry has written and must write again after a loss.
  private final Map<PartyId, Local> locals = new TreeMap<>();
  private final Set<PartyId> wantReady = new TreeSet<>();
  private final Map<String, StoredKeyInfo> written = new TreeMap<>();
  private volatile boolean closed;

  /** Identities read or written, for {@link #peer} while Consul is unreachable. */
  private final Map<PartyId, PeerInfo> seen = new ConcurrentHashMap<>();

  private record Local(PeerInfo peer, String nodeId) {}

  private ConsulPeerRegistry(Builder b) {
    this.layout = new KeyLayout(b.keyPrefix);
    this.http = new ConsulHttp(b.agent, Optional.ofNullable(b.sslContext),
        Optional.ofNullable(b.token), Optional.ofNullable(b.basicAuth), b.connectTimeout,
        b.requestTimeout);
    // A blocking query may take the wait time plus Consul's jitter of up to 1/16 of it.
    Duration watchTimeout = b.waitTime.plus(b.waitTime.dividedBy(16)).plus(b.requestTimeout);
    this.watchHttp = new ConsulHttp(b.agent, Optional.ofNullable(b.sslContext),
        Optional.ofNullable(b.token), Optional.ofNullable(b.basicAuth), b.connectTimeout,
        watchTimeout);
    String label = "pid" + ProcessHandle.current().pid();
    this.keeper = new SessionKeeper(http, b.sessionTtl, "mpcium " + label + " " + layout.prefix(),
        lock, new SessionKeeper.Recovery() {
          @Override
          public boolean needsSession() {
            return !wantReady.isEmpty();
          }

          @Override
          public void recover(String sessionId) throws RegistryException {
            rewrite(sessionId);
          }
        });
    this.watch = new ReadinessWatch(watchHttp, layout.readyDirectory(), b.waitTime,
        this::namesOfReadyKeys, label);
  }

  /** Settings for a registry; see {@link Builder}. */
  public static Builder builder() {
    return new Builder();
  }

  // ------------------------------------------------------------------ PeerRegistry

  @Override
  public void register(PeerInfo peer) throws RegistryException {
    Objects.requireNonNull(peer, "peer");
    synchronized (lock) {
      requireOpen();
      Local previous = locals.get(peer.id());
      String nodeId = claimName(peer.id(), previous == null ? null : previous.nodeId());
      writeIdentity(peer, nodeId);
      locals.put(peer.id(), new Local(peer, nodeId));
      seen.put(peer.id(), peer);
    }
  }

  @Override
  public void setReady(PartyId id, boolean ready) throws RegistryException {
    Objects.requireNonNull(id, "id");
    synchronized (lock) {
      requireOpen();
      String nodeId = registeredNodeId(id);
      boolean wanted = wantReady.contains(id);
      if (ready) {
        wantReady.add(id);
      } else {
        wantReady.remove(id);
      }
      try {
        if (ready) {
          acquireReady(id, nodeId, true);
        } else {
          String key = layout.ready(nodeId);
          http.call("delete " + key, c -> c.deleteKVValue(key));
        }
      } catch (RegistryException | RuntimeException e) {
        if (wanted) {
          wantReady.add(id);
        } else {
          wantReady.remove(id);
        }
        throw e;
      }
    }
  }

  @Override
  public Optional<PeerInfo> peer(PartyId id) throws RegistryException {
    Objects.requireNonNull(id, "id");
    requireOpen();
    try {
      Optional<StoredIdentity> stored = readIdentity(id);
      if (stored.isEmpty()) {
        return Optional.empty();
      }
      Optional<String> nodeId = readString(layout.peer(id));
      if (nodeId.isEmpty() || !nodeId.get().equals(stored.get().nodeId())) {
        return Optional.empty();
      }
      PeerInfo peer = stored.get().peer();
      seen.put(id, peer);
      return Optional.of(peer);
    } catch (ConsulUnavailableException e) {
      PeerInfo known = seen.get(id);
      if (known != null) {
        return Optional.of(known);
      }
      throw e;
    }
  }

  @Override
  public List<PeerInfo> peers() throws RegistryException {
    requireOpen();
    Map<PartyId, String> ids = readPeerIds();
    List<GetValue> values = readDirectory(layout.identitiesDirectory());
    Map<PartyId, PeerInfo> peers = new TreeMap<>();
    for (GetValue value : values) {
      if (layout.child(layout.identitiesDirectory(), value.getKey()).isEmpty()) {
        continue;
      }
      StoredIdentity stored = parseIdentity(value);
      if (stored.nodeId().equals(ids.get(stored.name()))) {
        peers.put(stored.name(), stored.peer());
        seen.put(stored.name(), stored.peer());
      }
    }
    return List.copyOf(peers.values());
  }

  @Override
  public Set<PartyId> readyPeers() throws RegistryException {
    requireOpen();
    String directory = layout.readyDirectory();
    List<String> keys = http.call("list " + directory,
        c -> c.getKVKeysOnly(directory).getValue());
    return namesOfReadyKeys(keys == null ? List.of() : keys);
  }

  @Override
  public void putKeyInfo(KeyInfo info) throws RegistryException {
    Objects.requireNonNull(info, "info");
    synchronized (lock) {
      requireOpen();
      String key = layout.keyInfo(info.scheme(), info.walletId());
      StoredKeyInfo stored = toStored(info);
      writeKeyInfo(key, stored);
      written.merge(key, stored, (a, b) -> a.version() >= b.version() ? a : b);
    }
  }

  @Override
  public Optional<KeyInfo> keyInfo(String keyId) throws RegistryException {
    Objects.requireNonNull(keyId, "keyId");
    requireOpen();
    String key = layout.keyInfo(keyId);
    Optional<GetValue> value = read(key);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    StoredKeyInfo stored = parseKeyInfo(value.get());
    Map<String, PartyId> names = invert(readPeerIds());
    List<PartyId> participants = new ArrayList<>();
    for (String nodeId : stored.participantIds()) {
      PartyId name = names.get(nodeId);
      if (name == null) {
        throw new RegistryException("Consul key " + key + " names node id " + nodeId
            + ", which no name in " + layout.peersDirectory() + " maps to");
      }
      participants.add(name);
    }
    int colon = keyId.indexOf(':');
    try {
      return Optional.of(new KeyInfo(keyId.substring(colon + 1),
          KeyScheme.fromLabel(keyId.substring(0, colon)), stored.version(),
          stored.mpciumThreshold() + 1, participants));
    } catch (IllegalArgumentException e) {
      throw new RegistryException("Consul key " + key + " holds impossible metadata: "
          + e.getMessage(), e);
    }
  }

  /**
   * Marks this registry's nodes not ready by destroying its session (Consul deletes the ready
   * keys it holds), stops the background threads and closes the HTTP clients. Names, identities
   * and key metadata stay in Consul. Idempotent.
   */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    watch.close();
    keeper.close();
    watchHttp.close();
    http.close();
  }

  // ------------------------------------------------------------------ beyond the SPI

  /**
   * Mpcium's {@code register-peers}: maps each name to its node id in {@code mpc_peers/}. Names
   * already mapped to the same id are left alone. Refused as a whole, before anything is
   * written, if a name already belongs to a different id or an id already belongs to a
   * different name (also within {@code peers}).
   *
   * @return the names that were added
   */
  public Set<PartyId> registerPeers(Map<PartyId, String> peers) throws RegistryException {
    Objects.requireNonNull(peers, "peers");
    Map<String, PartyId> byId = new HashMap<>();
    for (Map.Entry<PartyId, String> entry : peers.entrySet()) {
      KeyLayout.checkNodeId(entry.getValue());
      PartyId other = byId.putIfAbsent(entry.getValue(), entry.getKey());
      if (other != null) {
        throw new IllegalArgumentException("node id " + entry.getValue() + " is given to both "
            + other + " and " + entry.getKey());
      }
    }
    synchronized (lock) {
      requireOpen();
      Map<PartyId, String> existing = readPeerIds();
      Map<String, PartyId> existingNames = invert(existing);
      List<String> conflicts = new ArrayList<>();
      for (Map.Entry<PartyId, String> entry : new TreeMap<>(peers).entrySet()) {
        String current = existing.get(entry.getKey());
        if (current != null && !current.equals(entry.getValue())) {
          conflicts.add("name " + entry.getKey() + " already belongs to node id " + current
              + ", not " + entry.getValue());
        }
        PartyId holder = existingNames.get(entry.getValue());
        if (holder != null && !holder.equals(entry.getKey())) {
          conflicts.add("node id " + entry.getValue() + " already belongs to name " + holder
              + ", not " + entry.getKey());
        }
      }
      if (!conflicts.isEmpty()) {
        throw new RegistryException("refusing to register peers: " + String.join("; ",
            conflicts));
      }
      Set<PartyId> added = new TreeSet<>();
      for (Map.Entry<PartyId, String> entry : new TreeMap<>(peers).entrySet()) {
        if (existing.containsKey(entry.getKey())) {
          continue;
        }
        String key = layout.peer(entry.getKey());
        if (casPut(key, entry.getValue(), 0)) {
          added.add(entry.getKey());
          continue;
        }
        Optional<String> raced = readString(key);
        if (!raced.equals(Optional.of(entry.getValue()))) {
          throw new RegistryException("refusing to register peers: name " + entry.getKey()
              + " was just registered with node id " + raced.orElse("(none)") + ", not "
              + entry.getValue() + (added.isEmpty() ? "" : "; already added: " + added));
        }
      }
      return added;
    }
  }

  /** The Mpcium node id that {@code mpc_peers/<name>} maps a node name to, if any. */
  public Optional<String> nodeId(PartyId name) throws RegistryException {
    requireOpen();
    return readString(layout.peer(Objects.requireNonNull(name, "name")));
  }

  /**
   * Follows readiness: {@code listener} hears the set of ready nodes now, then every change, on
   * the registry's watch thread, as Consul's blocking queries report it; after losing Consul it
   * hears the set again once Consul answers, changed or not. Closing the returned handle stops
   * the listener; closing the registry stops them all.
   */
  public Subscription watchReadiness(Consumer<Set<PartyId>> listener) {
    Objects.requireNonNull(listener, "listener");
    requireOpen();
    return watch.add(listener);
  }

  /** A listener's registration; closing it stops the listener. Idempotent. */
  public interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  /** {@code http(s)://host:port} of the agent. */
  public String address() {
    return http.address();
  }

  @Override
  public String toString() {
    return "ConsulPeerRegistry[" + http.address() + ", prefix '" + layout.prefix() + "']";
  }

  // ------------------------------------------------------------------ names and identities

  /** The node id of a name, creating the mapping (with {@code preferred}, else a UUID). */
  private String claimName(PartyId name, String preferred) throws RegistryException {
    String key = layout.peer(name);
    for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      Optional<String> existing = readString(key);
      if (existing.isPresent()) {
        try {
          return KeyLayout.checkNodeId(existing.get());
        } catch (IllegalArgumentException e) {
          throw new RegistryException("Consul key " + key + ": " + e.getMessage(), e);
        }
      }
      String fresh = preferred != null ? preferred : UUID.randomUUID().toString();
      if (casPut(key, fresh, 0)) {
        return fresh;
      }
    }
    throw new RegistryException("Consul key " + key + " keeps changing; gave up");
  }

  private void writeIdentity(PeerInfo peer, String nodeId) throws RegistryException {
    String key = layout.identity(peer.id());
    String json = new StoredIdentity(peer.id(), nodeId, peer).toJson();
    for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      Optional<GetValue> current = read(key);
      if (current.isEmpty()) {
        if (casPut(key, json, 0)) {
          return;
        }
        continue;
      }
      StoredIdentity stored = parseIdentity(current.get());
      if (!stored.peer().equals(peer)) {
        throw new RegistryException("peer " + peer.id() + " is already registered with a "
            + "different identity (" + stored.peer() + ")");
      }
      if (stored.nodeId().equals(nodeId)
          || casPut(key, json, current.get().getModifyIndex())) {
        return;
      }
    }
    throw new RegistryException("Consul key " + key + " keeps changing; gave up");
  }

  /** The node id of a registered node: a name mapping and an identity that agree. */
  private String registeredNodeId(PartyId id) throws RegistryException {
    Optional<String> nodeId = readString(layout.peer(id));
    Optional<StoredIdentity> identity = readIdentity(id);
    if (nodeId.isEmpty() || identity.isEmpty()) {
      throw new RegistryException("peer " + id + " is not registered");
    }
    if (!identity.get().nodeId().equals(nodeId.get())) {
      throw new RegistryException("peer " + id + " is registered as node id "
          + identity.get().nodeId() + " but " + layout.peer(id) + " now says " + nodeId.get());
    }
    return nodeId.get();
  }

  private Optional<StoredIdentity> readIdentity(PartyId id) throws RegistryException {
    Optional<GetValue> value = read(layout.identity(id));
    return value.isEmpty() ? Optional.empty() : Optional.of(parseIdentity(value.get()));
  }

  /** Every {@code mpc_peers/<name>} = node id with a valid name. */
  private Map<PartyId, String> readPeerIds() throws RegistryException {
    Map<PartyId, String> ids = new TreeMap<>();
    String directory = layout.peersDirectory();
    for (GetValue value : readDirectory(directory)) {
      Optional<String> child = layout.child(directory, value.getKey());
      String nodeId = value.getDecodedValue();
      if (child.isEmpty() || nodeId == null) {
        continue;
      }
      try {
        ids.put(PartyId.of(child.get()), nodeId.strip());
      } catch (IllegalArgumentException e) {
        log.debug("ignoring {}: not a node name this registry can use", value.getKey());
      }
    }
    return ids;
  }

  private Set<PartyId> namesOfReadyKeys(List<String> keys) throws RegistryException {
    String directory = layout.readyDirectory();
    List<String> ids = new ArrayList<>();
    for (String key : keys) {
      layout.child(directory, key).ifPresent(ids::add);
    }
    if (ids.isEmpty()) {
      return Set.of();
    }
    Map<String, PartyId> names = invert(readPeerIds());
    Set<PartyId> ready = new TreeSet<>();
    for (String nodeId : ids) {
      PartyId name = names.get(nodeId);
      if (name != null) {
        ready.add(name);
      }
    }
    return Set.copyOf(ready);
  }

  // ------------------------------------------------------------------ readiness

  /**
   * Takes {@code ready/<nodeId>} with this registry's session. A key held by another session is
   * taken over only when {@code takeOver} (an explicit {@link #setReady} by a node registered
   * here, which is the same node started again before its old session expired).
   */
  private void acquireReady(PartyId id, String nodeId, boolean takeOver)
      throws RegistryException {
    String key = layout.ready(nodeId);
    for (int attempt = 0; attempt < 3; attempt++) {
      String session = keeper.session();
      PutParams acquire = new PutParams();
      acquire.setAcquireSession(session);
      Boolean acquired;
      try {
        acquired = http.call("take " + key, c -> c.setKVValue(key, "true", acquire).getValue());
      } catch (RegistryException e) {
        if (ConsulHttp.isInvalidSession(e)) {
          keeper.sessionLost();
          continue;
        }
        throw e;
      }
      if (Boolean.TRUE.equals(acquired)) {
        return;
      }
      Optional<GetValue> holder = read(key);
      String other = holder.map(GetValue::getSession).orElse(null);
      if (other == null || other.equals(session)) {
        continue;
      }
      if (!takeOver || !locals.containsKey(id)) {
        throw new RegistryException(key + " of " + id + " is held by another live session ("
            + other + "): is node " + id + " running in another process?");
      }
      log.warn("{} of {} is held by session {}, left by an earlier run of this node; "
          + "taking it over", key, id, other);
      http.call("destroy session " + other,
          c -> c.sessionDestroy(other, QueryParams.DEFAULT));
    }
    throw new RegistryException("could not take " + key + " for " + id);
  }

  /** After a lost session: names, identities, ready keys and key metadata again. */
  private void rewrite(String sessionId) throws RegistryException {
    log.info("Consul session {}: registering {} again", sessionId, locals.keySet());
    for (Local local : List.copyOf(locals.values())) {
      PartyId name = local.peer().id();
      try {
        String nodeId = claimName(name, local.nodeId());
        writeIdentity(local.peer(), nodeId);
        locals.put(name, new Local(local.peer(), nodeId));
      } catch (ConsulUnavailableException e) {
        throw e;
      } catch (RegistryException e) {
        log.error("node {} cannot register again and stays not ready: {}", name,
            e.getMessage());
        wantReady.remove(name);
      }
    }
    for (Map.Entry<String, StoredKeyInfo> entry : List.copyOf(written.entrySet())) {
      try {
        writeKeyInfo(entry.getKey(), entry.getValue());
      } catch (ConsulUnavailableException e) {
        throw e;
      } catch (RegistryException e) {
        log.error("key metadata {} not written again: {}", entry.getKey(), e.getMessage());
      }
    }
    // Ready last: a node seen ready again has its name, identity and key metadata back.
    for (PartyId name : List.copyOf(wantReady)) {
      try {
        acquireReady(name, registeredNodeId(name), false);
      } catch (ConsulUnavailableException e) {
        throw e;
      } catch (RegistryException e) {
        log.error("node {} stays not ready: {}", name, e.getMessage());
        wantReady.remove(name);
      }
    }
  }

  // ------------------------------------------------------------------ key metadata

  /** Mpcium's form of {@code info}: node ids for names, threshold as signers - 1. */
  private StoredKeyInfo toStored(KeyInfo info) throws RegistryException {
    Map<PartyId, String> ids = readPeerIds();
    List<String> participantIds = new ArrayList<>();
    for (PartyId participant : info.participants()) {
      String nodeId = ids.get(participant);
      if (nodeId == null) {
        throw new RegistryException("participant " + participant + " of " + info.keyId()
            + " has no node id in " + layout.peersDirectory());
      }
      participantIds.add(nodeId);
    }
    return new StoredKeyInfo(participantIds, info.threshold() - 1, info.version());
  }

  /**
   * Writes key metadata unless a newer version is there; the same version with other content
   * is refused. (The node ids are those of the first write, so writing again after Consul lost
   * its data needs no other node to be back first.)
   */
  private void writeKeyInfo(String key, StoredKeyInfo wanted) throws RegistryException {
    for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      Optional<GetValue> current = read(key);
      if (current.isEmpty()) {
        if (casPut(key, wanted.toJson(), 0)) {
          return;
        }
        continue;
      }
      StoredKeyInfo stored = parseKeyInfo(current.get());
      if (stored.version() == wanted.version()) {
        if (stored.equals(wanted)) {
          return;
        }
        throw new RegistryException("key " + key + " version " + wanted.version()
            + " is already recorded with different participants or threshold");
      }
      if (stored.version() > wanted.version()
          || casPut(key, wanted.toJson(), current.get().getModifyIndex())) {
        return;
      }
    }
    throw new RegistryException("Consul key " + key + " keeps changing; gave up");
  }

  // ------------------------------------------------------------------ Consul calls

  private Optional<GetValue> read(String key) throws RegistryException {
    return Optional.ofNullable(http.call("read " + key, c -> c.getKVValue(key).getValue()));
  }

  private Optional<String> readString(String key) throws RegistryException {
    return read(key).map(GetValue::getDecodedValue).map(String::strip);
  }

  private List<GetValue> readDirectory(String directory) throws RegistryException {
    List<GetValue> values = http.call("list " + directory,
        c -> c.getKVValues(directory).getValue());
    return values == null ? List.of() : values;
  }

  /** Writes {@code value} if the key's modify index is {@code index} (0: if it is absent). */
  private boolean casPut(String key, String value, long index) throws RegistryException {
    PutParams cas = new PutParams();
    cas.setCas(index);
    return Boolean.TRUE.equals(http.call("write " + key,
        c -> c.setKVValue(key, value, cas).getValue()));
  }

  private static StoredIdentity parseIdentity(GetValue value) throws RegistryException {
    try {
      return StoredIdentity.parse(value.getKey(), value.getDecodedValue());
    } catch (MalformedRecordException e) {
      throw new RegistryException(e.getMessage(), e);
    }
  }

  private static StoredKeyInfo parseKeyInfo(GetValue value) throws RegistryException {
    try {
      return StoredKeyInfo.parse(value.getKey(), value.getDecodedValue());
    } catch (MalformedRecordException e) {
      throw new RegistryException(e.getMessage(), e);
    }
  }

  private static Map<String, PartyId> invert(Map<PartyId, String> ids) {
    Map<String, PartyId> names = new LinkedHashMap<>();
    ids.forEach((name, nodeId) -> names.putIfAbsent(nodeId, name));
    return names;
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the Consul registry is closed");
    }
  }

  // ------------------------------------------------------------------ builder

  /**
   * Settings of a {@link ConsulPeerRegistry}; {@link #build()} checks them and fails fast.
   * Defaults: agent {@code http://127.0.0.1:8500}, no ACL token, plain HTTP, session TTL 10 s
   * (Consul's smallest by default), blocking-query wait 30 s, connect timeout 2 s, request
   * timeout 10 s, no key prefix (Mpcium's keys at the root). Not thread-safe.
   */
  public static final class Builder {
    private URI agent = URI.create("http://127.0.0.1:8500");
    private String token;
    private String basicAuth;
    private SSLContext sslContext;
    private Duration sessionTtl = Duration.ofSeconds(10);
    private Duration waitTime = Duration.ofSeconds(30);
    private Duration connectTimeout = Duration.ofSeconds(2);
    private Duration requestTimeout = Duration.ofSeconds(10);
    private String keyPrefix = "";
    private boolean https;

    private Builder() {}

    /**
     * The agent's HTTP address: {@code host:port} as in Mpcium's {@code consul.address}
     * ({@code localhost:8500}), or a URL {@code http://host:port} / {@code https://host:port}.
     */
    public Builder address(String address) {
      Objects.requireNonNull(address, "address");
      String withScheme = address.contains("://") ? address : "http://" + address;
      URI uri;
      try {
        uri = new URI(withScheme);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("not a Consul address: '" + address + "'", e);
      }
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null || uri.getPort() < 1
          || (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))
          || uri.getQuery() != null || uri.getUserInfo() != null) {
        throw new IllegalArgumentException("Consul address must be host:port or "
            + "http(s)://host:port, got '" + address + "'");
      }
      this.https = "https".equals(uri.getScheme());
      this.agent = URI.create(uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort());
      return this;
    }

    /**
     * The ACL token, sent as the {@code X-Consul-Token} header (never in URLs or messages). Its
     * policy needs write on the registry's keys and on sessions: with a prefix, {@code
     * key_prefix "<prefix>" { policy = "write" }}; without one, the same for each of {@code
     * mpc_peers/}, {@code mpc_identity/}, {@code ready/} and {@code threshold_keyinfo/}; and
     * {@code session_prefix "" { policy = "write" }} (or the agent's node name).
     */
    public Builder token(String aclToken) {
      Objects.requireNonNull(aclToken, "token");
      if (aclToken.isBlank() || aclToken.chars().anyMatch(ch -> ch < 0x21 || ch > 0x7e)) {
        throw new IllegalArgumentException("the ACL token must be printable ASCII without "
            + "spaces");
      }
      this.token = aclToken;
      return this;
    }

    /** HTTP basic authentication, for an agent behind a proxy that asks for it (Mpcium's). */
    public Builder basicAuth(String username, String password) {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
      if (username.isEmpty() || username.indexOf(':') >= 0) {
        throw new IllegalArgumentException("basic-auth user name must be non-empty without ':'");
      }
      this.basicAuth = username + ":" + password;
      return this;
    }

    /**
     * Talks HTTPS with this context (its trust managers decide which agent certificates are
     * accepted; its key managers give a client certificate if the agent asks for one). Host
     * names are verified.
     */
    public Builder sslContext(SSLContext context) {
      this.sslContext = Objects.requireNonNull(context, "sslContext");
      return this;
    }

    /**
     * TTL of the session holding the ready keys, whole seconds from 1 s to 24 h (Consul's own
     * lower bound is 10 s unless the agent's {@code session_ttl_min} is lowered). A dead node is
     * seen not ready between one and two TTLs after its last renewal.
     */
    public Builder sessionTtl(Duration ttl) {
      Objects.requireNonNull(ttl, "sessionTtl");
      if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(Duration.ofHours(24)) > 0
          || ttl.toMillis() % 1000 != 0) {
        throw new IllegalArgumentException("session TTL must be whole seconds from 1 s to 24 h, "
            + "got " + ttl);
      }
      this.sessionTtl = ttl;
      return this;
    }

    /** How long one blocking query may wait for a change: whole seconds, 1 s to 10 min. */
    public Builder waitTime(Duration wait) {
      Objects.requireNonNull(wait, "waitTime");
      if (wait.compareTo(Duration.ofSeconds(1)) < 0 || wait.compareTo(Duration.ofMinutes(10)) > 0
          || wait.toMillis() % 1000 != 0) {
        throw new IllegalArgumentException("wait time must be whole seconds from 1 s to 10 min, "
            + "got " + wait);
      }
      this.waitTime = wait;
      return this;
    }

    /** Connect timeout, 100 ms to 1 min. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = checkTimeout(timeout, "connect timeout");
      return this;
    }

    /** Read timeout of an ordinary (not blocking) request, 100 ms to 1 min. */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = checkTimeout(timeout, "request timeout");
      return this;
    }

    /**
     * A prefix for every key, such as {@code "cluster-a/"}: empty (Mpcium's layout at the root)
     * or segments of {@code [A-Za-z0-9._-]}, each ending in {@code /}.
     */
    public Builder keyPrefix(String prefix) {
      new KeyLayout(prefix);
      this.keyPrefix = prefix;
      return this;
    }

    /** A registry; no request is made until the first method call. */
    public ConsulPeerRegistry build() {
      if (https && sslContext == null) {
        try {
          sslContext = SSLContext.getDefault();
        } catch (java.security.NoSuchAlgorithmException e) {
          throw new IllegalStateException("this JVM has no default TLS context", e);
        }
      }
      if (sslContext != null && !https) {
        agent = URI.create("https://" + agent.getHost() + ":" + agent.getPort());
      }
      return new ConsulPeerRegistry(this);
    }

    @Override
    public String toString() {
      return "ConsulPeerRegistry.Builder[" + agent + ", token " + (token == null ? "none" : "set")
          + ", basic auth " + (basicAuth == null ? "none" : "set") + ", TLS "
          + (sslContext != null || https) + ", TTL " + sessionTtl + ", prefix '" + keyPrefix
          + "']";
    }

    private static Duration checkTimeout(Duration timeout, String what) {
      Objects.requireNonNull(timeout, what);
      if (timeout.compareTo(Duration.ofMillis(100)) < 0
          || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
        throw new IllegalArgumentException(what + " must be from 100 ms to 1 min, got "
            + timeout);
      }
      return timeout;
    }
  }
}
