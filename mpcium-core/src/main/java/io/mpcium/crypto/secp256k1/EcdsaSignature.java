package io.mpcium.crypto.secp256k1;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An ECDSA signature over secp256k1 as Ethereum and Bitcoin software expect it: {@code r} and a
 * low {@code s} (s ≤ n/2, BIP-62/EIP-2), each 32 bytes big-endian, and the recovery id (bit 0:
 * parity of R's y; bit 1: R's x was at least n) that lets a verifier recover the public key.
 * Immutable; accessors return copies.
 */
public final class EcdsaSignature {
  private final byte[] r;
  private final byte[] s;
  private final int recoveryId;

  /**
   * Wraps the parts without checking them against a key; use {@link Ecdsa#verify} for that.
   *
   * @throws IllegalArgumentException if r or s is not 32 bytes or the recovery id is not 0–3
   */
  public EcdsaSignature(byte[] r, byte[] s, int recoveryId) {
    Objects.requireNonNull(r, "r");
    Objects.requireNonNull(s, "s");
    if (r.length != 32 || s.length != 32) {
      throw new IllegalArgumentException("r and s must be 32 bytes each");
    }
    if (recoveryId < 0 || recoveryId > 3) {
      throw new IllegalArgumentException("recovery id must be 0 to 3, not " + recoveryId);
    }
    this.r = r.clone();
    this.s = s.clone();
    this.recoveryId = recoveryId;
  }

  /** r, 32 bytes big-endian. */
  public byte[] r() {
    return r.clone();
  }

  /** s, 32 bytes big-endian. */
  public byte[] s() {
    return s.clone();
  }

  /** The recovery id, 0 or 1 in practice (2 and 3 only when R's x was at least n). */
  public int recoveryId() {
    return recoveryId;
  }

  /** The 64-byte compact form {@code r || s}. */
  public byte[] toCompact() {
    byte[] out = Arrays.copyOf(r, 64);
    System.arraycopy(s, 0, out, 32, 32);
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EcdsaSignature
        && recoveryId == ((EcdsaSignature) o).recoveryId
        && Arrays.equals(r, ((EcdsaSignature) o).r)
        && Arrays.equals(s, ((EcdsaSignature) o).s);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(toCompact()) + recoveryId;
  }

  @Override
  public String toString() {
    return "EcdsaSignature[" + HexFormat.of().formatHex(toCompact()) + ", recoveryId="
        + recoveryId + "]";
  }
}
