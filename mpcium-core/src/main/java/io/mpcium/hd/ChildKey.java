package io.mpcium.hd;

import io.mpcium.KeyScheme;
import io.mpcium.crypto.GroupElement;
import io.mpcium.crypto.Scalar;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A wallet's child key as a client re-derives it offline: the parent (wallet) public key and the
 * chain code it was derived with, the path, and the child public key in the scheme's encoding
 * (33-byte compressed SEC1 for secp256k1, 32 bytes RFC 8032 for Ed25519, 32-byte x-only for
 * BIP340). Also carries the child's own chain code, the full child point and the total tweak
 * {@code δ} with {@code child = parent + δ·G}. All public. Immutable.
 *
 * <p>For {@link KeyScheme#SCHNORR} the parent is the even-Y point with the wallet's x-only key
 * ({@code lift_x}); the child point may have either Y parity; the signature is made under its
 * x-only key (BIP340 normalises at signing time), or under its BIP341 output key when tweaked.
 */
public record ChildKey(KeyScheme scheme, DerivationPath path, byte[] parentPublicKey,
    byte[] parentChainCode, byte[] publicKey, byte[] chainCode, GroupElement point,
    Scalar tweak) {

  public ChildKey {
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(point, "point");
    Objects.requireNonNull(tweak, "tweak");
    parentPublicKey = parentPublicKey.clone();
    parentChainCode = parentChainCode.clone();
    publicKey = publicKey.clone();
    chainCode = chainCode.clone();
  }

  @Override
  public byte[] parentPublicKey() {
    return parentPublicKey.clone();
  }

  @Override
  public byte[] parentChainCode() {
    return parentChainCode.clone();
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  @Override
  public byte[] chainCode() {
    return chainCode.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ChildKey k && scheme == k.scheme && path.equals(k.path)
        && java.util.Arrays.equals(parentPublicKey, k.parentPublicKey)
        && java.util.Arrays.equals(parentChainCode, k.parentChainCode)
        && java.util.Arrays.equals(publicKey, k.publicKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(scheme, path, java.util.Arrays.hashCode(publicKey));
  }

  @Override
  public String toString() {
    return "ChildKey[" + scheme.label() + " " + path + ", publicKey="
        + HexFormat.of().formatHex(publicKey) + "]";
  }
}
