package io.mpcium.crypto.secp256k1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpcium.crypto.GroupElement;
import io.mpcium.crypto.InvalidEncodingException;
import io.mpcium.crypto.Scalar;
import io.mpcium.crypto.ScalarField;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Secp256k1GroupTest {
  private static final Secp256k1Group G = Secp256k1Group.INSTANCE;
  private static final ScalarField F = G.scalarField();
  private static final X9ECParameters BC = CustomNamedCurves.getByName("secp256k1");
  private static final HexFormat HEX = HexFormat.of();
  private final SecureRandom rng = new SecureRandom(new byte[] {7});

  /** Multiples of G from SEC 2 §2.4.1 (k = 1) and the widely published table of small multiples. */
  @ParameterizedTest
  @CsvSource({
    "1, 0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798",
    "2, 02c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5",
    "3, 02f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9"
  })
  void mulBase_matchesPublishedMultiples(long k, String compressed) {
    assertThat(HEX.formatHex(G.mulBase(F.of(k)).encode())).isEqualTo(compressed);
  }

  @Test
  void multiplications_agreeWithBouncyCastleReference() {
    for (int i = 0; i < 20; i++) {
      Scalar k = F.random(rng);
      Scalar m = F.random(rng);
      ECPoint ref = BC.getG().multiply(k.toBigInteger()).normalize();
      Secp256k1Point kg = G.mulBase(k);
      assertThat(kg.encode()).isEqualTo(ref.getEncoded(true));
      ECPoint ref2 = ref.multiply(m.toBigInteger()).normalize();
      assertThat(G.mul(kg, m).encode()).isEqualTo(ref2.getEncoded(true));
      assertThat(G.mulVartime(kg, m)).isEqualTo(G.mul(kg, m));
      assertThat(G.multiScalarMulVartime(List.of(k, m), List.of(G.generator(), kg)))
          .isEqualTo(G.mulBase(k).add(G.mul(kg, m)));
    }
  }

  @Test
  void edgeScalars_giveIdentityAndNegation() {
    assertThat(G.mulBase(F.zero()).isIdentity()).isTrue();
    assertThat(G.mul(G.generator(), F.zero()).isIdentity()).isTrue();
    assertThat(G.mulBase(F.one().negate())).isEqualTo(G.generator().negate());
    Secp256k1Point p = G.mulBase(F.of(5));
    assertThat(p.add(p.negate()).isIdentity()).isTrue();
    assertThat(p.subtract(p)).isEqualTo(G.identity());
    assertThat(G.multiScalarMulVartime(List.of(), List.of()).isIdentity()).isTrue();
  }

  @Test
  void encodeDecode_roundTrips() throws Exception {
    for (int i = 0; i < 50; i++) {
      Secp256k1Point p = G.mulBase(F.random(rng));
      assertThat(G.decodeElement(p.encode())).isEqualTo(p);
      byte[] xy = new byte[64];
      System.arraycopy(p.encodeUncompressed(), 1, xy, 0, 64);
      assertThat(G.decodeXy(xy)).isEqualTo(p);
    }
  }

  @Test
  void decode_rejectsEverythingButCompressedCurvePoints() {
    Secp256k1Point p = G.mulBase(F.of(12345));
    byte[] uncompressed = p.encodeUncompressed();
    byte[] hybrid = uncompressed.clone();
    hybrid[0] = (byte) (p.yIsOdd() ? 0x07 : 0x06);
    List<byte[]> bad = new ArrayList<>();
    bad.add(uncompressed);
    bad.add(hybrid);
    bad.add(new byte[33]); // identity written as zeros
    bad.add(new byte[] {0});
    bad.add(new byte[32]);
    byte[] wrongPrefix = p.encode();
    wrongPrefix[0] = 0x04;
    bad.add(wrongPrefix);
    byte[] xEqualsP = new byte[33];
    xEqualsP[0] = 0x02;
    byte[] prime = G.fieldPrime().toByteArray();
    System.arraycopy(prime, prime.length - 32, xEqualsP, 1, 32);
    bad.add(xEqualsP);
    bad.add(offCurveX());
    for (byte[] b : bad) {
      assertThatThrownBy(() -> G.decodeElement(b)).isInstanceOf(InvalidEncodingException.class);
    }
    assertThatThrownBy(() -> G.decodeElement(null)).isInstanceOf(InvalidEncodingException.class);
    byte[] notOnCurve = new byte[64];
    notOnCurve[63] = 1;
    assertThatThrownBy(() -> G.decodeXy(notOnCurve)).isInstanceOf(InvalidEncodingException.class);
  }

  @Test
  void scalars_areBigEndianAndCanonical() throws Exception {
    Scalar k = F.of(258);
    byte[] enc = G.encodeScalar(k);
    assertThat(enc).hasSize(32);
    assertThat(enc[31]).isEqualTo((byte) 2);
    assertThat(enc[30]).isEqualTo((byte) 1);
    assertThat(G.decodeScalar(enc)).isEqualTo(k);
    byte[] n = G.order().toByteArray();
    byte[] n32 = new byte[32];
    System.arraycopy(n, n.length - 32, n32, 0, 32);
    assertThatThrownBy(() -> G.decodeScalar(n32)).isInstanceOf(InvalidEncodingException.class);
  }

  @Test
  void foreignElementsAndScalars_areRefused() {
    GroupElement ed = io.mpcium.crypto.ed25519.Ed25519Group.INSTANCE.generator();
    assertThatThrownBy(() -> G.generator().add(ed)).isInstanceOf(IllegalArgumentException.class);
    Scalar edScalar = io.mpcium.crypto.ed25519.Ed25519Group.INSTANCE.scalarField().one();
    assertThatThrownBy(() -> G.mulBase(edScalar)).isInstanceOf(IllegalArgumentException.class);
  }

  /** A compressed encoding whose x has no y on the curve. */
  private static byte[] offCurveX() {
    BigInteger p = G.fieldPrime();
    for (int x = 1; ; x++) {
      BigInteger rhs = BigInteger.valueOf(x).pow(3).add(BigInteger.valueOf(7)).mod(p);
      if (rhs.modPow(p.subtract(BigInteger.ONE).shiftRight(1), p).equals(p.subtract(BigInteger.ONE))) {
        byte[] out = new byte[33];
        out[0] = 0x02;
        out[32] = (byte) x;
        return out;
      }
    }
  }
}
