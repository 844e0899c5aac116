package io.mpcium.internal.node;

import io.mpcium.KeyScheme;
import io.mpcium.PartyId;
import io.mpcium.SignRequest;
import io.mpcium.SignatureResult;
import io.mpcium.hd.ChildKey;
import io.mpcium.internal.codec.MalformedMessageException;
import io.mpcium.protocol.Protocol;
import io.mpcium.protocol.ThresholdKeyShare;
import io.mpcium.protocol.dkg.Reshared;
import io.mpcium.protocol.dkg.Resharing;
import java.util.List;
import java.util.Optional;

/**
 * What a node needs from one signature scheme: its key generation, its share format, its signing
 * protocol and how a signing run's output becomes a {@link SignatureResult}. Stateless and
 * thread-safe; the protocols it creates are used once, by one session.
 */
interface SchemeEngine {

  KeyScheme scheme();

  /** One party's run of the scheme's distributed key generation. */
  Protocol<? extends ThresholdKeyShare> keyGen(byte[] sessionId, PartyId self,
      List<PartyId> participants, int threshold);

  /**
   * One party's run of the scheme's resharing to {@code committee} with {@code threshold}
   * signers; {@code oldShare} is present exactly when this party deals (not destroyed by the
   * run); a party that does not deal checks the dealers' package against {@code expected}.
   *
   * @throws IllegalArgumentException if the parties or thresholds are unacceptable
   */
  Protocol<? extends Reshared<? extends ThresholdKeyShare>> reshare(byte[] sessionId,
      PartyId self, Optional<ThresholdKeyShare> oldShare, List<PartyId> dealers,
      List<PartyId> committee, int threshold, Optional<Resharing.OldKey> expected);

  /** Decodes and validates a share produced by {@link ThresholdKeyShare#encode()}. */
  ThresholdKeyShare decodeShare(byte[] encoded) throws MalformedMessageException;

  /**
   * One party's run of the scheme's signing protocol with exactly {@code signers}.
   *
   * @throws IllegalArgumentException if the message or the signer set is unacceptable
   */
  Protocol<?> sign(ThresholdKeyShare share, byte[] sessionId, List<PartyId> signers,
      byte[] message);

  /**
   * One party's run of the signing protocol for {@code request} with exactly {@code signers}. By
   * default the request's message is signed; a scheme with signing options (the taproot tweak)
   * reads them here.
   *
   * @throws IllegalArgumentException if the request or the signer set is unacceptable
   */
  default Protocol<?> sign(ThresholdKeyShare share, byte[] sessionId, List<PartyId> signers,
      SignRequest request) {
    return sign(share, sessionId, signers, request.message());
  }

  /**
   * This party's share of the child key {@code child} of {@code share}'s key: {@code δ} added to
   * the Shamir share and {@code δ·G} to every verifying share and the public key (protocols.md
   * §5.1 (a); valid because Lagrange coefficients sum to one). Consumes {@code share}: its
   * secrets are wiped or handed over to the result, which the caller destroys; on failure the
   * caller still destroys {@code share}.
   *
   * @throws IllegalArgumentException if {@code child} was not derived from this share's key
   */
  ThresholdKeyShare derive(ThresholdKeyShare share, ChildKey child);

  /** {@code derived} if its key is the child's point, else it is destroyed and refused. */
  static <S extends ThresholdKeyShare> S checkedChild(S derived, ChildKey child) {
    if (!derived.publicKey().equals(child.point())) {
      derived.destroy();
      throw new IllegalArgumentException("child key " + child.path() + " was not derived from "
          + "this key share's public key");
    }
    return derived;
  }

  /** The public key of a share in the scheme's format (by default {@code publicKey().encode()}). */
  default byte[] publicKey(ThresholdKeyShare share) {
    return share.publicKey().encode();
  }

  /** The result of a signing run whose protocol output is {@code output}. */
  SignatureResult result(SignRequest request, ThresholdKeyShare share, Object output,
      List<PartyId> signers);
}
