package io.mpcium.spi;

import io.mpcium.PartyId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Membership, liveness and shared key metadata of a cluster.
 *
 * <p><b>Guarantees.</b> A registered id keeps its public identity: registering the same id with
 * different keys is refused, so a node cannot be impersonated through the registry. Readiness
 * is advisory (a node may fail right after it was seen ready). Key metadata is written by every
 * participant of a key generation with identical content; a write with different content for the
 * same key id and version is refused.
 *
 * <p><b>Threading.</b> All methods are thread-safe and may block on I/O.
 */
public interface PeerRegistry extends AutoCloseable {

  /** Registers a node's public identity; idempotent for identical information. */
  void register(PeerInfo peer) throws RegistryException;

  /** Marks a registered node ready for new work, or not. */
  void setReady(PartyId id, boolean ready) throws RegistryException;

  Optional<PeerInfo> peer(PartyId id) throws RegistryException;

  /** Every registered node, ordered by id. */
  List<PeerInfo> peers() throws RegistryException;

  /** The ids of the nodes that are ready now. */
  Set<PartyId> readyPeers() throws RegistryException;

  /** Records a key's metadata; idempotent for identical content. */
  void putKeyInfo(KeyInfo info) throws RegistryException;

  /** The newest metadata recorded for a key id ({@link KeyInfo#keyId()}). */
  Optional<KeyInfo> keyInfo(String keyId) throws RegistryException;

  @Override
  void close();
}
