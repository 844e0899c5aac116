package io.mpcium.hd;

import io.mpcium.KeyScheme;
import io.mpcium.crypto.GroupElement;
import io.mpcium.crypto.InvalidEncodingException;
import io.mpcium.crypto.ed25519.Ed25519Group;
import io.mpcium.crypto.secp256k1.Bip340;
import io.mpcium.crypto.secp256k1.Secp256k1Group;
import io.mpcium.internal.codec.ByteWriter;

/**
 * Child keys of a wallet key, per scheme, from public data alone — what a client computes offline
 * and what the nodes compute before signing with a child key:
 *
 * <ul>
 *   <li>{@link KeyScheme#SECP256K1}: BIP32 CKDpub ({@link Bip32}); identical to Mpcium's.
 *   <li>{@link KeyScheme#ED25519}: Mpcium's scheme ({@link MpciumEd25519Derivation}).
 *   <li>{@link KeyScheme#SCHNORR}: BIP32 CKDpub from the even-Y point with the wallet's x-only key
 *       ({@code 0x02 ‖ x}); the child's x-only key is the BIP340 key.
 * </ul>
 *
 * <p>The chain code is the cluster's, when one is configured (Mpcium's {@code chain_code}), else
 * {@link #defaultChainCode}: a hash of the scheme and the wallet's public key. The default needs
 * no storage and survives resharing, but anyone who knows the wallet key can compute it, so child
 * keys are then linkable to the wallet; a secret cluster chain code keeps them unlinkable for
 * whoever does not know it. Stateless; thread-safe.
 */
public final class HdDerivation {
  private static final String DEFAULT_CHAIN_CODE_TAG = "mpcium/hd/default-chain-code/v1";

  private HdDerivation() { }

  /**
   * The child of a wallet key along {@code path}.
   *
   * @param parentPublicKey the wallet's public key in the scheme's encoding
   * @param chainCode 32 bytes
   * @throws IllegalArgumentException if the key or chain code is malformed, or a level of the
   *     path gives no valid child (probability about 2^-127; use another index)
   */
  public static ChildKey derive(KeyScheme scheme, byte[] parentPublicKey, byte[] chainCode,
      DerivationPath path) {
    CkdChain.checkChainCode(chainCode);
    GroupElement parent = decode(scheme, parentPublicKey);
    Derivation derivation = switch (scheme) {
      case SECP256K1, SCHNORR -> Bip32.derive(parent, chainCode, path);
      case ED25519 -> MpciumEd25519Derivation.derive(parent, chainCode, path);
    };
    byte[] childKey = scheme == KeyScheme.SCHNORR ? Bip340.xOnly(derivation.point())
        : derivation.point().encode();
    return new ChildKey(scheme, path, parentPublicKey, chainCode, childKey,
        derivation.chainCode(), derivation.point(), derivation.tweak());
  }

  /**
   * The chain code of a wallet key when the cluster configures none: {@code SHA-256} tagged
   * {@code "mpcium/hd/default-chain-code/v1"} over the scheme label and the public key
   * (length-prefixed). Derivable by anyone who knows the public key.
   */
  public static byte[] defaultChainCode(KeyScheme scheme, byte[] publicKey) {
    decode(scheme, publicKey);
    return Bip340.taggedHash(DEFAULT_CHAIN_CODE_TAG,
        new ByteWriter().string(scheme.label()).bytes(publicKey).toByteArray());
  }

  private static GroupElement decode(KeyScheme scheme, byte[] publicKey) {
    try {
      return switch (scheme) {
        case SECP256K1 -> Secp256k1Group.INSTANCE.decodeElement(publicKey);
        case ED25519 -> Ed25519Group.INSTANCE.decodeElement(publicKey);
        case SCHNORR -> Bip340.liftX(publicKey);
      };
    } catch (InvalidEncodingException e) {
      throw new IllegalArgumentException("not a " + scheme.label() + " public key: "
          + e.getMessage());
    }
  }
}
