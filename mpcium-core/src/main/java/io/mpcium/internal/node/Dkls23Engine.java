package io.mpcium.internal.node;

import io.mpcium.KeyScheme;
import io.mpcium.PartyId;
import io.mpcium.SignRequest;
import io.mpcium.SignatureResult;
import io.mpcium.crypto.secp256k1.EcdsaSignature;
import io.mpcium.hd.ChildKey;
import io.mpcium.internal.codec.MalformedMessageException;
import io.mpcium.protocol.Protocol;
import io.mpcium.protocol.ThresholdKeyShare;
import io.mpcium.protocol.dkls23.Dkls23KeyGen;
import io.mpcium.protocol.dkg.Reshared;
import io.mpcium.protocol.dkg.Resharing;
import io.mpcium.protocol.dkls23.Dkls23KeyShare;
import io.mpcium.protocol.dkls23.Dkls23Reshare;
import io.mpcium.protocol.dkls23.Dkls23Sign;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@link KeyScheme#SECP256K1}: DKLs23 key generation and resharing (Pedersen DKG or resharing
 * plus the pairwise OT setup) and three-round DKLs23 signing of a 32-byte digest, finished as a low-S ECDSA signature with
 * its recovery id.
 */
final class Dkls23Engine implements SchemeEngine {
  static final Dkls23Engine INSTANCE = new Dkls23Engine();

  private Dkls23Engine() {}

  @Override
  public KeyScheme scheme() {
    return KeyScheme.SECP256K1;
  }

  @Override
  public Protocol<Dkls23KeyShare> keyGen(byte[] sessionId, PartyId self,
      List<PartyId> participants, int threshold) {
    return new Dkls23KeyGen(sessionId, self, participants, threshold);
  }

  /** The Shamir share tweaked; key id, pairwise setup and bans unchanged. */
  @Override
  public Dkls23KeyShare derive(ThresholdKeyShare share, ChildKey child) {
    Dkls23KeyShare dkls = (Dkls23KeyShare) share;
    if (!dkls.publicKey().add(dkls.publicKey().group().mulBase(child.tweak()))
        .equals(child.point())) {
      throw new IllegalArgumentException("child key " + child.path() + " was not derived from "
          + "this key share's public key");
    }
    return dkls.moveToChild(child.tweak());
  }

  @Override
  public Protocol<Reshared<Dkls23KeyShare>> reshare(byte[] sessionId, PartyId self,
      Optional<ThresholdKeyShare> oldShare, List<PartyId> dealers, List<PartyId> committee,
      int threshold, Optional<Resharing.OldKey> expected) {
    return new Dkls23Reshare(sessionId, self, oldShare.map(Dkls23KeyShare.class::cast), dealers,
        committee, threshold, expected);
  }

  @Override
  public Dkls23KeyShare decodeShare(byte[] encoded) throws MalformedMessageException {
    return Dkls23KeyShare.decode(encoded);
  }

  @Override
  public Protocol<EcdsaSignature> sign(ThresholdKeyShare share, byte[] sessionId,
      List<PartyId> signers, byte[] message) {
    if (message.length != 32) {
      throw new IllegalArgumentException("a secp256k1 signing request carries the 32-byte digest "
          + "to sign, not " + message.length + " bytes");
    }
    return new Dkls23Sign((Dkls23KeyShare) share, sessionId, signers, message);
  }

  @Override
  public SignatureResult result(SignRequest request, ThresholdKeyShare share, Object output,
      List<PartyId> signers) {
    EcdsaSignature signature = (EcdsaSignature) output;
    return new SignatureResult(request.walletId(), scheme(), publicKey(share), request.message(),
        signature.toCompact(), OptionalInt.of(signature.recoveryId()), signers);
  }
}
