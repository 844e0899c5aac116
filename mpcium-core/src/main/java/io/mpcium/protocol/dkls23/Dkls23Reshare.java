package io.mpcium.protocol.dkls23;

import io.mpcium.PartyId;
import io.mpcium.protocol.MappedRound;
import io.mpcium.protocol.Protocol;
import io.mpcium.protocol.RoundOutcome;
import io.mpcium.protocol.dkg.KeyShare;
import io.mpcium.protocol.dkg.Reshared;
import io.mpcium.protocol.dkg.Resharing;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

/**
 * Resharing (or, with the same committee and threshold, refresh) of a DKLs23 key: the shared
 * {@link Resharing} over secp256k1 with the DKLs23 pairwise setup ({@link Dkls23Pairing}: base
 * OTs for both OT-extension roles and zero-sharing seeds) run afresh among the new committee in
 * its point-to-point round. No OT state of the old key is reused; the new key id is this
 * session's id, so the new multiplication gadget and every signing hash differ from the old
 * key's. Pure; one instance per party and session; not thread-safe.
 */
public final class Dkls23Reshare implements Protocol<Reshared<Dkls23KeyShare>> {
  private final byte[] sessionId;
  private final Resharing resharing;
  private final Dkls23Pairing setup;

  /**
   * @param oldShare this party's share of the key, present exactly when it deals (not destroyed
   *     by this protocol)
   * @param dealers the old key holders that deal, sorted, at least the key's threshold
   * @param newParticipants the new committee, sorted and unique
   * @param newThreshold at least 2
   * @throws IllegalArgumentException naming what is wrong
   */
  public Dkls23Reshare(byte[] sessionId, PartyId self, Optional<Dkls23KeyShare> oldShare,
      List<PartyId> dealers, List<PartyId> newParticipants, int newThreshold) {
    this(sessionId, self, oldShare, dealers, newParticipants, newThreshold, Optional.empty());
  }

  /** As above, checking a non-dealer's view of the old key ({@link Resharing.OldKey}). */
  public Dkls23Reshare(byte[] sessionId, PartyId self, Optional<Dkls23KeyShare> oldShare,
      List<PartyId> dealers, List<PartyId> newParticipants, int newThreshold,
      Optional<Resharing.OldKey> expectedOldKey) {
    if (newThreshold < 2) {
      throw new IllegalArgumentException("a DKLs23 key needs a threshold of at least 2, not "
          + newThreshold);
    }
    this.sessionId = sessionId.clone();
    this.setup = new Dkls23Pairing(sessionId, self, newParticipants);
    Optional<KeyShare> old = oldShare.map(Dkls23KeyShare::keyShare);
    this.resharing = new Resharing(Secp256k1DkgSuite.INSTANCE, sessionId, self, old, dealers,
        newParticipants, newThreshold, setup, expectedOldKey);
  }

  @Override
  public String name() {
    return "dkls23-secp256k1/reshare";
  }

  @Override
  public RoundOutcome.Next<Reshared<Dkls23KeyShare>> start(SecureRandom rng) {
    return MappedRound.start(resharing.start(rng), this::convert, setup::destroy);
  }

  private Reshared<Dkls23KeyShare> convert(Reshared<KeyShare> reshared) {
    Optional<Dkls23KeyShare> share = reshared.share().map(s -> new Dkls23KeyShare(s, sessionId,
        setup.take(), List.of()));
    return new Reshared<>(reshared.publicKey(), reshared.participants(), reshared.threshold(),
        share);
  }
}
