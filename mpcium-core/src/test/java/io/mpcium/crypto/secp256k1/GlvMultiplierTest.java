package io.mpcium.crypto.secp256k1;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpcium.crypto.Scalar;
import io.mpcium.crypto.ScalarField;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.endo.EndoUtil;
import org.bouncycastle.math.ec.endo.ScalarSplitParameters;
import org.junit.jupiter.api.Test;

/** Differential tests of the constant-time GLV multiplier against BouncyCastle's multiply. */
class GlvMultiplierTest {
  private static final Secp256k1Group G = Secp256k1Group.INSTANCE;
  private static final ScalarField F = G.scalarField();
  private static final X9ECParameters BC = CustomNamedCurves.getByName("secp256k1");
  private static final BigInteger N = BC.getN();
  private static final BigInteger P = BC.getCurve().getField().getCharacteristic();
  private final SecureRandom rng = new SecureRandom(new byte[] {42});

  /** Scalars at the edges: 0, 1, 2, small, n − 1, n − 2, around n/2, λ, −λ, 2^128 ± 1. */
  private static List<BigInteger> edgeScalars() {
    List<BigInteger> ks = new ArrayList<>();
    for (long k = 0; k <= 40; k++) {
      ks.add(BigInteger.valueOf(k));
      ks.add(N.subtract(BigInteger.valueOf(k + 1)));
    }
    BigInteger half = N.shiftRight(1);
    for (int d = -2; d <= 2; d++) {
      ks.add(half.add(BigInteger.valueOf(d)));
    }
    for (BigInteger k : List.of(GlvMultiplier.LAMBDA, N.subtract(GlvMultiplier.LAMBDA),
        GlvMultiplier.LAMBDA.add(BigInteger.ONE), BigInteger.ONE.shiftLeft(128),
        BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE),
        BigInteger.ONE.shiftLeft(129).add(BigInteger.ONE), BigInteger.ONE.shiftLeft(255),
        BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE).mod(N))) {
      ks.add(k.mod(N));
    }
    return ks;
  }

  private static byte[] be32(BigInteger k) {
    byte[] out = new byte[32];
    byte[] raw = k.toByteArray();
    int n = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - n, out, 32 - n, n);
    return out;
  }

  private static BigInteger magnitude(int[] limbs) {
    BigInteger r = BigInteger.ZERO;
    for (int i = limbs.length - 1; i >= 0; i--) {
      r = r.shiftLeft(32).or(BigInteger.valueOf(limbs[i] & 0xFFFFFFFFL));
    }
    return r;
  }

  private void assertSplit(BigInteger k) {
    int[][] split = GlvMultiplier.split(GlvMultiplier.fromBigEndian(be32(k)));
    BigInteger a = magnitude(split[0]);
    BigInteger b = magnitude(split[1]);
    if (split[2][0] != 0) {
      a = a.negate();
    }
    if (split[2][1] != 0) {
      b = b.negate();
    }
    assertThat(a.add(b.multiply(GlvMultiplier.LAMBDA)).mod(N)).isEqualTo(k);
    assertThat(a.abs().bitLength()).isLessThanOrEqualTo(129);
    assertThat(b.abs().bitLength()).isLessThanOrEqualTo(129);
    ScalarSplitParameters params = new ScalarSplitParameters(
        new BigInteger[] {GlvMultiplier.V1A, GlvMultiplier.V1B},
        new BigInteger[] {GlvMultiplier.V2A, GlvMultiplier.V2B},
        GlvMultiplier.G1, GlvMultiplier.G2, GlvMultiplier.SHIFT);
    BigInteger[] reference = EndoUtil.decomposeScalar(params, k);
    assertThat(new BigInteger[] {a, b}).containsExactly(reference);
  }

  @Test
  void endomorphismConstants_matchTheCurve() {
    ECPoint p = BC.getG().multiply(new BigInteger(250, rng)).normalize();
    ECPoint lambdaP = p.multiply(GlvMultiplier.LAMBDA).normalize();
    assertThat(lambdaP.getAffineXCoord().toBigInteger())
        .isEqualTo(p.getAffineXCoord().toBigInteger().multiply(GlvMultiplier.BETA).mod(P));
    assertThat(lambdaP.getAffineYCoord()).isEqualTo(p.getAffineYCoord());
  }

  @Test
  void split_matchesBouncyCastleAndStaysShort_onEdgeAndRandomScalars() {
    boolean sawNegativeA = false;
    boolean sawNegativeB = false;
    for (BigInteger k : edgeScalars()) {
      assertSplit(k);
    }
    for (int i = 0; i < 5000; i++) {
      BigInteger k = new BigInteger(256, rng).mod(N);
      assertSplit(k);
      int[][] split = GlvMultiplier.split(GlvMultiplier.fromBigEndian(be32(k)));
      sawNegativeA |= split[2][0] != 0;
      sawNegativeB |= split[2][1] != 0;
    }
    assertThat(sawNegativeA).isTrue();
    assertThat(sawNegativeB).isTrue();
  }

  @Test
  void recoding_reconstructsEveryOddValueBelow2To130() {
    List<BigInteger> values = new ArrayList<>(List.of(BigInteger.ONE, BigInteger.valueOf(31),
        BigInteger.valueOf(33), BigInteger.ONE.shiftLeft(130).subtract(BigInteger.ONE),
        BigInteger.ONE.shiftLeft(129).add(BigInteger.ONE)));
    for (int i = 0; i < 2000; i++) {
      values.add(new BigInteger(1 + rng.nextInt(130), rng).setBit(0));
    }
    for (BigInteger m : values) {
      int[] limbs = new int[5];
      for (int l = 0; l < 5; l++) {
        limbs[l] = m.shiftRight(32 * l).intValue();
      }
      BigInteger sum = BigInteger.ZERO;
      for (int i = 0; i < 26; i++) {
        int d = GlvMultiplier.digit(limbs, i);
        assertThat(d & 1).isEqualTo(1);
        assertThat(Math.abs(d)).isLessThanOrEqualTo(31);
        sum = sum.add(BigInteger.valueOf(d).shiftLeft(5 * i));
      }
      assertThat(sum).isEqualTo(m);
    }
  }

  @Test
  void mul_matchesBouncyCastle_onEdgeScalarsAndPoints() {
    List<ECPoint> points = List.of(BC.getG().normalize(), BC.getG().negate().normalize(),
        BC.getG().multiply(GlvMultiplier.LAMBDA).normalize(),
        BC.getG().multiply(BigInteger.valueOf(3)).normalize(),
        BC.getG().multiply(new BigInteger(256, rng).mod(N)).normalize());
    for (ECPoint p : points) {
      Secp256k1Point point = new Secp256k1Point(G, p);
      for (BigInteger k : edgeScalars()) {
        assertMul(point, p, k);
      }
    }
  }

  @Test
  void mul_matchesBouncyCastle_onThousandsOfRandomScalars() {
    for (int i = 0; i < 3000; i++) {
      ECPoint p = BC.getG().multiply(new BigInteger(256, rng).mod(N)).normalize();
      assertMul(new Secp256k1Point(G, p), p, new BigInteger(256, rng).mod(N));
    }
  }

  @Test
  void mul_ofTheIdentity_isTheIdentity() {
    assertThat(G.mul(G.identity(), F.random(rng)).isIdentity()).isTrue();
  }

  private void assertMul(Secp256k1Point point, ECPoint p, BigInteger k) {
    Scalar s = F.fromBigInteger(k);
    ECPoint expected = p.multiply(k).normalize();
    Secp256k1Point actual = G.mul(point, s);
    if (expected.isInfinity()) {
      assertThat(actual.isIdentity()).as("k = %s", k).isTrue();
    } else {
      assertThat(actual.encode()).as("k = %s", k).isEqualTo(expected.getEncoded(true));
      assertThat(actual.encodeUncompressed()).isEqualTo(expected.getEncoded(false));
    }
  }
}
