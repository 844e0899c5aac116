package io.mpcium.protocol.frost;

import io.mpcium.crypto.GroupElement;
import io.mpcium.crypto.Scalar;

/**
 * A FROST ciphersuite (RFC 9591 §6): a prime-order group, the hash functions H1–H5, and the
 * extra hash-to-scalar the DKG's proofs of knowledge use. Also the scheme's standard signature
 * verifier, used as the final check on every aggregate signature. Immutable and thread-safe.
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

  /** Encodes a signature {@code (R, z)} in the scheme's format. */
  byte[] encodeSignature(GroupElement r, Scalar z);

  /** The scheme's standard verifier, independent of this library's group arithmetic. */
  boolean verify(byte[] publicKey, byte[] message, byte[] signature);
}
