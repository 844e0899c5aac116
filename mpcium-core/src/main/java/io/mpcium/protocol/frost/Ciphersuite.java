package io.mpcium.protocol.frost;

import io.mpcium.crypto.GroupElement;
import io.mpcium.crypto.Scalar;

/**
 * A FROST ciphersuite (RFC 9591 §6): a prime-order group, the hash functions H1–H5, and the
 * extra hash-to-scalar the DKG's proofs of knowledge use. Also the scheme's standard signature
 * verifier, used as the final check on every aggregate signature. Immutable and thread-safe.
 *
 * <p>The default methods are RFC 9591's; a variant such as BIP340 overrides the challenge, the
 * public key format and the nonce negation rule, as ZcashFoundation's Ciphersuite trait allows.
 */
public interface Ciphersuite extends io.mpcium.protocol.dkg.DkgSuite {

  /** The RFC's contextString, such as {@code "FROST-ED25519-SHA512-v1"}. */
  @Override
  String contextString();

  /** H1: binding factors. */
  Scalar h1(byte[] message);

  /** H2: the challenge (for Ed25519 plain SHA-512, so signatures are RFC 8032 signatures). */
  Scalar h2(byte[] message);

  /** H3: nonce generation. */
  Scalar h3(byte[] message);

  /** H4: message hashing. */
  byte[] h4(byte[] message);

  /** H5: commitment-list hashing. */
  byte[] h5(byte[] message);

  /** Hash to scalar for the DKG proof-of-knowledge challenge ({@code contextString || "dkg"}). */
  @Override
  Scalar hdkg(byte[] message);

  /**
   * The challenge {@code c} (RFC 9591 §4.6 compute_challenge): {@code H2(SerializeElement(R) ||
   * SerializeElement(PK) || msg)}.
   */
  default Scalar challenge(GroupElement groupCommitment, GroupElement publicKey, byte[] message) {
    byte[] r = groupCommitment.encode();
    byte[] pk = publicKey.encode();
    byte[] input = new byte[r.length + pk.length + message.length];
    System.arraycopy(r, 0, input, 0, r.length);
    System.arraycopy(pk, 0, input, r.length, pk.length);
    System.arraycopy(message, 0, input, r.length + pk.length, message.length);
    return h2(input);
  }

  /**
   * Whether every signer negates its nonces {@code (d_i, e_i)} for this group commitment, so that
   * the signature's nonce point is {@code -R} (BIP340's even-Y rule). Never in RFC 9591 suites.
   * The group commitment is public, so callers may branch on the answer.
   */
  default boolean negatesNonces(GroupElement groupCommitment) {
    return false;
  }

  /** The public key in the format {@link #verify} takes: {@code SerializeElement(PK)}. */
  default byte[] encodePublicKey(GroupElement publicKey) {
    return publicKey.encode();
  }

  /** Encodes a signature {@code (R, z)} in the scheme's format. */
  byte[] encodeSignature(GroupElement r, Scalar z);

  /** The scheme's standard verifier, independent of this library's group arithmetic. */
  boolean verify(byte[] publicKey, byte[] message, byte[] signature);
}
