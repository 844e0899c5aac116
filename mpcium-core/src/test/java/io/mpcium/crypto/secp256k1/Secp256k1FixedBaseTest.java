package io.mpcium.crypto.secp256k1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpcium.crypto.ScalarField;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

/** Fixed-point tables (and mulBase, which uses them for G) against BouncyCastle's multiply. */
class Secp256k1FixedBaseTest {
  private static final Secp256k1Group G = Secp256k1Group.INSTANCE;
  private static final ScalarField F = G.scalarField();
  private static final X9ECParameters BC = CustomNamedCurves.getByName("secp256k1");
  private static final BigInteger N = BC.getN();
  private final SecureRandom rng = new SecureRandom(new byte[] {5});

  private List<BigInteger> scalars() {
    List<BigInteger> ks = new ArrayList<>();
    for (long k = 0; k <= 40; k++) {
      ks.add(BigInteger.valueOf(k));
      ks.add(N.subtract(BigInteger.valueOf(k + 1)));
    }
    ks.add(N.shiftRight(1));
    ks.add(N.shiftRight(1).add(BigInteger.ONE));
    ks.add(BigInteger.ONE.shiftLeft(255));
    ks.add(BigInteger.ONE.shiftLeft(255).subtract(BigInteger.ONE));
    for (int i = 0; i < 1000; i++) {
      ks.add(new BigInteger(256, rng).mod(N));
    }
    return ks;
  }

  private static void assertProduct(Secp256k1Point actual, ECPoint p, BigInteger k) {
    ECPoint expected = p.multiply(k).normalize();
    if (expected.isInfinity()) {
      assertThat(actual.isIdentity()).as("k = %s", k).isTrue();
    } else {
      assertThat(actual.encodeUncompressed()).as("k = %s", k)
          .isEqualTo(expected.getEncoded(false));
    }
  }

  @Test
  void mul_matchesBouncyCastle_forAnArbitraryPoint() {
    ECPoint p = BC.getG().multiply(new BigInteger(256, rng).mod(N)).normalize();
    Secp256k1FixedBase tables = Secp256k1FixedBase.of(new Secp256k1Point(G, p));
    for (BigInteger k : scalars()) {
      assertProduct(tables.mul(F.fromBigInteger(k)), p, k);
    }
  }

  @Test
  void mulBase_matchesBouncyCastle() {
    ECPoint g = BC.getG().normalize();
    for (BigInteger k : scalars()) {
      assertProduct(G.mulBase(F.fromBigInteger(k)), g, k);
    }
  }

  @Test
  void theIdentityHasNoTables() {
    assertThatThrownBy(() -> Secp256k1FixedBase.of(G.identity()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
