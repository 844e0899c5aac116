package io.mpcium.spi;

import io.mpcium.PartyId;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A node's public identity: its id, its Ed25519 public key (verifies its envelopes and
 * proposals) and its X25519 public key (point-to-point payloads are encrypted to it). Public
 * data only. Immutable.
 */
public record PeerInfo(PartyId id, byte[] signingKey, byte[] agreementKey) {
  public static final int KEY_LENGTH = 32;

  public PeerInfo {
    Objects.requireNonNull(id, "id");
    if (signingKey.length != KEY_LENGTH || agreementKey.length != KEY_LENGTH) {
      throw new IllegalArgumentException("peer keys must be " + KEY_LENGTH + " bytes");
    }
    signingKey = signingKey.clone();
    agreementKey = agreementKey.clone();
  }

  @Override
  public byte[] signingKey() {
    return signingKey.clone();
  }

  @Override
  public byte[] agreementKey() {
    return agreementKey.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PeerInfo p && id.equals(p.id)
        && Arrays.equals(signingKey, p.signingKey) && Arrays.equals(agreementKey, p.agreementKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, Arrays.hashCode(signingKey));
  }

  @Override
  public String toString() {
    return "PeerInfo[" + id + ", ed25519=" + HexFormat.of().formatHex(signingKey) + "]";
  }
}
