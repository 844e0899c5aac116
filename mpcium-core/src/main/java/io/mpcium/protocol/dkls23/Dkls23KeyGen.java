package io.mpcium.protocol.dkls23;

import io.mpcium.PartyId;
import io.mpcium.protocol.MappedRound;
import io.mpcium.protocol.Protocol;
import io.mpcium.protocol.RoundOutcome;
import io.mpcium.protocol.dkg.PedersenDkg;
import java.security.SecureRandom;
import java.util.List;

/**
 * DKLs23 key generation over secp256k1: the shared {@link PedersenDkg} (three rounds: commitments
 * and proofs of knowledge, encrypted shares, key confirmation) with the DKLs23 pairwise setup
 * carried in its point-to-point round. To each peer a party sends, besides its share: its
 * {@link EndemicOt} sender point (for the pair where it will be the multiplication receiver),
 * its 256 endemic-OT receiver messages with random choice bits {@code Δ} (for the pair where it
 * will be the multiplication sender) and its zero-sharing seed contribution. Receiving completes
 * both base-OT batches; the output is a {@link Dkls23KeyShare}.
 *
 * <p>Pure; one instance per party and session; not thread-safe. Every per-session secret (the
 * polynomial, OT scalars and choice bits) is wiped when the run ends or aborts.
 */
public final class Dkls23KeyGen implements Protocol<Dkls23KeyShare> {
  private final byte[] sessionId;
  private final PedersenDkg dkg;
  private final Dkls23Pairing setup;

  /**
   * @param sessionId unique per key generation (bound into every hash and kept as the key id)
   * @param participants sorted and unique, including {@code self}
   * @param threshold signers needed, at least 2 (a 1-of-n key would be a plain key)
   */
  public Dkls23KeyGen(byte[] sessionId, PartyId self, List<PartyId> participants,
      int threshold) {
    if (threshold < 2) {
      throw new IllegalArgumentException("a DKLs23 key needs a threshold of at least 2, not "
          + threshold);
    }
    this.sessionId = sessionId.clone();
    this.setup = new Dkls23Pairing(sessionId, self, participants);
    this.dkg = new PedersenDkg(Secp256k1DkgSuite.INSTANCE, sessionId, self, participants,
        threshold, setup);
  }

  @Override
  public String name() {
    return "dkls23-secp256k1/keygen";
  }

  @Override
  public RoundOutcome.Next<Dkls23KeyShare> start(SecureRandom rng) {
    return MappedRound.start(dkg.start(rng), share -> new Dkls23KeyShare(share, sessionId,
        setup.take(), List.of()), setup::destroy);
  }
}
