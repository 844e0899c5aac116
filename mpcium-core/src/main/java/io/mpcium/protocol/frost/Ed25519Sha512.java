package io.mpcium.protocol.frost;

import io.mpcium.crypto.Group;
import io.mpcium.crypto.GroupElement;
import io.mpcium.crypto.Scalar;
import io.mpcium.crypto.ed25519.Ed25519Group;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * FROST(Ed25519, SHA-512), RFC 9591 §6.1, contextString {@code "FROST-ED25519-SHA512-v1"}.
 * Signatures are RFC 8032 Ed25519 signatures and are verified with BouncyCastle's RFC 8032
 * verifier. Immutable and thread-safe.
 */
public final class Ed25519Sha512 implements Ciphersuite {
  public static final Ed25519Sha512 INSTANCE = new Ed25519Sha512();

  private static final String CONTEXT = "FROST-ED25519-SHA512-v1";
  private static final byte[] CONTEXT_BYTES = CONTEXT.getBytes(StandardCharsets.US_ASCII);

  private Ed25519Sha512() { }

  @Override
  public String contextString() {
    return CONTEXT;
  }

  @Override
  public Group group() {
    return Ed25519Group.INSTANCE;
  }

  @Override
  public Scalar h1(byte[] message) {
    return hashToScalar("rho", message);
  }

  @Override
  public Scalar h2(byte[] message) {
    return Ed25519Group.INSTANCE.scalarField().reduceLE(sha512(new byte[0], message));
  }

  @Override
  public Scalar h3(byte[] message) {
    return hashToScalar("nonce", message);
  }

  @Override
  public byte[] h4(byte[] message) {
    return sha512(tag("msg"), message);
  }

  @Override
  public byte[] h5(byte[] message) {
    return sha512(tag("com"), message);
  }

  @Override
  public Scalar hdkg(byte[] message) {
    return hashToScalar("dkg", message);
  }

  @Override
  public byte[] encodeSignature(GroupElement r, Scalar z) {
    byte[] signature = new byte[64];
    System.arraycopy(r.encode(), 0, signature, 0, 32);
    System.arraycopy(z.toLE(), 0, signature, 32, 32);
    return signature;
  }

  @Override
  public boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    if (publicKey.length != Ed25519.PUBLIC_KEY_SIZE || signature.length != Ed25519.SIGNATURE_SIZE) {
      return false;
    }
    try {
      return Ed25519.verify(signature, 0, publicKey, 0, message, 0, message.length);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private Scalar hashToScalar(String label, byte[] message) {
    return Ed25519Group.INSTANCE.scalarField().reduceLE(sha512(tag(label), message));
  }

  private static byte[] tag(String label) {
    byte[] suffix = label.getBytes(StandardCharsets.US_ASCII);
    byte[] tag = new byte[CONTEXT_BYTES.length + suffix.length];
    System.arraycopy(CONTEXT_BYTES, 0, tag, 0, CONTEXT_BYTES.length);
    System.arraycopy(suffix, 0, tag, CONTEXT_BYTES.length, suffix.length);
    return tag;
  }

  private static byte[] sha512(byte[] prefix, byte[] message) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-512");
      digest.update(prefix);
      digest.update(message);
      return digest.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-512 unavailable", e);
    }
  }
}
