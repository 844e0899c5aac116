package io.mpcium.protocol;

import io.mpcium.PartyId;
import io.mpcium.crypto.GroupElement;
import java.util.List;

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

  /** Wipes the secret parts; the share is unusable afterwards. */
  void destroy();
}
