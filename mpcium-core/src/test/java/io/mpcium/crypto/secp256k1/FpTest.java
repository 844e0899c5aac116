package io.mpcium.crypto.secp256k1;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The 52-bit-limb field arithmetic against {@link BigInteger} modulo p. */
class FpTest {
  private static final BigInteger P = Secp256k1Group.INSTANCE.fieldPrime();
  private final SecureRandom rng = new SecureRandom(new byte[] {9});

  private List<BigInteger> values() {
    List<BigInteger> vs = new ArrayList<>();
    for (long k = 0; k < 4; k++) {
      vs.add(BigInteger.valueOf(k));
      vs.add(P.subtract(BigInteger.valueOf(k + 1)));
    }
    vs.add(BigInteger.ONE.shiftLeft(255));
    vs.add(BigInteger.ONE.shiftLeft(208).subtract(BigInteger.ONE));
    vs.add(BigInteger.ONE.shiftLeft(52));
    vs.add(BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE.shiftLeft(200)));
    vs.add(P.shiftRight(1));
    for (int i = 0; i < 60; i++) {
      vs.add(new BigInteger(256, rng).mod(P));
      // values with many all-ones limbs
      vs.add(P.subtract(new BigInteger(1 + rng.nextInt(255), rng)).mod(P));
    }
    return vs;
  }

  @Test
  void everyOperation_agreesWithBigInteger() {
    List<BigInteger> vs = values();
    for (BigInteger a : vs) {
      long[] x = Fp.of(a);
      assertThat(Fp.toBigInteger(x)).isEqualTo(a);
      long[] z = Fp.create();
      Fp.times21(x, z);
      assertThat(Fp.toBigInteger(z)).isEqualTo(a.multiply(BigInteger.valueOf(21)).mod(P));
      Fp.negate(x, z);
      assertThat(Fp.toBigInteger(z)).isEqualTo(a.negate().mod(P));
      Fp.square(x, z);
      assertThat(Fp.toBigInteger(z)).isEqualTo(a.multiply(a).mod(P));
      long[] c = x.clone();
      Fp.cnegate(-1, c);
      assertThat(Fp.toBigInteger(c)).isEqualTo(a.negate().mod(P));
      Fp.cnegate(0, c);
      assertThat(Fp.toBigInteger(c)).isEqualTo(a.negate().mod(P));
      assertThat(Fp.isZeroMask(x)).isEqualTo(a.signum() == 0 ? -1 : 0);
      if (a.signum() != 0) {
        Fp.invert(x, z);
        assertThat(Fp.toBigInteger(z)).isEqualTo(a.modInverse(P));
      }
      for (BigInteger b : vs) {
        long[] y = Fp.of(b);
        Fp.multiply(x, y, z);
        assertThat(Fp.toBigInteger(z)).isEqualTo(a.multiply(b).mod(P));
        Fp.add(x, y, z);
        assertThat(Fp.toBigInteger(z)).isEqualTo(a.add(b).mod(P));
        Fp.subtract(x, y, z);
        assertThat(Fp.toBigInteger(z)).isEqualTo(a.subtract(b).mod(P));
      }
    }
  }

  @Test
  void multiply_mayAliasItsOperands() {
    BigInteger a = new BigInteger(256, rng).mod(P);
    long[] x = Fp.of(a);
    Fp.multiply(x, x, x);
    assertThat(Fp.toBigInteger(x)).isEqualTo(a.multiply(a).mod(P));
  }
}
