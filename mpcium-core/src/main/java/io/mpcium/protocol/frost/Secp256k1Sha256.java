package io.mpcium.protocol.frost;

import io.mpcium.crypto.GroupElement;
import io.mpcium.crypto.Scalar;
import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;

/**
 * FROST(secp256k1, SHA-256), RFC 9591 §6.5, contextString {@code "FROST-secp256k1-SHA256-v1"}:
 * H1, H2 and H3 are {@code hash_to_field} with {@code expand_message_xmd}(SHA-256) and L = 48,
 * H4 and H5 plain SHA-256. Signatures are {@code SerializeElement(R) || SerializeScalar(z)} (65
 * bytes), checked by the RFC's prime-order verification (Appendix B) on BouncyCastle's curve
 * arithmetic. Immutable and thread-safe.
 *
 * <p>For Bitcoin's BIP340 signatures use {@link Secp256k1Taproot}; this suite's signatures are
 * not BIP340 signatures.
 */
public final class Secp256k1Sha256 extends Secp256k1Ciphersuite {
  public static final Secp256k1Sha256 INSTANCE = new Secp256k1Sha256();

  private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");

  private Secp256k1Sha256() {
    super("FROST-secp256k1-SHA256-v1");
  }

  /** H2: {@code hash_to_field} with DST {@code contextString || "chal"}. */
  @Override
  public Scalar h2(byte[] message) {
    return toScalar("chal", message);
  }

  @Override
  public byte[] encodeSignature(GroupElement r, Scalar z) {
    byte[] signature = new byte[65];
    System.arraycopy(r.encode(), 0, signature, 0, 33);
    System.arraycopy(z.toBE(), 0, signature, 33, 32);
    return signature;
  }

  /**
   * RFC 9591 Appendix B's prime-order verify: {@code z·G == R + c·PK} with {@code c = H2(R || PK
   * || msg)}, on BouncyCastle points decoded and validated here.
   */
  @Override
  public boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    if (publicKey.length != 33 || signature.length != 65) {
      return false;
    }
    try {
      ECPoint pk = decode(publicKey);
      ECPoint r = decode(Arrays.copyOfRange(signature, 0, 33));
      BigInteger z = new BigInteger(1, Arrays.copyOfRange(signature, 33, 65));
      if (pk == null || r == null || z.compareTo(CURVE.getN()) >= 0) {
        return false;
      }
      byte[] input = new byte[66 + message.length];
      System.arraycopy(signature, 0, input, 0, 33);
      System.arraycopy(publicKey, 0, input, 33, 33);
      System.arraycopy(message, 0, input, 66, message.length);
      BigInteger c = h2(input).toBigInteger();
      ECPoint lhs = CURVE.getG().multiply(z).normalize();
      ECPoint rhs = r.add(pk.multiply(c)).normalize();
      return lhs.equals(rhs);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** A compressed point on the curve other than the identity, or null. */
  private static ECPoint decode(byte[] compressed) {
    if (compressed[0] != 0x02 && compressed[0] != 0x03) {
      return null;
    }
    ECPoint p = CURVE.getCurve().decodePoint(compressed);
    return p.isInfinity() || !p.isValid() ? null : p.normalize();
  }
}
