package io.mpcium.crypto.secp256k1;

import io.mpcium.crypto.GroupElement;
import io.mpcium.crypto.InvalidEncodingException;
import io.mpcium.crypto.Scalar;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;

/**
 * BIP340 Schnorr signatures over secp256k1 on public values: tagged hashes, 32-byte x-only
 * public keys, the challenge and verification. Stateless and thread-safe; variable time (every
 * input is public).
 */
public final class Bip340 {
  /** Length of an x-only public key and of each half of a signature. */
  public static final int KEY_LENGTH = 32;

  /** Length of a signature {@code x(R) || s}. */
  public static final int SIGNATURE_LENGTH = 64;

  private static final Secp256k1Group GROUP = Secp256k1Group.INSTANCE;
  private static final String CHALLENGE_TAG = "BIP0340/challenge";

  private Bip340() { }

  /** {@code SHA256(SHA256(tag) || SHA256(tag) || parts...)} (BIP340, "Design"). */
  public static byte[] taggedHash(String tag, byte[]... parts) {
    MessageDigest sha = sha256();
    byte[] tagHash = sha.digest(tag.getBytes(StandardCharsets.UTF_8));
    sha.update(tagHash);
    sha.update(tagHash);
    for (byte[] part : parts) {
      sha.update(part);
    }
    return sha.digest();
  }

  /** The 32-byte x-only encoding {@code bytes(P)} of a point other than the identity. */
  public static byte[] xOnly(GroupElement point) {
    if (Secp256k1Point.of(point).isIdentity()) {
      throw new IllegalArgumentException("the identity has no x-only encoding");
    }
    byte[] compressed = point.encode();
    return Arrays.copyOfRange(compressed, 1, 33);
  }

  /** Whether a point other than the identity has an even y coordinate. */
  public static boolean hasEvenY(GroupElement point) {
    return !Secp256k1Point.of(point).yIsOdd();
  }

  /**
   * {@code lift_x}: the point with x coordinate {@code x} and even y.
   *
   * @throws InvalidEncodingException if {@code x} is not 32 bytes, is not below p or is not the x
   *     coordinate of a curve point
   */
  public static Secp256k1Point liftX(byte[] x) throws InvalidEncodingException {
    if (x == null || x.length != KEY_LENGTH) {
      throw new InvalidEncodingException("an x-only public key must be 32 bytes");
    }
    byte[] compressed = new byte[33];
    compressed[0] = 0x02;
    System.arraycopy(x, 0, compressed, 1, KEY_LENGTH);
    return GROUP.decodeElement(compressed);
  }

  /**
   * The challenge {@code e = int(hash_BIP0340/challenge(x(R) || x(P) || m)) mod n}.
   *
   * @param rx the 32-byte x coordinate of the nonce point
   * @param px the 32-byte x-only public key
   * @param message the message, of any length
   */
  public static Scalar challenge(byte[] rx, byte[] px, byte[] message) {
    return GROUP.scalarField().reduceBE(taggedHash(CHALLENGE_TAG, rx, px, message));
  }

  /**
   * BIP340 {@code Verify(pk, m, sig)} for a message of any length. Returns false, never throws,
   * for malformed keys and signatures.
   */
  public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    if (publicKey == null || message == null || signature == null
        || signature.length != SIGNATURE_LENGTH) {
      return false;
    }
    Secp256k1Point p;
    Scalar s;
    try {
      p = liftX(publicKey);
      s = GROUP.decodeScalar(Arrays.copyOfRange(signature, 32, 64));
    } catch (InvalidEncodingException e) {
      return false;
    }
    byte[] rx = Arrays.copyOfRange(signature, 0, 32);
    if (new BigInteger(1, rx).compareTo(GROUP.fieldPrime()) >= 0) {
      return false;
    }
    Scalar e = challenge(rx, publicKey, message);
    Secp256k1Point r = GROUP.multiScalarMulVartime(List.of(s, e.negate()),
        List.of(GROUP.generator(), p));
    return !r.isIdentity() && !r.yIsOdd() && Arrays.equals(xOnly(r), rx);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
