package io.mpcium.internal.session;

import io.mpcium.PartyId;
import io.mpcium.spi.PeerInfo;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Who takes part in one session and under which id: the session id, this party, and every
 * participant's public identity (this party included), ordered by id. Immutable.
 */
public record SessionContext(byte[] sessionId, PartyId self, Map<PartyId, PeerInfo> participants) {

  public SessionContext {
    sessionId = sessionId.clone();
    Objects.requireNonNull(self, "self");
    participants = java.util.Collections.unmodifiableMap(new TreeMap<>(participants));
    if (!participants.containsKey(self)) {
      throw new IllegalArgumentException(self + " is not a participant of its own session");
    }
  }

  public static SessionContext of(byte[] sessionId, PartyId self, List<PeerInfo> peers) {
    Map<PartyId, PeerInfo> map = new TreeMap<>();
    for (PeerInfo peer : peers) {
      if (map.put(peer.id(), peer) != null) {
        throw new IllegalArgumentException("participant " + peer.id() + " listed twice");
      }
    }
    return new SessionContext(sessionId, self, map);
  }

  @Override
  public byte[] sessionId() {
    return sessionId.clone();
  }

  /** The first 8 hex digits of the session id, for logs. */
  public String shortId() {
    return HexFormat.of().formatHex(sessionId, 0, 4);
  }
}
