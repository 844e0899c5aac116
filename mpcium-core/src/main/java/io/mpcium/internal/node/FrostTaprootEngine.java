package io.mpcium.internal.node;

import io.mpcium.KeyScheme;
import io.mpcium.PartyId;
import io.mpcium.SignRequest;
import io.mpcium.SignatureResult;
import io.mpcium.crypto.secp256k1.Bip340;
import io.mpcium.hd.ChildKey;
import io.mpcium.protocol.Protocol;
import io.mpcium.protocol.ThresholdKeyShare;
import io.mpcium.protocol.dkg.KeyShare;
import io.mpcium.protocol.frost.FrostSign;
import io.mpcium.protocol.frost.Secp256k1Taproot;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@link KeyScheme#SCHNORR}: Pedersen DKG over secp256k1 and FROST signing with BIP340's rules
 * ({@link Secp256k1Taproot}).
 *
 * <p>The stored share is the DKG's output as it is: a Shamir share of a full secp256k1 key
 * {@code P} of either Y parity, so resharing and HD derivation treat it like any other
 * secp256k1 share. Even-Y normalisation and the optional BIP341 tweak happen at signing time,
 * from public values every signer derives alike ({@link FrostSign#bip340Key}). The wallet's public
 * key is the 32-byte x-only {@code x(P)}.
 */
final class FrostTaprootEngine extends FrostEngine {
  static final FrostTaprootEngine INSTANCE = new FrostTaprootEngine();

  private FrostTaprootEngine() {
    super(KeyScheme.SCHNORR, Secp256k1Taproot.INSTANCE);
  }

  /**
   * The child of the even-Y internal key {@code lift_x(x(P))}, as clients derive it from the
   * x-only key: the share is negated first when {@code P} has odd Y, then tweaked. Signing
   * normalises the child to even Y and applies any taproot tweak as for the master key.
   */
  @Override
  public KeyShare derive(ThresholdKeyShare share, ChildKey child) {
    KeyShare keyShare = (KeyShare) share;
    if (Bip340.hasEvenY(keyShare.publicKey())) {
      return super.derive(keyShare, child);
    }
    KeyShare even = keyShare.negate();
    try {
      KeyShare derived = super.derive(even, child);
      share.destroy();
      return derived;
    } finally {
      even.destroy();
    }
  }

  /** Signs the message as is, under the x-only key (no taproot tweak). */
  @Override
  public Protocol<byte[]> sign(ThresholdKeyShare share, byte[] sessionId, List<PartyId> signers,
      byte[] message) {
    return FrostSign.bip340((KeyShare) share, signers, message, Optional.empty());
  }

  @Override
  public Protocol<byte[]> sign(ThresholdKeyShare share, byte[] sessionId, List<PartyId> signers,
      SignRequest request) {
    return FrostSign.bip340((KeyShare) share, signers, request.message(), request.taprootTweak());
  }

  /** The 32-byte x-only internal key. */
  @Override
  public byte[] publicKey(ThresholdKeyShare share) {
    return Bip340.xOnly(share.publicKey());
  }

  /** The public key is the x-only key the signature verifies under: the output key if tweaked. */
  @Override
  public SignatureResult result(SignRequest request, ThresholdKeyShare share, Object output,
      List<PartyId> signers) {
    byte[] internalKey = publicKey(share);
    byte[] key = request.taprootTweak().map(t -> t.outputKey(internalKey)).orElse(internalKey);
    return new SignatureResult(request.walletId(), scheme(), key, request.message(),
        (byte[]) output, OptionalInt.empty(), signers);
  }
}
