package io.mpcium.protocol.dkls23;

import io.mpcium.crypto.Group;
import io.mpcium.crypto.Scalar;
import io.mpcium.crypto.secp256k1.Secp256k1Group;
import io.mpcium.protocol.dkg.DkgSuite;

/**
 * The DKG suite for DKLs23 keys: secp256k1, and a {@link TaggedHash} to scalar for the proof of
 * knowledge challenge. Stateless singleton.
 */
final class Secp256k1DkgSuite implements DkgSuite {
  static final Secp256k1DkgSuite INSTANCE = new Secp256k1DkgSuite();
  static final String CONTEXT = "DKLS23-SECP256K1-SHA256-v1";

  private Secp256k1DkgSuite() { }

  @Override
  public String contextString() {
    return CONTEXT;
  }

  @Override
  public Group group() {
    return Secp256k1Group.INSTANCE;
  }

  @Override
  public Scalar hdkg(byte[] message) {
    return TaggedHash.of("mpcium/dkls23/dkg/pok/v1").bytes(message)
        .toScalar(Secp256k1Group.INSTANCE.scalarField());
  }
}
