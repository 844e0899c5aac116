package io.mpcium.transport.nats.gateway;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/** Mpcium's encodings of public keys in results (§1.1). */
final class MpciumEncoding {
  private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");

  private MpciumEncoding() { }

  /** A secp256k1 SEC1 point (33 or 65 bytes) as Mpcium's 64 bytes {@code X‖Y}, big-endian. */
  static byte[] ecdsaPublicKey(byte[] sec1) {
    ECPoint point = CURVE.getCurve().decodePoint(sec1).normalize();
    byte[] out = new byte[64];
    System.arraycopy(BigIntegers.asUnsignedByteArray(32,
        point.getAffineXCoord().toBigInteger()), 0, out, 0, 32);
    System.arraycopy(BigIntegers.asUnsignedByteArray(32,
        point.getAffineYCoord().toBigInteger()), 0, out, 32, 32);
    return out;
  }
}
