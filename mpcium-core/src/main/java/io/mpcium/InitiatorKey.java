package io.mpcium;

import java.io.IOException;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * The public key of a party allowed to initiate requests (key generation, signing): Ed25519
 * (RFC 8032) or ECDSA P-256 over SHA-256 with ASN.1 DER signatures, as Mpcium clients and AWS
 * KMS produce them.
 *
 * <p>Keys are validated when created (a P-256 point must lie on the curve; an Ed25519 key must
 * be canonical and not of small order), so a bad configuration fails at startup with {@link
 * IllegalArgumentException}. {@link #verify} never throws: malformed input simply does not
 * verify. Immutable and thread-safe.
 */
public final class InitiatorKey {
  private static final String ED25519 = "ed25519";
  private static final String P256 = "p256";
  static final X9ECParameters P256_CURVE = CustomNamedCurves.getByName("secp256r1");
  private static final ECParameterSpec P256_SPEC = jdkP256Spec();

  private final String algorithm;
  private final byte[] encoded;
  private final ECPublicKey ecKey;

  private InitiatorKey(String algorithm, byte[] encoded, ECPublicKey ecKey) {
    this.algorithm = algorithm;
    this.encoded = encoded;
    this.ecKey = ecKey;
  }

  /** An Ed25519 key from its 32-byte RFC 8032 encoding. */
  public static InitiatorKey ed25519(byte[] raw32) {
    Objects.requireNonNull(raw32, "Ed25519 public key");
    if (raw32.length != Ed25519.PUBLIC_KEY_SIZE) {
      throw new IllegalArgumentException(
          "Ed25519 public key must be 32 bytes, got " + raw32.length);
    }
    if (!Ed25519.validatePublicKeyFull(raw32, 0)) {
      throw new IllegalArgumentException(
          "Ed25519 public key is not a canonical point of large order");
    }
    return new InitiatorKey(ED25519, raw32.clone(), null);
  }

  /**
   * A P-256 key from a SEC1 point (33-byte compressed or 65-byte uncompressed) or a DER
   * X.509 SubjectPublicKeyInfo (id-ecPublicKey with the named curve prime256v1).
   */
  public static InitiatorKey p256(byte[] encoded) {
    Objects.requireNonNull(encoded, "P-256 public key");
    byte[] sec1 = encoded.length > 0 && encoded[0] == 0x30 ? spkiPoint(encoded) : encoded;
    if (!isSec1Point(sec1)) {
      throw new IllegalArgumentException("P-256 public key must be a SEC1 point (33 or 65 bytes)"
          + " or a DER SubjectPublicKeyInfo, got " + encoded.length + " bytes");
    }
    ECPoint point;
    try {
      point = P256_CURVE.getCurve().decodePoint(sec1);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("P-256 public key is not a point on the curve");
    }
    if (point.isInfinity() || !point.isValid()) {
      throw new IllegalArgumentException("P-256 public key is not a valid curve point");
    }
    point = point.normalize();
    try {
      ECPublicKey jdkKey = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(
          new ECPublicKeySpec(new java.security.spec.ECPoint(
              point.getAffineXCoord().toBigInteger(), point.getAffineYCoord().toBigInteger()),
              P256_SPEC));
      return new InitiatorKey(P256, point.getEncoded(true), jdkKey);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot represent a P-256 public key", e);
    }
  }

  /** {@code "ed25519"} or {@code "p256"}. */
  public String algorithm() {
    return algorithm;
  }

  /** Canonical encoding: the 32-byte Ed25519 key, or the 33-byte compressed SEC1 P-256 point. */
  public byte[] encoded() {
    return encoded.clone();
  }

  /**
   * Whether {@code signature} is this key's signature over {@code message}: 64-byte RFC 8032
   * Ed25519 (strict), or strict-DER ECDSA P-256 over SHA-256 with {@code 0 < r, s < n} (high
   * {@code s} accepted, as Go and AWS KMS produce it). False, never an exception, for any
   * malformed or null input.
   */
  public boolean verify(byte[] message, byte[] signature) {
    if (message == null || signature == null) {
      return false;
    }
    if (ecKey == null) {
      return NodeIdentity.verify(encoded, message, signature);
    }
    if (!isStrictDerSignature(signature)) {
      return false;
    }
    try {
      Signature verifier = Signature.getInstance("SHA256withECDSA");
      verifier.initVerify(ecKey);
      verifier.update(message);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof InitiatorKey k && algorithm.equals(k.algorithm)
        && Arrays.equals(encoded, k.encoded);
  }

  @Override
  public int hashCode() {
    return 31 * algorithm.hashCode() + Arrays.hashCode(encoded);
  }

  @Override
  public String toString() {
    return "InitiatorKey[" + algorithm + ", " + HexFormat.of().formatHex(encoded) + "]";
  }

  private static boolean isSec1Point(byte[] sec1) {
    return (sec1.length == 33 && (sec1[0] == 2 || sec1[0] == 3))
        || (sec1.length == 65 && sec1[0] == 4);
  }

  private static byte[] spkiPoint(byte[] der) {
    SubjectPublicKeyInfo spki;
    byte[] reencoded;
    try {
      spki = SubjectPublicKeyInfo.getInstance(ASN1Primitive.fromByteArray(der));
      reencoded = spki.getEncoded(ASN1Encoding.DER);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "P-256 public key is not a valid DER SubjectPublicKeyInfo");
    }
    if (!Arrays.equals(reencoded, der)) {
      throw new IllegalArgumentException("P-256 SubjectPublicKeyInfo is not in DER form");
    }
    AlgorithmIdentifier algorithm = spki.getAlgorithm();
    if (!X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm.getAlgorithm())
        || !X9ObjectIdentifiers.prime256v1.equals(algorithm.getParameters())) {
      throw new IllegalArgumentException(
          "SubjectPublicKeyInfo is not an EC key on the named curve P-256 (prime256v1)");
    }
    if (spki.getPublicKeyData().getPadBits() != 0) {
      throw new IllegalArgumentException("P-256 SubjectPublicKeyInfo has a malformed key field");
    }
    return spki.getPublicKeyData().getOctets();
  }

  /** DER {@code SEQUENCE { INTEGER r, INTEGER s }}, minimally encoded, with 0 < r, s < n. */
  static boolean isStrictDerSignature(byte[] signature) {
    if (signature.length < 8 || signature.length > 72) {
      return false;
    }
    try {
      ASN1Sequence sequence = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(signature));
      if (sequence.size() != 2
          || !Arrays.equals(sequence.getEncoded(ASN1Encoding.DER), signature)) {
        return false;
      }
      BigInteger n = P256_CURVE.getN();
      for (int i = 0; i < 2; i++) {
        BigInteger value = ASN1Integer.getInstance(sequence.getObjectAt(i)).getValue();
        if (value.signum() <= 0 || value.compareTo(n) >= 0) {
          return false;
        }
      }
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static ECParameterSpec jdkP256Spec() {
    try {
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec("secp256r1"));
      return parameters.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK does not support P-256 (secp256r1)", e);
    }
  }
}
