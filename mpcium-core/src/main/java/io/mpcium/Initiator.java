package io.mpcium;

import io.mpcium.internal.security.SecretGuard;
import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.Destroyable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.bouncycastle.util.BigIntegers;

/**
 * The private side of an {@link InitiatorKey}: signs requests so that nodes accept them. For
 * clients, tests and the demo; nodes only ever hold the public {@link #publicKey()}.
 *
 * <p>Ed25519 signatures follow RFC 8032; P-256 signatures are deterministic ECDSA (RFC 6979)
 * over SHA-256, DER-encoded. The private key never appears in {@code toString}; {@link
 * #destroy()} zeroes it. Thread-safe.
 */
public final class Initiator implements Destroyable {
  private static final ECDomainParameters P256 = new ECDomainParameters(InitiatorKey.P256_CURVE);

  private final InitiatorKey publicKey;
  private final byte[] secret;
  private final byte[] ed25519Public;
  private final SecretGuard guard = new SecretGuard("initiator key");

  private Initiator(InitiatorKey publicKey, byte[] secret, byte[] ed25519Public) {
    this.publicKey = publicKey;
    this.secret = secret;
    this.ed25519Public = ed25519Public;
  }

  public static Initiator generateEd25519(SecureRandom rng) {
    Objects.requireNonNull(rng, "rng");
    byte[] seed = new byte[Ed25519.SECRET_KEY_SIZE];
    Ed25519.generatePrivateKey(rng, seed);
    byte[] pub = new byte[Ed25519.PUBLIC_KEY_SIZE];
    Ed25519.generatePublicKey(seed, 0, pub, 0);
    return new Initiator(InitiatorKey.ed25519(pub), seed, pub);
  }

  public static Initiator generateP256(SecureRandom rng) {
    Objects.requireNonNull(rng, "rng");
    ECKeyPairGenerator generator = new ECKeyPairGenerator();
    generator.init(new ECKeyGenerationParameters(P256, rng));
    AsymmetricCipherKeyPair pair = generator.generateKeyPair();
    BigInteger d = ((ECPrivateKeyParameters) pair.getPrivate()).getD();
    byte[] q = ((ECPublicKeyParameters) pair.getPublic()).getQ().getEncoded(true);
    return new Initiator(InitiatorKey.p256(q), BigIntegers.asUnsignedByteArray(32, d), null);
  }

  /** An Ed25519 initiator from its 32-byte RFC 8032 seed (copied; wipe yours afterwards). */
  public static Initiator ed25519FromSeed(byte[] seed) {
    Objects.requireNonNull(seed, "seed");
    if (seed.length != Ed25519.SECRET_KEY_SIZE) {
      throw new IllegalArgumentException("Ed25519 seed must be 32 bytes, got " + seed.length);
    }
    byte[] pub = new byte[Ed25519.PUBLIC_KEY_SIZE];
    Ed25519.generatePublicKey(seed, 0, pub, 0);
    return new Initiator(InitiatorKey.ed25519(pub), seed.clone(), pub);
  }

  /** A P-256 initiator from its private scalar {@code 0 < d < n}. */
  public static Initiator p256FromPrivateKey(BigInteger d) {
    Objects.requireNonNull(d, "d");
    if (d.signum() <= 0 || d.compareTo(P256.getN()) >= 0) {
      throw new IllegalArgumentException("P-256 private key out of range");
    }
    byte[] q = P256.getG().multiply(d).normalize().getEncoded(true);
    return new Initiator(InitiatorKey.p256(q), BigIntegers.asUnsignedByteArray(32, d), null);
  }

  public InitiatorKey publicKey() {
    return publicKey;
  }

  /** Signs {@code message}: 64-byte Ed25519, or DER ECDSA P-256 over SHA-256(message). */
  public byte[] sign(byte[] message) {
    Objects.requireNonNull(message, "message");
    return guard.use(() -> {
      if (ed25519Public != null) {
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(secret, 0, ed25519Public, 0, message, 0, message.length, signature, 0);
        return signature;
      }
      return signP256(message);
    });
  }

  /** Zeroes the private key. Idempotent. The public key remains available. */
  @Override
  public void destroy() {
    guard.destroy(() -> Arrays.fill(secret, (byte) 0));
  }

  @Override
  public boolean isDestroyed() {
    return guard.isDestroyed();
  }

  @Override
  public String toString() {
    return "Initiator[" + publicKey + "]";
  }

  private byte[] signP256(byte[] message) {
    SHA256Digest digest = new SHA256Digest();
    digest.update(message, 0, message.length);
    byte[] hash = new byte[digest.getDigestSize()];
    digest.doFinal(hash, 0);
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, new ECPrivateKeyParameters(new BigInteger(1, secret), P256));
    BigInteger[] rs = signer.generateSignature(hash);
    try {
      return new DERSequence(new ASN1Integer[] {new ASN1Integer(rs[0]), new ASN1Integer(rs[1])})
          .getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new IllegalStateException("DER encoding of an ECDSA signature failed", e);
    }
  }
}
