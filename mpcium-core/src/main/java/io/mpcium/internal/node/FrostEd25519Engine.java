package io.mpcium.internal.node;

import io.mpcium.KeyScheme;
import io.mpcium.PartyId;
import io.mpcium.SignRequest;
import io.mpcium.SignatureResult;
import io.mpcium.protocol.Protocol;
import io.mpcium.protocol.ThresholdKeyShare;
import io.mpcium.protocol.dkg.KeyShare;
import io.mpcium.protocol.frost.Ed25519Sha512;
import io.mpcium.protocol.frost.FrostSign;
import java.util.List;
import java.util.OptionalInt;

/** {@link KeyScheme#ED25519}: Pedersen DKG and FROST(Ed25519, SHA-512) signing (RFC 9591). */
final class FrostEd25519Engine extends FrostEngine {
  static final FrostEd25519Engine INSTANCE = new FrostEd25519Engine();

  private FrostEd25519Engine() {
    super(KeyScheme.ED25519, Ed25519Sha512.INSTANCE);
  }

  @Override
  public Protocol<byte[]> sign(ThresholdKeyShare share, byte[] sessionId, List<PartyId> signers,
      byte[] message) {
    return new FrostSign(suite, (KeyShare) share, signers, message);
  }

  @Override
  public SignatureResult result(SignRequest request, ThresholdKeyShare share, Object output,
      List<PartyId> signers) {
    return new SignatureResult(request.walletId(), scheme(), share.publicKey().encode(),
        request.message(), (byte[]) output, OptionalInt.empty(), signers);
  }
}
