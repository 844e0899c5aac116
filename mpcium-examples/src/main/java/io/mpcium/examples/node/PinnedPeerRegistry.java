package io.mpcium.examples.node;

import io.mpcium.PartyId;
import io.mpcium.spi.KeyInfo;
import io.mpcium.spi.PeerInfo;
import io.mpcium.spi.PeerRegistry;
import io.mpcium.spi.RegistryException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A peer registry limited to the nodes of a peers file, each with its Ed25519 key pinned from
 * its Mpcium identity file: a registered node with another key is refused ({@link #peer}) or
 * left out ({@link #peers}, {@link #readyPeers}), and so is a node that is not in the file.
 * Everything else goes to the wrapped registry. Thread-safe as the wrapped registry.
 */
final class PinnedPeerRegistry implements PeerRegistry {
  private static final Logger log = LoggerFactory.getLogger(PinnedPeerRegistry.class);
  private final PeerRegistry registry;
  private final Map<PartyId, byte[]> pinned;
  private final Set<PartyId> warned = java.util.concurrent.ConcurrentHashMap.newKeySet();

  PinnedPeerRegistry(PeerRegistry registry, Map<PartyId, byte[]> pinned) {
    this.registry = registry;
    this.pinned = Map.copyOf(pinned);
  }

  private boolean matches(PeerInfo info) {
    byte[] key = pinned.get(info.id());
    return key != null && Arrays.equals(key, info.signingKey());
  }

  @Override
  public void register(PeerInfo peer) throws RegistryException {
    if (!matches(peer)) {
      throw new RegistryException("node " + peer.id() + " does not have the key of its "
          + "identity file");
    }
    registry.register(peer);
  }

  @Override
  public void setReady(PartyId id, boolean ready) throws RegistryException {
    registry.setReady(id, ready);
  }

  @Override
  public Optional<PeerInfo> peer(PartyId id) throws RegistryException {
    Optional<PeerInfo> info = registry.peer(id);
    if (info.isPresent() && !matches(info.get())) {
      throw new RegistryException("node " + id + " is registered with a key that is not the "
          + "one of its identity file" + (pinned.containsKey(id) ? "" : " (it is not in the "
          + "peers file)"));
    }
    return info;
  }

  @Override
  public List<PeerInfo> peers() throws RegistryException {
    return registry.peers().stream().filter(info -> {
      boolean ok = matches(info);
      if (!ok && warned.add(info.id())) {
        log.warn("ignoring registered node {}: not in the peers file or not its pinned key",
            info.id());
      }
      return ok;
    }).toList();
  }

  @Override
  public Set<PartyId> readyPeers() throws RegistryException {
    Set<PartyId> genuine = registry.peers().stream().filter(this::matches)
        .map(PeerInfo::id).collect(Collectors.toSet());
    return registry.readyPeers().stream().filter(genuine::contains)
        .collect(Collectors.toUnmodifiableSet());
  }

  @Override
  public void putKeyInfo(KeyInfo info) throws RegistryException {
    registry.putKeyInfo(info);
  }

  @Override
  public Optional<KeyInfo> keyInfo(String keyId) throws RegistryException {
    return registry.keyInfo(keyId);
  }

  @Override
  public void close() {
    registry.close();
  }

  @Override
  public String toString() {
    return registry + " pinned to " + pinned.keySet();
  }
}
