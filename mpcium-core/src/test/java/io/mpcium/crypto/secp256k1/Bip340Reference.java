package io.mpcium.crypto.secp256k1;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * BIP340 verification transcribed from the pseudo-code of {@code bip-0340.mediawiki}
 * ("Verification", with its {@code lift_x}, point addition and multiplication) on plain {@code
 * BigInteger} affine coordinates: an independent reference for tests, sharing no code with the
 * library. Handles messages of any length. Slow and variable time; public values only.
 */
public final class Bip340Reference {
  private static final BigInteger P = new BigInteger(
      "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F", 16);
  private static final BigInteger N = new BigInteger(
      "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);
  private static final BigInteger[] G = {
    new BigInteger("79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798", 16),
    new BigInteger("483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8", 16)};
  private static final BigInteger SEVEN = BigInteger.valueOf(7);

  private Bip340Reference() { }

  /** {@code Verify(pk, m, sig)} of BIP340. */
  public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    if (publicKey.length != 32 || signature.length != 64) {
      return false;
    }
    BigInteger[] pk = liftX(new BigInteger(1, publicKey));
    if (pk == null) {
      return false;
    }
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
    if (r.compareTo(P) >= 0 || s.compareTo(N) >= 0) {
      return false;
    }
    BigInteger e = new BigInteger(1, taggedHash("BIP0340/challenge",
        Arrays.copyOfRange(signature, 0, 32), publicKey, message)).mod(N);
    BigInteger[] big = add(mul(G, s), mul(pk, N.subtract(e)));
    return big != null && !big[1].testBit(0) && big[0].equals(r);
  }

  private static BigInteger[] liftX(BigInteger x) {
    if (x.compareTo(P) >= 0) {
      return null;
    }
    BigInteger c = x.modPow(BigInteger.valueOf(3), P).add(SEVEN).mod(P);
    BigInteger y = c.modPow(P.add(BigInteger.ONE).shiftRight(2), P);
    if (!y.modPow(BigInteger.TWO, P).equals(c)) {
      return null;
    }
    return new BigInteger[] {x, y.testBit(0) ? P.subtract(y) : y};
  }

  /** Affine addition; null is the point at infinity. */
  private static BigInteger[] add(BigInteger[] p1, BigInteger[] p2) {
    if (p1 == null) {
      return p2;
    }
    if (p2 == null) {
      return p1;
    }
    if (p1[0].equals(p2[0]) && !p1[1].equals(p2[1])) {
      return null;
    }
    BigInteger lambda;
    if (p1[0].equals(p2[0])) {
      lambda = BigInteger.valueOf(3).multiply(p1[0].pow(2))
          .multiply(p1[1].shiftLeft(1).modPow(P.subtract(BigInteger.TWO), P)).mod(P);
    } else {
      lambda = p2[1].subtract(p1[1])
          .multiply(p2[0].subtract(p1[0]).modPow(P.subtract(BigInteger.TWO), P)).mod(P);
    }
    BigInteger x3 = lambda.pow(2).subtract(p1[0]).subtract(p2[0]).mod(P);
    return new BigInteger[] {x3, lambda.multiply(p1[0].subtract(x3)).subtract(p1[1]).mod(P)};
  }

  private static BigInteger[] mul(BigInteger[] point, BigInteger k) {
    BigInteger[] result = null;
    for (int i = k.bitLength() - 1; i >= 0; i--) {
      result = add(result, result);
      if (k.testBit(i)) {
        result = add(result, point);
      }
    }
    return result;
  }

  private static byte[] taggedHash(String tag, byte[]... parts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] tagHash = sha.digest(tag.getBytes(StandardCharsets.UTF_8));
      sha.update(tagHash);
      sha.update(tagHash);
      for (byte[] part : parts) {
        sha.update(part);
      }
      return sha.digest();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
