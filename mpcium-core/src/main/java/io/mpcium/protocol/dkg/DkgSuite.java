package io.mpcium.protocol.dkg;

import io.mpcium.crypto.Group;
import io.mpcium.crypto.Scalar;

/**
 * What {@link PedersenDkg} needs from a scheme: its group, a name bound into the protocol name,
 * and the hash to scalar for the proof-of-knowledge challenge. Immutable and thread-safe.
 */
public interface DkgSuite {

  /** A name such as {@code "FROST-ED25519-SHA512-v1"}. */
  String contextString();

  Group group();

  /** Hash to scalar for the DKG proof-of-knowledge challenge. */
  Scalar hdkg(byte[] message);
}
