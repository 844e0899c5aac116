package io.mpcium.spi;

import io.mpcium.KeyScheme;
import io.mpcium.PartyId;
import java.util.List;
import java.util.Objects;

/**
 * Public metadata of a distributed key, shared through the {@link PeerRegistry}: which parties
 * hold shares, how many must sign ({@code threshold}, counted as signers), and the key version.
 * Immutable.
 */
public record KeyInfo(
    String walletId, KeyScheme scheme, int version, int threshold, List<PartyId> participants) {

  public KeyInfo {
    Objects.requireNonNull(walletId, "walletId");
    Objects.requireNonNull(scheme, "scheme");
    participants = List.copyOf(participants);
    if (version < 1) {
      throw new IllegalArgumentException("version must be at least 1");
    }
    if (threshold < 1 || threshold > participants.size()) {
      throw new IllegalArgumentException(
          "threshold " + threshold + " out of range for " + participants.size() + " participants");
    }
  }

  /** The key id used in stores and registries: {@code <scheme>:<walletId>}. */
  public String keyId() {
    return scheme.keyId(walletId);
  }
}
