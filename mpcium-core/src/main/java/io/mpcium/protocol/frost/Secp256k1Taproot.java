package io.mpcium.protocol.frost;

import io.mpcium.crypto.GroupElement;
import io.mpcium.crypto.Scalar;
import io.mpcium.crypto.secp256k1.Bip340;
import io.mpcium.crypto.secp256k1.Secp256k1Group;

/**
 * FROST over secp256k1 producing BIP340 Schnorr signatures (the variant of ZcashFoundation's
 * {@code frost-secp256k1-tr}), contextString {@code "FROST-secp256k1-SHA256-TR-v1"}.
 *
 * <ul>
 *   <li>H1, H3, H4, H5 and the DKG hash are RFC 9591 §6.5's, under this context string.
 *   <li>The challenge is BIP340's: {@code int(hash_BIP0340/challenge(x(R) || x(PK) || m)) mod n}
 *       over x-only encodings.
 *   <li>When the group commitment R has odd Y every signer negates its nonces, so the signature's
 *       nonce point is the even-Y {@code -R}; {@link #negatesNonces} tells which.
 *   <li>The public key must have even Y: signing keys are normalised before signing (see {@link
 *       FrostSign#bip340}); its format is the 32-byte x-only key.
 *   <li>Signatures are {@code x(R) || z} (64 bytes), checked by {@link Bip340#verify}.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class Secp256k1Taproot extends Secp256k1Ciphersuite {
  public static final Secp256k1Taproot INSTANCE = new Secp256k1Taproot();

  private static final String CHALLENGE_TAG = "BIP0340/challenge";

  private Secp256k1Taproot() {
    super("FROST-secp256k1-SHA256-TR-v1");
  }

  /** The BIP340 challenge hash: {@code int(hash_BIP0340/challenge(m)) mod n}. */
  @Override
  public Scalar h2(byte[] message) {
    return Secp256k1Group.INSTANCE.scalarField()
        .reduceBE(Bip340.taggedHash(CHALLENGE_TAG, message));
  }

  /** {@code H2(x(R) || x(PK) || m)}: BIP340's challenge, the same for R and -R. */
  @Override
  public Scalar challenge(GroupElement groupCommitment, GroupElement publicKey, byte[] message) {
    return Bip340.challenge(Bip340.xOnly(groupCommitment), Bip340.xOnly(publicKey), message);
  }

  /** Whether R has odd Y, so the signers sign with {@code -R} (BIP340 needs even Y). */
  @Override
  public boolean negatesNonces(GroupElement groupCommitment) {
    return !Bip340.hasEvenY(groupCommitment);
  }

  /** The 32-byte x-only key. */
  @Override
  public byte[] encodePublicKey(GroupElement publicKey) {
    return Bip340.xOnly(publicKey);
  }

  /** {@code x(R) || z}, 64 bytes (the x coordinate of R and of -R are the same). */
  @Override
  public byte[] encodeSignature(GroupElement r, Scalar z) {
    byte[] signature = new byte[Bip340.SIGNATURE_LENGTH];
    System.arraycopy(Bip340.xOnly(r), 0, signature, 0, 32);
    System.arraycopy(z.toBE(), 0, signature, 32, 32);
    return signature;
  }

  @Override
  public boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    return Bip340.verify(publicKey, message, signature);
  }
}
