package io.mpcium.protocol.frost;

import io.mpcium.crypto.ExpandMessageXmd;
import io.mpcium.crypto.Group;
import io.mpcium.crypto.Scalar;
import io.mpcium.crypto.secp256k1.Secp256k1Group;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * What the secp256k1 ciphersuites share (RFC 9591 §6.5): the group, and H1, H3, H4, H5 and the
 * DKG hash under the suite's context string. Hash-to-scalar is {@code hash_to_field} with {@code
 * expand_message_xmd}(SHA-256), DST {@code contextString || label} and L = 48; H4 and H5 are
 * {@code SHA-256(contextString || label || m)}. Immutable and thread-safe.
 */
abstract class Secp256k1Ciphersuite implements Ciphersuite {
  private final String contextString;
  private final byte[] context;

  Secp256k1Ciphersuite(String contextString) {
    this.contextString = contextString;
    this.context = contextString.getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public final String contextString() {
    return contextString;
  }

  @Override
  public final Group group() {
    return Secp256k1Group.INSTANCE;
  }

  @Override
  public final Scalar h1(byte[] message) {
    return toScalar("rho", message);
  }

  @Override
  public final Scalar h3(byte[] message) {
    return toScalar("nonce", message);
  }

  @Override
  public final byte[] h4(byte[] message) {
    return digest("msg", message);
  }

  @Override
  public final byte[] h5(byte[] message) {
    return digest("com", message);
  }

  @Override
  public final Scalar hdkg(byte[] message) {
    return toScalar("dkg", message);
  }

  /** {@code hash_to_field(m, 1)} with DST {@code contextString || label}. */
  final Scalar toScalar(String label, byte[] message) {
    return ExpandMessageXmd.hashToField(Secp256k1Group.INSTANCE.scalarField(), message,
        tag(label));
  }

  private byte[] digest(String label, byte[] message) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(tag(label));
      sha.update(message);
      return sha.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  private byte[] tag(String label) {
    byte[] suffix = label.getBytes(StandardCharsets.US_ASCII);
    byte[] tag = new byte[context.length + suffix.length];
    System.arraycopy(context, 0, tag, 0, context.length);
    System.arraycopy(suffix, 0, tag, context.length, suffix.length);
    return tag;
  }
}
