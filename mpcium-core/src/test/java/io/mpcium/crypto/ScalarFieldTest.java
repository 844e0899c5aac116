package io.mpcium.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ScalarFieldTest {
  static final BigInteger ED25519_L =
      BigInteger.ONE.shiftLeft(252).add(new BigInteger("27742317777372353535851937790883648493"));
  static final BigInteger SECP256K1_N =
      new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);
  static final BigInteger TWO_256 = BigInteger.ONE.shiftLeft(256);
  private static final int ROUNDS = 2000;

  static Stream<BigInteger> moduli() {
    return Stream.of(ED25519_L, SECP256K1_N);
  }

  /** Random values in [0, p) plus the edge values 0, 1, 2, p-2, p-1. */
  private static List<BigInteger> samples(BigInteger p, Random rnd) {
    List<BigInteger> out = new ArrayList<>();
    for (long small : new long[] {0, 1, 2}) {
      out.add(BigInteger.valueOf(small));
    }
    out.add(p.subtract(BigInteger.TWO));
    out.add(p.subtract(BigInteger.ONE));
    out.add(BigInteger.ONE.shiftLeft(128));
    out.add(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));
    while (out.size() < ROUNDS) {
      out.add(new BigInteger(p.bitLength() + 8, rnd).mod(p));
    }
    return out;
  }

  @ParameterizedTest
  @MethodSource("moduli")
  void arithmetic_matchesBigInteger(BigInteger p) {
    ScalarField f = new ScalarField(p);
    Random rnd = new Random(p.longValue());
    List<BigInteger> xs = samples(p, rnd);
    List<BigInteger> ys = new ArrayList<>(xs);
    java.util.Collections.shuffle(ys, rnd);
    for (int i = 0; i < xs.size(); i++) {
      BigInteger x = xs.get(i);
      BigInteger y = ys.get(i);
      Scalar a = f.fromBigInteger(x);
      Scalar b = f.fromBigInteger(y);
      assertThat(a.toBigInteger()).isEqualTo(x);
      assertThat(a.add(b).toBigInteger()).isEqualTo(x.add(y).mod(p));
      assertThat(a.sub(b).toBigInteger()).isEqualTo(x.subtract(y).mod(p));
      assertThat(a.mul(b).toBigInteger()).isEqualTo(x.multiply(y).mod(p));
      assertThat(a.negate().toBigInteger()).isEqualTo(x.negate().mod(p));
      assertThat(a.square().toBigInteger()).isEqualTo(x.multiply(x).mod(p));
      assertThat(a.isZero()).isEqualTo(x.signum() == 0);
      assertThat(a.ctEquals(b)).isEqualTo(x.equals(y));
      assertThat(a.select(b, true).toBigInteger()).isEqualTo(y);
      assertThat(a.select(b, false).toBigInteger()).isEqualTo(x);
      if (i % 10 == 0) {
        BigInteger expected = x.signum() == 0 ? BigInteger.ZERO : x.modInverse(p);
        assertThat(a.invert().toBigInteger()).isEqualTo(expected);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("moduli")
  void wideReduction_matchesBigInteger(BigInteger p) {
    ScalarField f = new ScalarField(p);
    Random rnd = new Random(~p.longValue());
    for (int i = 0; i < ROUNDS; i++) {
      int len = i < 65 ? i : (i % 2 == 0 ? 64 : rnd.nextInt(65));
      byte[] bytes = new byte[len];
      rnd.nextBytes(bytes);
      if (i % 7 == 0) {
        Arrays.fill(bytes, (byte) 0xff);
      }
      BigInteger be = new BigInteger(1, bytes);
      BigInteger le = new BigInteger(1, reverse(bytes));
      assertThat(f.reduceBE(bytes).toBigInteger()).isEqualTo(be.mod(p));
      assertThat(f.reduceLE(bytes).toBigInteger()).isEqualTo(le.mod(p));
    }
    assertThatThrownBy(() -> f.reduceLE(new byte[65])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> f.reduceBE(new byte[65])).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @MethodSource("moduli")
  void canonicalDecoding_acceptsBelowModulusAndRejectsTheRest(BigInteger p)
      throws InvalidEncodingException {
    ScalarField f = new ScalarField(p);
    Random rnd = new Random(3);
    for (BigInteger x : samples(p, rnd)) {
      byte[] be = be32(x);
      assertThat(f.fromCanonicalBE(be).toBigInteger()).isEqualTo(x);
      assertThat(f.fromCanonicalLE(reverse(be)).toBigInteger()).isEqualTo(x);
      Scalar s = f.fromBigInteger(x);
      assertThat(s.toBE()).isEqualTo(be);
      assertThat(s.toLE()).isEqualTo(reverse(be));
    }
    List<BigInteger> bad =
        List.of(
            p,
            p.add(BigInteger.ONE),
            p.add(BigInteger.valueOf(12345)),
            TWO_256.subtract(BigInteger.ONE),
            p.add(TWO_256.subtract(p).shiftRight(1))); // halfway between p and 2^256
    for (BigInteger x : bad) {
      byte[] be = be32(x);
      assertThatThrownBy(() -> f.fromCanonicalBE(be))
          .isInstanceOf(InvalidEncodingException.class);
      assertThatThrownBy(() -> f.fromCanonicalLE(reverse(be)))
          .isInstanceOf(InvalidEncodingException.class);
    }
    assertThatThrownBy(() -> f.fromCanonicalLE(new byte[31]))
        .isInstanceOf(InvalidEncodingException.class);
    assertThatThrownBy(() -> f.fromCanonicalBE(new byte[33]))
        .isInstanceOf(InvalidEncodingException.class);
  }

  @ParameterizedTest
  @MethodSource("moduli")
  void constructorsAndConstants(BigInteger p) {
    ScalarField f = new ScalarField(p);
    assertThat(f.modulus()).isEqualTo(p);
    assertThat(f.zero().toBigInteger()).isZero();
    assertThat(f.zero().isZero()).isTrue();
    assertThat(f.one().toBigInteger()).isEqualTo(BigInteger.ONE);
    assertThat(f.of(0).isZero()).isTrue();
    assertThat(f.of(Long.MAX_VALUE).toBigInteger()).isEqualTo(BigInteger.valueOf(Long.MAX_VALUE));
    assertThat(f.fromBigInteger(p).isZero()).isTrue();
    assertThat(f.fromBigInteger(p.add(BigInteger.ONE)).toBigInteger()).isEqualTo(BigInteger.ONE);
    assertThat(f.fromBigInteger(BigInteger.ONE.negate()).toBigInteger())
        .isEqualTo(p.subtract(BigInteger.ONE));
    assertThat(f.fromBigInteger(TWO_256.subtract(BigInteger.ONE)).toBigInteger())
        .isEqualTo(TWO_256.subtract(BigInteger.ONE).mod(p));
    assertThatThrownBy(() -> f.of(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(f).isEqualTo(new ScalarField(p)).hasSameHashCodeAs(new ScalarField(p));
  }

  @Test
  void pow_matchesBigInteger() {
    ScalarField f = new ScalarField(SECP256K1_N);
    Random rnd = new Random(9);
    for (int i = 0; i < 50; i++) {
      BigInteger x = new BigInteger(256, rnd).mod(SECP256K1_N);
      BigInteger e = new BigInteger(1 + rnd.nextInt(300), rnd);
      assertThat(f.fromBigInteger(x).pow(e).toBigInteger()).isEqualTo(x.modPow(e, SECP256K1_N));
    }
    assertThat(f.of(5).pow(BigInteger.ZERO).toBigInteger()).isEqualTo(BigInteger.ONE);
  }

  @Test
  void otherModuli_workAndInvalidOnesAreRejected() {
    BigInteger p25519 = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
    BigInteger small = BigInteger.ONE.shiftLeft(128).nextProbablePrime();
    BigInteger top = TWO_256.subtract(BigInteger.valueOf(189)); // largest prime below 2^256
    assertThat(top.isProbablePrime(64)).isTrue();
    Random rnd = new Random(5);
    for (BigInteger p : List.of(p25519, small, top)) {
      ScalarField f = new ScalarField(p);
      for (int i = 0; i < 200; i++) {
        BigInteger x = new BigInteger(300, rnd).mod(p);
        BigInteger y = new BigInteger(300, rnd).mod(p);
        assertThat(f.fromBigInteger(x).mul(f.fromBigInteger(y)).toBigInteger())
            .isEqualTo(x.multiply(y).mod(p));
        assertThat(f.fromBigInteger(x).add(f.fromBigInteger(y)).toBigInteger())
            .isEqualTo(x.add(y).mod(p));
      }
    }
    BigInteger composite =
        BigInteger.ONE.shiftLeft(100).nextProbablePrime()
            .multiply(BigInteger.ONE.shiftLeft(120).nextProbablePrime());
    for (BigInteger bad :
        List.of(
            BigInteger.valueOf(101), // prime but too small
            BigInteger.ONE.shiftLeft(128), // the lower bound itself
            p25519.add(BigInteger.ONE), // even
            composite, // odd, in range, not prime
            TWO_256.add(BigInteger.valueOf(297)))) { // too large
      assertThatThrownBy(() -> new ScalarField(bad)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void mixingFields_throws() {
    Scalar a = new ScalarField(ED25519_L).one();
    Scalar b = new ScalarField(SECP256K1_N).one();
    assertThatThrownBy(() -> a.add(b)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> a.mul(b)).isInstanceOf(IllegalArgumentException.class);
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void destroy_zeroesAndBlocksEveryUse() {
    ScalarField f = new ScalarField(ED25519_L);
    Scalar s = f.fromBigInteger(BigInteger.valueOf(0x1234567890L));
    Scalar other = f.of(7);
    s.destroy();
    assertThat(s.isDestroyed()).isTrue();
    List<Consumer<Scalar>> uses =
        List.of(
            x -> x.add(other),
            x -> other.add(x),
            x -> x.sub(other),
            x -> x.mul(other),
            x -> other.mul(x),
            Scalar::negate,
            Scalar::square,
            Scalar::invert,
            x -> x.pow(BigInteger.TEN),
            Scalar::isZero,
            x -> x.ctEquals(other),
            x -> other.ctEquals(x),
            x -> x.select(other, false),
            Scalar::toLE,
            Scalar::toBE,
            Scalar::toBigInteger,
            x -> x.equals(other));
    for (Consumer<Scalar> use : uses) {
      assertThatThrownBy(() -> use.accept(s))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("scalar destroyed");
    }
    assertThat(s.toString()).isEqualTo("Scalar[redacted]");
    assertThat(other.toBigInteger()).isEqualTo(BigInteger.valueOf(7));
  }

  @Test
  void toStringAndHashCode_revealNothing() {
    ScalarField f = new ScalarField(SECP256K1_N);
    Scalar s = f.random(new SecureRandom());
    BigInteger v = s.toBigInteger();
    String text = s.toString();
    assertThat(text).isEqualTo("Scalar[redacted]");
    assertThat(text).doesNotContain(v.toString(16)).doesNotContain(v.toString());
    assertThat(s.hashCode()).isEqualTo(f.one().hashCode());
    assertThat(s).isEqualTo(f.fromBigInteger(v)).isNotEqualTo(f.fromBigInteger(v.add(BigInteger.ONE)));
  }

  @Test
  void random_isNonZeroAndVaries() {
    ScalarField f = new ScalarField(ED25519_L);
    SecureRandom rng = new SecureRandom();
    BigInteger first = f.random(rng).toBigInteger();
    boolean differs = false;
    for (int i = 0; i < 20; i++) {
      Scalar s = f.random(rng);
      assertThat(s.isZero()).isFalse();
      assertThat(s.toBigInteger()).isLessThan(ED25519_L);
      differs |= !s.toBigInteger().equals(first);
    }
    assertThat(differs).isTrue();
  }

  static byte[] be32(BigInteger x) {
    byte[] raw = x.toByteArray();
    byte[] out = new byte[32];
    int n = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - n, out, 32 - n, n);
    return out;
  }

  static byte[] reverse(byte[] b) {
    byte[] r = new byte[b.length];
    for (int i = 0; i < b.length; i++) {
      r[i] = b[b.length - 1 - i];
    }
    return r;
  }
}
