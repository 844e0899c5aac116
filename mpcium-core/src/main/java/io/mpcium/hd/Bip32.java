package io.mpcium.hd;

import io.mpcium.crypto.GroupElement;
import io.mpcium.crypto.secp256k1.Secp256k1Group;

/**
 * BIP32 public child-key derivation (CKDpub, {@code bip-0032.mediawiki} "Public parent key →
 * public child key") over secp256k1: {@code ser_P} is the 33-byte compressed point, and an
 * {@code I_L ≥ n} or a child at infinity is an error (BIP32: "proceed with the next value for
 * i"), as Mpcium's {@code ckdutil} does. Mpcium's secp256k1 derivation is exactly this, with the
 * cluster chain code and the wallet key as a depth-0 extended public key. Stateless.
 */
public final class Bip32 {
  private Bip32() { }

  /**
   * Derives the child of {@code parent} (a secp256k1 point) along {@code path}.
   *
   * @throws IllegalArgumentException if the chain code is not 32 bytes, {@code parent} is not a
   *     secp256k1 point other than the identity, or a level gives no valid child
   */
  public static Derivation derive(GroupElement parent, byte[] chainCode, DerivationPath path) {
    if (!(parent.group() instanceof Secp256k1Group)) {
      throw new IllegalArgumentException("BIP32 derivation needs a secp256k1 point");
    }
    return CkdChain.derive(Secp256k1Group.INSTANCE, parent, chainCode, path,
        GroupElement::encode, false);
  }
}
