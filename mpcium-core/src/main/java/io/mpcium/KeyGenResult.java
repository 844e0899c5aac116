package io.mpcium;

import java.util.HexFormat;
import java.util.List;

/**
 * A generated key: its public key in the scheme's standard encoding (32 bytes RFC 8032 for
 * Ed25519, the 32-byte BIP340 x-only key for Schnorr, which is a Taproot internal key), who
 * holds shares and how many must sign. Public data. Immutable.
 */
public record KeyGenResult(String walletId, KeyScheme scheme, byte[] publicKey, int version,
    int threshold, List<PartyId> participants) {

  public KeyGenResult {
    publicKey = publicKey.clone();
    participants = List.copyOf(participants);
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof KeyGenResult r && walletId.equals(r.walletId) && scheme == r.scheme
        && java.util.Arrays.equals(publicKey, r.publicKey) && version == r.version
        && threshold == r.threshold && participants.equals(r.participants);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(walletId, scheme, java.util.Arrays.hashCode(publicKey));
  }

  @Override
  public String toString() {
    return "KeyGenResult[" + scheme.label() + ":" + walletId + " v" + version + ", " + threshold
        + "-of-" + participants.size() + ", publicKey=" + HexFormat.of().formatHex(publicKey) + "]";
  }
}
