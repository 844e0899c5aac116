package io.mpcium.crypto.secp256k1;

import fr.acinq.secp256k1.Secp256k1;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Bitcoin Core's libsecp256k1 (through ACINQ's JNI binding) as an independent reference for
 * tests: BIP340 verification and the BIP341 output key, computed without any of this library's
 * curve or hash code.
 */
public final class Libsecp256k1 {
  private static final Secp256k1 LIB = Secp256k1.get();

  private Libsecp256k1() { }

  /**
   * libsecp256k1's {@code secp256k1_schnorrsig_verify}; false for malformed keys and signatures.
   * The JNI binding takes 32-byte messages only (Bitcoin's sighashes); use {@link Bip340Reference}
   * for other lengths.
   */
  public static boolean verifySchnorr(byte[] xOnlyKey, byte[] message, byte[] signature) {
    if (message.length != 32) {
      throw new IllegalArgumentException("the libsecp256k1 binding verifies 32-byte messages only");
    }
    try {
      return LIB.verifySchnorr(signature, message, xOnlyKey);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * The BIP341 output key {@code x(lift_x(P) + int(hash_TapTweak(P || root))·G)}: the tagged hash
   * written out from BIP340's definition, the point addition by libsecp256k1.
   */
  public static byte[] taprootOutputKey(byte[] xOnlyInternalKey, byte[] merkleRoot)
      throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    byte[] tag = sha.digest("TapTweak".getBytes(StandardCharsets.US_ASCII));
    sha.update(tag);
    sha.update(tag);
    sha.update(xOnlyInternalKey);
    sha.update(merkleRoot);
    byte[] tweak = sha.digest();
    byte[] even = new byte[33];
    even[0] = 2;
    System.arraycopy(xOnlyInternalKey, 0, even, 1, 32);
    byte[] q = LIB.pubKeyTweakAdd(LIB.pubkeyParse(even), tweak);
    return Arrays.copyOfRange(LIB.pubKeyCompress(q), 1, 33);
  }

  /** The 32-byte x-only public key of a secret key, by libsecp256k1. */
  public static byte[] xOnlyPublicKey(byte[] secretKey) {
    return Arrays.copyOfRange(LIB.pubKeyCompress(LIB.pubkeyCreate(secretKey)), 1, 33);
  }
}
