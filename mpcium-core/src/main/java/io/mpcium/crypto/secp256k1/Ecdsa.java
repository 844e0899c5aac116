package io.mpcium.crypto.secp256k1;

import io.mpcium.crypto.InvalidEncodingException;
import io.mpcium.crypto.Scalar;
import io.mpcium.crypto.ScalarField;
import java.math.BigInteger;
import java.util.List;
import java.util.Objects;

/**
 * ECDSA over secp256k1 on public values (SEC 1 §4.1.4 verification, §4.1.6 public-key recovery):
 * the last step of every threshold signing, which turns (r, s) into a low-S signature with its
 * recovery id and refuses to release anything that does not verify. Stateless and thread-safe;
 * every input here is public, so variable-time arithmetic is used.
 */
public final class Ecdsa {
  private static final Secp256k1Group GROUP = Secp256k1Group.INSTANCE;

  private Ecdsa() {}

  /**
   * The message scalar e of SEC 1 §4.1.3 step 5 for a 32-byte digest: the digest as a big-endian
   * integer, reduced mod n.
   *
   * @throws IllegalArgumentException if the digest is not 32 bytes
   */
  public static Scalar digestScalar(byte[] digest) {
    requireDigest(digest);
    return GROUP.scalarField().reduceBE(digest);
  }

  /**
   * Normalizes (r, s) to low S (s := n − s when s > n/2), verifies the result against the public
   * key and computes the recovery id from the point R' = s⁻¹·(e·G + r·Q) of the final s.
   *
   * @throws InvalidSignatureException if r or s is zero or the signature does not verify
   */
  public static EcdsaSignature finish(Secp256k1Point publicKey, byte[] digest, Scalar r, Scalar s)
      throws InvalidSignatureException {
    Objects.requireNonNull(publicKey, "publicKey");
    requireDigest(digest);
    if (r.isZero() || s.isZero()) {
      throw new InvalidSignatureException("r or s is zero");
    }
    BigInteger half = GROUP.order().shiftRight(1);
    Scalar lowS = s.toBigInteger().compareTo(half) > 0 ? s.negate() : s;
    Secp256k1Point rPoint = recomputeR(publicKey, digestScalar(digest), r, lowS);
    if (rPoint == null) {
      throw new InvalidSignatureException("signature does not verify against the public key");
    }
    int recoveryId = (rPoint.yIsOdd() ? 1 : 0) | (rPoint.x().compareTo(GROUP.order()) >= 0 ? 2 : 0);
    return new EcdsaSignature(r.toBE(), lowS.toBE(), recoveryId);
  }

  /**
   * Standard ECDSA verification (SEC 1 §4.1.4) of a signature over a 32-byte digest. Accepts high
   * S as SEC 1 does; callers that need Ethereum or Bitcoin policy also check {@link #isLowS}. The
   * recovery id is not checked here; see {@link #recover}.
   */
  public static boolean verify(Secp256k1Point publicKey, byte[] digest, EcdsaSignature signature) {
    Objects.requireNonNull(publicKey, "publicKey");
    requireDigest(digest);
    ScalarField field = GROUP.scalarField();
    Scalar r;
    Scalar s;
    try {
      r = field.fromCanonicalBE(signature.r());
      s = field.fromCanonicalBE(signature.s());
    } catch (InvalidEncodingException e) {
      return false;
    }
    if (r.isZero() || s.isZero() || publicKey.isIdentity()) {
      return false;
    }
    return recomputeR(publicKey, digestScalar(digest), r, s) != null;
  }

  /** Whether s ≤ n/2. */
  public static boolean isLowS(EcdsaSignature signature) {
    return new BigInteger(1, signature.s()).compareTo(GROUP.order().shiftRight(1)) <= 0;
  }

  /**
   * Recovers the public key from a signature and its recovery id (SEC 1 §4.1.6).
   *
   * @throws InvalidSignatureException if no valid key corresponds to the signature
   */
  public static Secp256k1Point recover(byte[] digest, EcdsaSignature signature)
      throws InvalidSignatureException {
    requireDigest(digest);
    BigInteger n = GROUP.order();
    BigInteger r = new BigInteger(1, signature.r());
    BigInteger s = new BigInteger(1, signature.s());
    if (r.signum() == 0 || s.signum() == 0 || r.compareTo(n) >= 0 || s.compareTo(n) >= 0) {
      throw new InvalidSignatureException("r and s must be in [1, n)");
    }
    BigInteger x = (signature.recoveryId() & 2) != 0 ? r.add(n) : r;
    if (x.compareTo(GROUP.fieldPrime()) >= 0) {
      throw new InvalidSignatureException("recovery id names an x beyond the field");
    }
    byte[] compressed = new byte[33];
    compressed[0] = (byte) ((signature.recoveryId() & 1) != 0 ? 0x03 : 0x02);
    byte[] xb = x.toByteArray();
    int len = Math.min(xb.length, 32);
    System.arraycopy(xb, xb.length - len, compressed, 33 - len, len);
    Secp256k1Point rPoint;
    try {
      rPoint = GROUP.decodeElement(compressed);
    } catch (InvalidEncodingException e) {
      throw new InvalidSignatureException("no curve point for r and the recovery id");
    }
    ScalarField field = GROUP.scalarField();
    Scalar rInv = field.fromBigInteger(r).invert();
    Scalar u1 = digestScalar(digest).negate().mul(rInv);
    Scalar u2 = field.fromBigInteger(s).mul(rInv);
    Secp256k1Point q = GROUP.multiScalarMulVartime(List.of(u1, u2), List.of(GROUP.generator(), rPoint));
    if (q.isIdentity()) {
      throw new InvalidSignatureException("recovered key is the identity");
    }
    return q;
  }

  /** R' = s⁻¹·(e·G + r·Q) when x(R') ≡ r (mod n), otherwise null. */
  private static Secp256k1Point recomputeR(Secp256k1Point q, Scalar e, Scalar r, Scalar s) {
    Scalar w = s.invert();
    Secp256k1Point point = GROUP.multiScalarMulVartime(
        List.of(e.mul(w), r.mul(w)), List.of(GROUP.generator(), q));
    if (point.isIdentity()) {
      return null;
    }
    return point.x().mod(GROUP.order()).equals(r.toBigInteger()) ? point : null;
  }

  private static void requireDigest(byte[] digest) {
    Objects.requireNonNull(digest, "digest");
    if (digest.length != 32) {
      throw new IllegalArgumentException("ECDSA digest must be 32 bytes, not " + digest.length);
    }
  }
}
