package io.mpcium;

import java.util.HexFormat;
import java.util.List;
import java.util.OptionalInt;

/**
 * A threshold signature, already verified against the wallet's public key with the scheme's
 * standard verifier before it was returned. Immutable.
 *
 * <ul>
 *   <li>Ed25519: {@code signature} is 64 bytes {@code R || S} (RFC 8032) over {@code message};
 *       no recovery id.
 *   <li>secp256k1: {@code signature} is 64 bytes {@code r || s} with low S (s ≤ n/2) over the
 *       32-byte digest {@code message}, and {@code recoveryId} is 0 or 1 (Ethereum's {@code v}
 *       is 27 plus it); {@code publicKey} is 33-byte compressed SEC1.
 *   <li>Schnorr (BIP340): {@code signature} is 64 bytes {@code x(R) || s} over {@code message}
 *       (any length; Bitcoin signs a 32-byte sighash); {@code publicKey} is the 32-byte x-only
 *       key it verifies under: the wallet's key, or its BIP341 output key when the request had a
 *       {@link TaprootTweak}; no recovery id.
 * </ul>
 */
public record SignatureResult(String walletId, KeyScheme scheme, byte[] publicKey,
    byte[] message, byte[] signature, OptionalInt recoveryId, List<PartyId> signers) {

  public SignatureResult {
    publicKey = publicKey.clone();
    message = message.clone();
    signature = signature.clone();
    java.util.Objects.requireNonNull(recoveryId, "recoveryId");
    signers = List.copyOf(signers);
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  @Override
  public byte[] message() {
    return message.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SignatureResult r && walletId.equals(r.walletId)
        && scheme == r.scheme && java.util.Arrays.equals(signature, r.signature)
        && java.util.Arrays.equals(message, r.message) && recoveryId.equals(r.recoveryId)
        && signers.equals(r.signers);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(walletId, scheme, java.util.Arrays.hashCode(signature));
  }

  @Override
  public String toString() {
    return "SignatureResult[" + scheme.label() + ":" + walletId + ", signers " + signers
        + ", signature=" + HexFormat.of().formatHex(signature)
        + (recoveryId.isPresent() ? ", recoveryId=" + recoveryId.getAsInt() : "") + "]";
  }
}
