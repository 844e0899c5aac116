package io.mpcium.protocol.dkg;

import io.mpcium.PartyId;
import io.mpcium.crypto.GroupElement;
import io.mpcium.protocol.ThresholdKeyShare;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one party of a {@link Resharing} run ends with: the unchanged public key, the new committee
 * and threshold every party confirmed, and this party's new share if it is in the new committee
 * (empty for an old key holder that left). Immutable apart from the share's destruction.
 *
 * @param <S> the scheme's key share type
 */
public record Reshared<S extends ThresholdKeyShare>(GroupElement publicKey,
    List<PartyId> participants, int threshold, Optional<S> share) {

  public Reshared {
    Objects.requireNonNull(publicKey, "publicKey");
    participants = List.copyOf(participants);
    Objects.requireNonNull(share, "share");
  }

  @Override
  public String toString() {
    return "Reshared[" + threshold + "-of-" + participants + (share.isPresent()
        ? ", share held" : ", no share") + "]";
  }
}
