package io.mpcium;

import java.util.HexFormat;
import java.util.List;

/**
 * A threshold signature, already verified against the wallet's public key with the scheme's
 * standard verifier before it was returned. For Ed25519: 64 bytes {@code R || S} (RFC 8032).
 * Immutable.
 */
public record SignatureResult(String walletId, KeyScheme scheme, byte[] publicKey,
    byte[] message, byte[] signature, List<PartyId> signers) {

  public SignatureResult {
    publicKey = publicKey.clone();
    message = message.clone();
    signature = signature.clone();
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
        && java.util.Arrays.equals(message, r.message) && signers.equals(r.signers);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(walletId, scheme, java.util.Arrays.hashCode(signature));
  }

  @Override
  public String toString() {
    return "SignatureResult[" + scheme.label() + ":" + walletId + ", signers " + signers
        + ", signature=" + HexFormat.of().formatHex(signature) + "]";
  }
}
