package io.mpcium.hd;

import io.mpcium.crypto.GroupElement;
import io.mpcium.crypto.ed25519.Ed25519Group;
import io.mpcium.crypto.ed25519.Ed25519Point;

/**
 * Mpcium's non-hardened Ed25519 child-key derivation (fystack/mpcium {@code pkg/ckdutil}, fystack
 * tss-lib {@code crypto/ckd}), reproduced so that Mpcium-derived addresses stay the same. It is
 * the BIP32 CKDpub loop on edwards25519 with two particularities: the hashed point encoding is
 * SEC1-style, {@code 0x02 | (y mod 2)} followed by the affine x coordinate as 32 bytes
 * big-endian (not RFC 8032), and {@code I_L} is reduced modulo the group order L instead of
 * being rejected when it is larger. It is neither SLIP-0010 nor BIP32-Ed25519.
 *
 * <p>Note: with this additive scheme a leaked child private key together with the chain code
 * reveals the parent private key (as for any non-hardened BIP32 derivation). Stateless.
 */
public final class MpciumEd25519Derivation {
  private MpciumEd25519Derivation() { }

  /**
   * Derives the child of {@code parent} (an edwards25519 point) along {@code path}.
   *
   * @throws IllegalArgumentException if the chain code is not 32 bytes, {@code parent} is not an
   *     edwards25519 point other than the identity, or a level gives no valid child
   */
  public static Derivation derive(GroupElement parent, byte[] chainCode, DerivationPath path) {
    if (!(parent instanceof Ed25519Point)) {
      throw new IllegalArgumentException("Mpcium Ed25519 derivation needs an edwards25519 point");
    }
    return CkdChain.derive(Ed25519Group.INSTANCE, parent, chainCode, path,
        MpciumEd25519Derivation::serialize, true);
  }

  /** {@code [0x02 | (y mod 2)] ‖ x} with x big-endian: the bytes Mpcium hashes for a point. */
  static byte[] serialize(GroupElement point) {
    Ed25519Point p = (Ed25519Point) point;
    byte[] xLittleEndian = p.affineX();
    byte[] out = new byte[33];
    out[0] = (byte) (0x02 | (p.affineY()[0] & 1));
    for (int i = 0; i < 32; i++) {
      out[1 + i] = xLittleEndian[31 - i];
    }
    return out;
  }
}
