package io.mpcium.internal.security;

import io.mpcium.PartyId;
import java.util.Objects;

/**
 * A point-to-point payload cannot be encrypted to a peer: the directory does not know it, or
 * its registered X25519 key is unusable (a small-order point, which would make the shared
 * secret all zero). The message names the peer and never contains key material.
 */
public final class PeerKeyException extends Exception {
  private static final long serialVersionUID = 1L;

  private final PartyId peer;

  private PeerKeyException(PartyId peer, String message) {
    super(message);
    this.peer = Objects.requireNonNull(peer, "peer");
  }

  static PeerKeyException unknown(PartyId peer) {
    return new PeerKeyException(peer,
        "unknown peer " + peer + ": no public identity in the directory");
  }

  static PeerKeyException smallOrder(PartyId peer) {
    return new PeerKeyException(peer, "peer " + peer
        + " has an unusable X25519 key (small-order point, all-zero shared secret)");
  }

  public PartyId peer() {
    return peer;
  }
}
