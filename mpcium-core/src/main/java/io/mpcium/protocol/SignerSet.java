package io.mpcium.protocol;

import io.mpcium.PartyId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Validation of a signing session's signer set against a key share. Stateless. */
public final class SignerSet {
  private SignerSet() { }

  /**
   * Checks that {@code signers} is sorted and unique, holds shares of the key, reaches the
   * threshold and includes the share's own party; returns the other signers.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static Set<PartyId> others(ThresholdKeyShare share, List<PartyId> signers) {
    List<PartyId> list = List.copyOf(signers);
    if (!new ArrayList<>(new TreeSet<>(list)).equals(list)) {
      throw new IllegalArgumentException("signers must be sorted and unique");
    }
    if (!share.participants().containsAll(list)) {
      throw new IllegalArgumentException("every signer must hold a share of the key");
    }
    if (list.size() < share.threshold()) {
      throw new IllegalArgumentException(list.size() + " signers are fewer than the "
          + "threshold " + share.threshold());
    }
    if (!list.contains(share.self())) {
      throw new IllegalArgumentException(share.self() + " is not among the signers");
    }
    TreeSet<PartyId> rest = new TreeSet<>(list);
    rest.remove(share.self());
    return Set.copyOf(rest);
  }
}
