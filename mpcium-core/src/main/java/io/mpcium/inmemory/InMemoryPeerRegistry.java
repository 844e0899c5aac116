package io.mpcium.inmemory;

import io.mpcium.PartyId;
import io.mpcium.spi.KeyInfo;
import io.mpcium.spi.PeerInfo;
import io.mpcium.spi.PeerRegistry;
import io.mpcium.spi.RegistryException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The embedded default {@link PeerRegistry}: one instance shared by the nodes of one JVM. Keeps
 * everything in memory (lost when the JVM exits). Thread-safe (one lock; every call is short).
 */
public final class InMemoryPeerRegistry implements PeerRegistry {
  private final Map<PartyId, PeerInfo> peers = new TreeMap<>();
  private final Set<PartyId> ready = new TreeSet<>();
  private final Map<String, KeyInfo> keys = new TreeMap<>();

  @Override
  public synchronized void register(PeerInfo peer) throws RegistryException {
    PeerInfo existing = peers.putIfAbsent(peer.id(), peer);
    if (existing != null && !existing.equals(peer)) {
      throw new RegistryException(
          "peer " + peer.id() + " is already registered with a different identity");
    }
  }

  @Override
  public synchronized void setReady(PartyId id, boolean isReady) throws RegistryException {
    if (!peers.containsKey(id)) {
      throw new RegistryException("peer " + id + " is not registered");
    }
    if (isReady) {
      ready.add(id);
    } else {
      ready.remove(id);
    }
  }

  @Override
  public synchronized Optional<PeerInfo> peer(PartyId id) {
    return Optional.ofNullable(peers.get(id));
  }

  @Override
  public synchronized List<PeerInfo> peers() {
    return List.copyOf(new ArrayList<>(peers.values()));
  }

  @Override
  public synchronized Set<PartyId> readyPeers() {
    return Set.copyOf(ready);
  }

  @Override
  public synchronized void putKeyInfo(KeyInfo info) throws RegistryException {
    KeyInfo existing = keys.get(info.keyId());
    if (existing != null && existing.version() == info.version() && !existing.equals(info)) {
      throw new RegistryException("key " + info.keyId() + " version " + info.version()
          + " is already recorded with different participants or threshold");
    }
    if (existing == null || existing.version() <= info.version()) {
      keys.put(info.keyId(), info);
    }
  }

  @Override
  public synchronized Optional<KeyInfo> keyInfo(String keyId) {
    return Optional.ofNullable(keys.get(keyId));
  }

  @Override
  public void close() {
    // Nothing to release: the registry lives as long as the objects that reference it.
  }
}
