package io.mpcium.protocol.dkls23;

import io.mpcium.crypto.GroupElement;
import io.mpcium.crypto.Scalar;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.function.Function;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * Secret-scalar multiples of one fixed secp256k1 point with BouncyCastle's fixed-point comb (the
 * multiplier BouncyCastle uses for {@code k·G}: cache-safe table lookups, no scalar-dependent
 * branches), after a one-time precomputation for that point. The scalar passes through one
 * short-lived {@code BigInteger}, as in {@link io.mpcium.crypto.secp256k1.Secp256k1Group}.
 * Thread-safe once built.
 */
final class Secp256k1FixedBase implements Function<Scalar, byte[]> {
  private static final ECCurve CURVE = CustomNamedCurves.getByName("secp256k1").getCurve();

  private final ECPoint point;
  private final FixedPointCombMultiplier multiplier = new FixedPointCombMultiplier();

  private Secp256k1FixedBase(ECPoint point) {
    this.point = point;
  }

  /** A multiplier for a validated (decoded) point. */
  static Function<Scalar, byte[]> of(GroupElement validated) {
    return new Secp256k1FixedBase(CURVE.decodePoint(validated.encode()));
  }

  /** The compressed encoding of {@code k·P}. */
  @Override
  public byte[] apply(Scalar k) {
    byte[] be = k.toBE();
    try {
      return multiplier.multiply(point, new BigInteger(1, be)).normalize().getEncoded(true);
    } finally {
      Arrays.fill(be, (byte) 0);
    }
  }
}
