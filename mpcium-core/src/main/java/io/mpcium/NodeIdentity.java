package io.mpcium;

import io.mpcium.internal.security.SecretGuard;
import io.mpcium.spi.PeerInfo;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import javax.security.auth.Destroyable;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * A node's long-term secret identity: an Ed25519 key pair that signs every envelope the node
 * sends, and an independent X25519 key pair to which peers encrypt point-to-point payloads.
 *
 * <p>{@link #peerInfo()} is the public half that other nodes learn through the registry. The
 * secret halves never appear in {@code toString}, logs or exception messages; they leave this
 * object only through the explicitly named {@link #exportSigningSeed()} and {@link
 * #exportAgreementKey()}. {@link #destroy()} zeroes them, after which every secret operation
 * fails with {@link IllegalStateException}.
 *
 * <p>Thread-safe: any number of threads may sign concurrently; {@code destroy} waits for
 * operations in progress and no operation ever sees a half-zeroed key.
 */
public final class NodeIdentity implements Destroyable {
  /** Length of an Ed25519 seed, an X25519 private key, and either public key. */
  public static final int KEY_LENGTH = 32;

  private final PartyId id;
  private final byte[] signingSeed;
  private final byte[] signingPublic;
  private final byte[] agreementPrivate;
  private final byte[] agreementPublic;
  private final SecretGuard guard;

  private NodeIdentity(PartyId id, byte[] signingSeed, byte[] agreementPrivate) {
    this.id = Objects.requireNonNull(id, "id");
    this.guard = new SecretGuard("identity of " + id);
    this.signingSeed = signingSeed;
    this.agreementPrivate = agreementPrivate;
    this.signingPublic = new byte[Ed25519.PUBLIC_KEY_SIZE];
    Ed25519.generatePublicKey(signingSeed, 0, signingPublic, 0);
    this.agreementPublic = new byte[X25519.POINT_SIZE];
    X25519.generatePublicKey(agreementPrivate, 0, agreementPublic, 0);
  }

  /** A fresh identity with both keys drawn from {@code rng}. */
  public static NodeIdentity generate(PartyId id, SecureRandom rng) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(rng, "rng");
    byte[] seed = new byte[Ed25519.SECRET_KEY_SIZE];
    Ed25519.generatePrivateKey(rng, seed);
    byte[] agreement = new byte[X25519.SCALAR_SIZE];
    X25519.generatePrivateKey(rng, agreement);
    return new NodeIdentity(id, seed, agreement);
  }

  /**
   * Restores an identity from its exported secrets. Both arrays are copied; the caller keeps
   * ownership of (and should wipe) its own.
   */
  public static NodeIdentity fromSeeds(PartyId id, byte[] ed25519Seed32, byte[] x25519Private32) {
    Objects.requireNonNull(id, "id");
    requireLength(ed25519Seed32, "Ed25519 seed");
    requireLength(x25519Private32, "X25519 private key");
    return new NodeIdentity(id, ed25519Seed32.clone(), x25519Private32.clone());
  }

  public PartyId id() {
    return id;
  }

  /** The public identity (id, Ed25519 and X25519 public keys). Available even after destroy. */
  public PeerInfo peerInfo() {
    return new PeerInfo(id, signingPublic, agreementPublic);
  }

  /** An RFC 8032 Ed25519 signature (64 bytes) over {@code message}. */
  public byte[] sign(byte[] message) {
    Objects.requireNonNull(message, "message");
    return guard.use(() -> {
      byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
      Ed25519.sign(signingSeed, 0, signingPublic, 0, message, 0, message.length, signature, 0);
      return signature;
    });
  }

  /**
   * Verifies an Ed25519 signature under RFC 8032 with BouncyCastle's strict checks (canonical
   * {@code S} and point encodings, public key not of small order). Returns false, never throws,
   * for any malformed input, including null or wrongly sized arrays.
   */
  public static boolean verify(byte[] ed25519PublicKey, byte[] message, byte[] signature) {
    if (ed25519PublicKey == null || message == null || signature == null
        || ed25519PublicKey.length != Ed25519.PUBLIC_KEY_SIZE
        || signature.length != Ed25519.SIGNATURE_SIZE) {
      return false;
    }
    try {
      return Ed25519.verify(signature, 0, ed25519PublicKey, 0, message, 0, message.length);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** A copy of the 32-byte Ed25519 seed. <b>Secret</b>: whoever holds it can sign as this node. */
  public byte[] exportSigningSeed() {
    return exportCopy(signingSeed);
  }

  /**
   * A copy of the 32-byte X25519 private key. <b>Secret</b>: whoever holds it can read every
   * point-to-point payload sent to this node.
   */
  public byte[] exportAgreementKey() {
    return exportCopy(agreementPrivate);
  }

  /** Zeroes both private keys. Idempotent. Public keys remain available. */
  @Override
  public void destroy() {
    guard.destroy(() -> {
      Arrays.fill(signingSeed, (byte) 0);
      Arrays.fill(agreementPrivate, (byte) 0);
    });
  }

  @Override
  public boolean isDestroyed() {
    return guard.isDestroyed();
  }

  @Override
  public String toString() {
    return "NodeIdentity[" + id + ", ed25519=" + HexFormat.of().formatHex(signingPublic) + "]";
  }

  private byte[] exportCopy(byte[] secret) {
    return guard.use(secret::clone);
  }

  private static void requireLength(byte[] value, String what) {
    Objects.requireNonNull(value, what);
    if (value.length != KEY_LENGTH) {
      throw new IllegalArgumentException(
          what + " must be " + KEY_LENGTH + " bytes, got " + value.length);
    }
  }
}
