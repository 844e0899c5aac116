package io.mpcium.protocol;

import io.mpcium.PartyId;
import io.mpcium.crypto.GroupElement;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * One party's share of a t-of-n key of some scheme, as a node stores and uses it: the public
 * facts every scheme has, a binary encoding (sealed by the share vault before it reaches a key
 * store) and destruction of the secret parts. Implementations never reveal secrets in {@code
 * toString}; they are not thread-safe.
 */
public interface ThresholdKeyShare {

  /** The key holders, sorted. */
  List<PartyId> participants();

  /** How many key holders must sign. */
  int threshold();

  /** The party this share belongs to. */
  PartyId self();

  /** The group public key; its {@link GroupElement#encode()} is the scheme's public key format. */
  GroupElement publicKey();

  /** The self-describing binary form, secrets included: seal it before storing it. */
  byte[] encode();

  /**
   * The parties banned from signing with this key because they failed a check that reveals
   * cheating on reused pairwise material (DKLs23's OT and multiplication checks). Empty for
   * schemes without such material.
   */
  default Set<PartyId> banned() {
    return Set.of();
  }

  /**
   * This share with {@code parties} added to {@link #banned()}, sharing its secrets (destroy
   * only one of the two). Schemes without bans return this share unchanged.
   */
  default ThresholdKeyShare withBanned(Collection<PartyId> parties) {
    return this;
  }

  /** Wipes the secret parts; the share is unusable afterwards. */
  void destroy();
}
