package io.mpcium.crypto.secp256k1;

import io.mpcium.crypto.InvalidEncodingException;
import io.mpcium.crypto.Scalar;
import java.util.Optional;

/**
 * The BIP341 Taproot commitment on public keys: the tweak {@code t = int(hash_TapTweak(x(P) ||
 * merkle_root))} (with an empty merkle root for an output without a script tree) and the output
 * key {@code Q = lift_x(x(P)) + t·G}. Stateless and thread-safe; public values only.
 */
public final class Taproot {
  /** Length of a script-tree merkle root. */
  public static final int MERKLE_ROOT_LENGTH = 32;

  private static final String TAP_TWEAK = "TapTweak";

  private Taproot() { }

  /**
   * The tweak of internal key {@code x(P)} committing to {@code merkleRoot}, or to no script
   * tree when it is empty (BIP341 {@code taproot_tweak_pubkey}; BIP86 for the key-path-only case).
   *
   * @throws IllegalArgumentException if the merkle root is not 32 bytes or the tweak is not
   *     below the group order (BIP341 rejects such a key; probability about 2^-128)
   */
  public static Scalar tweak(byte[] internalKey, Optional<byte[]> merkleRoot) {
    if (internalKey.length != Bip340.KEY_LENGTH) {
      throw new IllegalArgumentException("an internal key must be 32 bytes (x-only)");
    }
    byte[] root = merkleRoot.orElse(new byte[0]);
    if (merkleRoot.isPresent() && root.length != MERKLE_ROOT_LENGTH) {
      throw new IllegalArgumentException("a taproot merkle root must be 32 bytes");
    }
    try {
      return Secp256k1Group.INSTANCE.decodeScalar(Bip340.taggedHash(TAP_TWEAK, internalKey, root));
    } catch (InvalidEncodingException e) {
      throw new IllegalArgumentException("the taproot tweak is not below the group order");
    }
  }

  /**
   * The full output point {@code Q = lift_x(internalKey) + t·G}; its x coordinate is the output
   * key of the segwit v1 output, its y parity goes into script-path control blocks.
   *
   * @throws IllegalArgumentException if the internal key is not a valid x-only key, the tweak is
   *     out of range or Q is the identity
   */
  public static Secp256k1Point outputPoint(byte[] internalKey, Optional<byte[]> merkleRoot) {
    Secp256k1Point p;
    try {
      p = Bip340.liftX(internalKey);
    } catch (InvalidEncodingException e) {
      throw new IllegalArgumentException("invalid internal key: " + e.getMessage());
    }
    Secp256k1Group group = Secp256k1Group.INSTANCE;
    Secp256k1Point q = p.add(group.mulBase(tweak(internalKey, merkleRoot)));
    if (q.isIdentity()) {
      throw new IllegalArgumentException("the tweaked key is the identity");
    }
    return q;
  }

  /** The 32-byte x-only output key {@code x(Q)}. */
  public static byte[] outputKey(byte[] internalKey, Optional<byte[]> merkleRoot) {
    return Bip340.xOnly(outputPoint(internalKey, merkleRoot));
  }
}
