package io.mpcium.hd;

import io.mpcium.crypto.Group;
import io.mpcium.crypto.GroupElement;
import io.mpcium.crypto.Scalar;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The public child-key derivation loop BIP32 CKDpub and Mpcium share: for each index {@code i},
 * {@code I = HMAC-SHA512(c, ser(P) ‖ ser32(i))}, {@code P ← P + I_L·G}, {@code c ← I_R}. The
 * curves differ only in {@code ser(P)} and in what a too-large {@code I_L} means. Public data
 * only; {@code I_L·G} uses the group's fixed-base multiplication, its fastest.
 */
final class CkdChain {
  static final int CHAIN_CODE_LENGTH = 32;

  private CkdChain() { }

  /**
   * @param serialize the 33-byte point encoding hashed at each level
   * @param reduce reduce {@code I_L} modulo the group order (Mpcium's Ed25519) instead of
   *     rejecting {@code I_L ≥ n} (BIP32)
   */
  static Derivation derive(Group group, GroupElement parent, byte[] chainCode,
      DerivationPath path, Function<GroupElement, byte[]> serialize, boolean reduce) {
    checkChainCode(chainCode);
    if (parent.isIdentity()) {
      throw new IllegalArgumentException("cannot derive from the identity");
    }
    BigInteger order = group.scalarField().modulus();
    GroupElement point = parent;
    byte[] code = chainCode.clone();
    Scalar tweak = group.scalarField().zero();
    Mac mac = hmacSha512();
    for (int level = 0; level < path.depth(); level++) {
      int index = path.index(level);
      byte[] ser = serialize.apply(point);
      byte[] data = new byte[ser.length + 4];
      System.arraycopy(ser, 0, data, 0, ser.length);
      data[ser.length] = (byte) (index >>> 24);
      data[ser.length + 1] = (byte) (index >>> 16);
      data[ser.length + 2] = (byte) (index >>> 8);
      data[ser.length + 3] = (byte) index;
      byte[] i = hmac(mac, code, data);
      BigInteger il = new BigInteger(1, java.util.Arrays.copyOfRange(i, 0, 32));
      if (!reduce && il.compareTo(order) >= 0) {
        throw invalidChild(path, level);
      }
      Scalar delta = group.scalarField().fromBigInteger(il);
      if (delta.isZero()) {
        throw invalidChild(path, level);
      }
      point = point.add(group.mulBase(delta));
      if (point.isIdentity()) {
        throw invalidChild(path, level);
      }
      tweak = tweak.add(delta);
      code = java.util.Arrays.copyOfRange(i, 32, 64);
    }
    return new Derivation(point, code, tweak);
  }

  static void checkChainCode(byte[] chainCode) {
    if (chainCode == null || chainCode.length != CHAIN_CODE_LENGTH) {
      throw new IllegalArgumentException("a chain code is " + CHAIN_CODE_LENGTH + " bytes, not "
          + (chainCode == null ? "null" : chainCode.length));
    }
  }

  private static IllegalArgumentException invalidChild(DerivationPath path, int level) {
    return new IllegalArgumentException("index " + path.index(level) + " at position " + level
        + " of " + path + " gives no valid child key (probability about 2^-127); use the next "
        + "index");
  }

  private static Mac hmacSha512() {
    try {
      return Mac.getInstance("HmacSHA512");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA512 is unavailable", e);
    }
  }

  private static byte[] hmac(Mac mac, byte[] key, byte[] data) {
    try {
      mac.init(new SecretKeySpec(key, "HmacSHA512"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA512 refused a 32-byte key", e);
    }
    return mac.doFinal(data);
  }
}
