package io.mpcium.internal.node;

import io.mpcium.KeyScheme;
import io.mpcium.PartyId;
import io.mpcium.SignRequest;
import io.mpcium.SignatureResult;
import io.mpcium.internal.codec.MalformedMessageException;
import io.mpcium.protocol.Protocol;
import io.mpcium.protocol.ThresholdKeyShare;
import io.mpcium.protocol.dkg.Reshared;
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
   * run).
   *
   * @throws IllegalArgumentException if the parties or thresholds are unacceptable
   */
  Protocol<? extends Reshared<? extends ThresholdKeyShare>> reshare(byte[] sessionId,
      PartyId self, Optional<ThresholdKeyShare> oldShare, List<PartyId> dealers,
      List<PartyId> committee, int threshold);

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

  /** The public key of a share in the scheme's format (by default {@code publicKey().encode()}). */
  default byte[] publicKey(ThresholdKeyShare share) {
    return share.publicKey().encode();
  }

  /** The result of a signing run whose protocol output is {@code output}. */
  SignatureResult result(SignRequest request, ThresholdKeyShare share, Object output,
      List<PartyId> signers);
}
