package io.mpcium.internal.node;

import io.mpcium.KeyScheme;
import io.mpcium.PartyId;
import io.mpcium.hd.ChildKey;
import io.mpcium.internal.codec.MalformedMessageException;
import io.mpcium.protocol.Protocol;
import io.mpcium.protocol.ThresholdKeyShare;
import io.mpcium.protocol.dkg.DkgExtension;
import io.mpcium.protocol.dkg.KeyShare;
import io.mpcium.protocol.dkg.PedersenDkg;
import io.mpcium.protocol.dkg.Reshared;
import io.mpcium.protocol.dkg.Resharing;
import io.mpcium.protocol.frost.Ciphersuite;
import java.util.List;
import java.util.Optional;

/**
 * What the FROST schemes share: Pedersen DKG and resharing over the suite's group and its key
 * share format.
 */
abstract class FrostEngine implements SchemeEngine {
  private final KeyScheme scheme;
  final Ciphersuite suite;

  FrostEngine(KeyScheme scheme, Ciphersuite suite) {
    this.scheme = scheme;
    this.suite = suite;
  }

  @Override
  public final KeyScheme scheme() {
    return scheme;
  }

  @Override
  public final Protocol<KeyShare> keyGen(byte[] sessionId, PartyId self,
      List<PartyId> participants, int threshold) {
    return new PedersenDkg(suite, sessionId, self, participants, threshold);
  }

  @Override
  public KeyShare derive(ThresholdKeyShare share, ChildKey child) {
    KeyShare derived = SchemeEngine.checkedChild(((KeyShare) share).tweak(child.tweak()), child);
    share.destroy();
    return derived;
  }

  @Override
  public final Protocol<Reshared<KeyShare>> reshare(byte[] sessionId, PartyId self,
      Optional<ThresholdKeyShare> oldShare, List<PartyId> dealers, List<PartyId> committee,
      int threshold, Optional<Resharing.OldKey> expected) {
    return new Resharing(suite, sessionId, self, oldShare.map(KeyShare.class::cast), dealers,
        committee, threshold, DkgExtension.NONE, expected);
  }

  @Override
  public final KeyShare decodeShare(byte[] encoded) throws MalformedMessageException {
    return KeyShare.decode(suite.group(), encoded);
  }
}
