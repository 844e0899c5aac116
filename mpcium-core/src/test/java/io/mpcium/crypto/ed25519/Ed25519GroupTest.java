package io.mpcium.crypto.ed25519;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpcium.crypto.GroupElement;
import io.mpcium.crypto.InvalidEncodingException;
import io.mpcium.crypto.Scalar;
import io.mpcium.crypto.ScalarField;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class Ed25519GroupTest {
  private static final Ed25519Group G = Ed25519Group.INSTANCE;
  private static final ScalarField F = G.scalarField();
  private final Random rnd = new Random(20260101);

  static Stream<Rfc8032Vectors.Vector> vectors() {
    return Rfc8032Vectors.load().stream();
  }

  // ------------------------------------------------------------------ RFC 8032 and BouncyCastle

  @Test
  void vectorFile_holdsTheFiveSection71Vectors() {
    List<Rfc8032Vectors.Vector> v = Rfc8032Vectors.load();
    assertThat(v).extracting(Rfc8032Vectors.Vector::name)
        .containsExactly("TEST 1", "TEST 2", "TEST 3", "TEST 1024", "TEST SHA(abc)");
    assertThat(v.get(3).message()).hasSize(1023);
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void rfc8032_publicKeyIsMulBaseOfClampedSecret(Rfc8032Vectors.Vector v) {
    Scalar s = secretScalar(v.secret());
    assertThat(G.mulBase(s).encode()).isEqualTo(v.publicKey());
    assertThat(G.mul(G.generator(), s).encode()).isEqualTo(v.publicKey());
    assertThat(G.mulVartime(G.generator(), s).encode()).isEqualTo(v.publicKey());
  }

  /** Ed25519 is deterministic, so signing by hand with our arithmetic must reproduce the RFC. */
  @ParameterizedTest
  @MethodSource("vectors")
  void rfc8032_signatureReproducedByHandAndVerified(Rfc8032Vectors.Vector v) throws Exception {
    byte[] h = sha512(v.secret());
    Scalar a = secretScalar(v.secret());
    byte[] publicKey = G.mulBase(a).encode();
    Scalar r = F.reduceLE(sha512(Arrays.copyOfRange(h, 32, 64), v.message()));
    byte[] bigR = G.mulBase(r).encode();
    Scalar k = F.reduceLE(sha512(bigR, publicKey, v.message()));
    Scalar bigS = r.add(k.mul(a));
    byte[] sig = concat(bigR, G.encodeScalar(bigS));
    assertThat(sig).isEqualTo(v.signature());
    assertThat(Ed25519.verify(sig, 0, v.publicKey(), 0, v.message(), 0, v.message().length))
        .isTrue();
    assertThat(ourVerify(v.publicKey(), v.message(), sig)).isTrue();
    sig[5] ^= 1;
    assertThat(ourVerify(v.publicKey(), v.message(), sig)).isFalse();
  }

  @Test
  void mulBase_matchesBouncyCastleGeneratePublicKey() {
    byte[] seed = new byte[32];
    byte[] expected = new byte[32];
    for (int i = 0; i < 40; i++) {
      rnd.nextBytes(seed);
      Ed25519.generatePublicKey(seed, 0, expected, 0);
      assertThat(G.mulBase(secretScalar(seed)).encode()).isEqualTo(expected);
    }
  }

  /** A threshold-style key (a raw scalar, no seed) signs by hand; BouncyCastle verifies. */
  @Test
  void handBuiltSignatureWithRawScalar_verifiesWithBouncyCastle() throws Exception {
    for (int i = 0; i < 10; i++) {
      Scalar a = randomScalar();
      byte[] publicKey = G.mulBase(a).encode();
      byte[] message = new byte[rnd.nextInt(200)];
      rnd.nextBytes(message);
      Scalar r = randomScalar();
      byte[] bigR = G.mulBase(r).encode();
      Scalar k = F.reduceLE(sha512(bigR, publicKey, message));
      byte[] sig = concat(bigR, G.encodeScalar(r.add(k.mul(a))));
      assertThat(Ed25519.verify(sig, 0, publicKey, 0, message, 0, message.length)).isTrue();
      sig[40] ^= 4;
      assertThat(Ed25519.verify(sig, 0, publicKey, 0, message, 0, message.length)).isFalse();
    }
  }

  // ------------------------------------------------------------------ scalar multiplication

  @Test
  void allMultiplications_agree() {
    for (int i = 0; i < 20; i++) {
      Ed25519Point p = G.mulBase(randomScalar());
      Scalar k = randomScalar();
      Ed25519Point ct = G.mul(p, k);
      assertThat(G.mulVartime(p, k)).isEqualTo(ct);
      assertThat(G.multiScalarMulVartime(List.of(k), List.of(p))).isEqualTo(ct);
      assertThat(G.mul(G.generator(), k)).isEqualTo(G.mulBase(k));
    }
  }

  @Test
  void smallMultiples_matchRepeatedAddition() {
    Ed25519Point p = G.mulBase(randomScalar());
    GroupElement sum = G.identity();
    for (int k = 0; k <= 40; k++) {
      Scalar s = F.of(k);
      assertThat(G.mul(p, s)).as("k=%d", k).isEqualTo(sum);
      assertThat(G.mulVartime(p, s)).as("k=%d", k).isEqualTo(sum);
      assertThat(G.mulBase(s)).as("k=%d", k).isEqualTo(G.mul(G.generator(), s));
      sum = sum.add(p);
    }
    Scalar minusOne = F.zero().sub(F.one());
    assertThat(G.mul(p, minusOne)).isEqualTo(p.negate());
    assertThat(G.mulBase(minusOne)).isEqualTo(G.generator().negate());
    assertThat(G.mulVartime(p, minusOne)).isEqualTo(p.negate());
    assertThat(G.mul(p, F.zero()).isIdentity()).isTrue();
    assertThat(G.mulBase(F.zero()).isIdentity()).isTrue();
  }

  /** Scalars whose signed radix-16 digits hit the extremes ±8 and the carry chain. */
  @Test
  void extremeDigitScalars_agreeAcrossAlgorithms() {
    Ed25519Point p = G.mulBase(randomScalar());
    List<BigInteger> ks = new ArrayList<>();
    for (char nibble : new char[] {'8', '7', 'f', '9'}) {
      ks.add(new BigInteger(String.valueOf(nibble).repeat(62), 16));
    }
    ks.add(RefEdwards.L.subtract(BigInteger.ONE));
    ks.add(RefEdwards.L.subtract(BigInteger.TWO));
    ks.add(BigInteger.ONE.shiftLeft(252).subtract(BigInteger.ONE));
    ks.add(BigInteger.ONE.shiftLeft(252));
    for (BigInteger k : ks) {
      Scalar s = F.fromBigInteger(k);
      Ed25519Point expected = G.mulVartime(p, s);
      assertThat(G.mul(p, s)).as("k=%s", k.toString(16)).isEqualTo(expected);
      assertThat(G.mulBase(s)).as("k=%s", k.toString(16)).isEqualTo(G.mulVartime(G.generator(), s));
    }
    RefEdwards.Pt ref = RefEdwards.mul(toRef(p), ks.get(0));
    assertThat(toRef(G.mul(p, F.fromBigInteger(ks.get(0))))).isEqualTo(ref);
  }

  @Test
  void scalarMultiplication_isAHomomorphism() {
    for (int i = 0; i < 10; i++) {
      Scalar a = randomScalar();
      Scalar b = randomScalar();
      assertThat(G.mulBase(a.add(b))).isEqualTo(G.mulBase(a).add(G.mulBase(b)));
      assertThat(G.mulBase(a.sub(b))).isEqualTo(G.mulBase(a).subtract(G.mulBase(b)));
      assertThat(G.mul(G.mulBase(b), a)).isEqualTo(G.mulBase(a.mul(b)));
    }
  }

  @Test
  void multiScalarMulVartime_equalsSumOfProducts() {
    for (int n : new int[] {0, 1, 2, 3, 10}) {
      List<Scalar> ks = new ArrayList<>();
      List<GroupElement> ps = new ArrayList<>();
      GroupElement expected = G.identity();
      for (int i = 0; i < n; i++) {
        Scalar k = i == 1 ? F.zero() : randomScalar();
        GroupElement p = i == 2 ? G.generator() : G.mulBase(randomScalar());
        ks.add(k);
        ps.add(p);
        expected = expected.add(G.mul(p, k));
      }
      assertThat(G.multiScalarMulVartime(ks, ps)).as("n=%d", n).isEqualTo(expected);
    }
    assertThatThrownBy(() -> G.multiScalarMulVartime(List.of(F.one()), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ------------------------------------------------------------------ group law vs BigInteger model

  @Test
  void groupLaw_matchesReferenceModel() {
    for (int i = 0; i < 20; i++) {
      Ed25519Point p = G.mulBase(randomScalar());
      Ed25519Point q = G.mulBase(randomScalar());
      RefEdwards.Pt rp = toRef(p);
      RefEdwards.Pt rq = toRef(q);
      assertThat(rp.onCurve()).isTrue();
      assertThat(toRef(p.add(q))).isEqualTo(RefEdwards.add(rp, rq));
      assertThat(toRef(p.subtract(q))).isEqualTo(RefEdwards.add(rp, RefEdwards.negate(rq)));
      assertThat(toRef(p.twice())).isEqualTo(RefEdwards.add(rp, rp));
      assertThat(toRef(p.negate())).isEqualTo(RefEdwards.negate(rp));
      assertThat(RefEdwards.encode(rp)).isEqualTo(p.encode());
    }
    Scalar k = randomScalar();
    RefEdwards.Pt b = toRef(G.generator());
    assertThat(toRef(G.mulBase(k))).isEqualTo(RefEdwards.mul(b, k.toBigInteger()));
    assertThat(b.y()).isEqualTo(BigInteger.valueOf(4).multiply(BigInteger.valueOf(5).modInverse(RefEdwards.P)).mod(RefEdwards.P));
    assertThat(b.x().testBit(0)).isFalse();
  }

  @Test
  void exceptionalInputs_areHandledByCompleteFormulas() {
    Ed25519Point p = G.mulBase(randomScalar());
    assertThat(p.add(p)).isEqualTo(p.twice());
    assertThat(p.add(p.negate()).isIdentity()).isTrue();
    assertThat(p.subtract(p).isIdentity()).isTrue();
    assertThat(p.add(G.identity())).isEqualTo(p);
    assertThat(G.identity().add(G.identity()).isIdentity()).isTrue();
    assertThat(G.identity().twice().isIdentity()).isTrue();
    assertThat(p.isIdentity()).isFalse();
    assertThat(G.identity().encode()).isEqualTo(RefEdwards.encode(RefEdwards.Pt.IDENTITY));
  }

  // ------------------------------------------------------------------ encoding

  @Test
  void encodeDecode_roundTripsAndEqualityIsProjective() throws InvalidEncodingException {
    int odd = 0;
    for (int i = 0; i < 30; i++) {
      Ed25519Point p = G.mulBase(randomScalar());
      byte[] enc = p.encode();
      odd += (enc[31] >>> 7) & 1;
      Ed25519Point q = G.decodeElement(enc);
      assertThat(q).isEqualTo(p).hasSameHashCodeAs(p);
      assertThat(q.encode()).isEqualTo(enc);
      assertThat(q.toString()).contains(HexFormat.of().formatHex(enc));
      // p in a different projective representation (Z != 1) is still equal
      assertThat(p.add(G.identity()).twice()).isEqualTo(q.twice());
      byte[] y = p.affineY();
      assertThat(Arrays.copyOf(y, 31)).isEqualTo(Arrays.copyOf(enc, 31));
      assertThat(y[31] & 0x7f).isEqualTo(enc[31] & 0x7f);
      assertThat(p.affineX()[0] & 1).isEqualTo((enc[31] >>> 7) & 1);
      assertThat(Ed25519.validatePublicKeyFull(enc, 0)).isTrue();
    }
    assertThat(odd).isBetween(1, 29); // both signs of x were exercised
  }

  @Test
  void scalarEncoding_isLittleEndianAndRejectsOutOfRange() throws InvalidEncodingException {
    assertThat(G.name()).isEqualTo("edwards25519");
    assertThat(G.elementLength()).isEqualTo(32);
    assertThat(G.scalarLength()).isEqualTo(32);
    assertThat(F.modulus()).isEqualTo(RefEdwards.L);
    byte[] one = new byte[32];
    one[0] = 1;
    assertThat(G.encodeScalar(F.one())).isEqualTo(one);
    assertThat(G.decodeScalar(one).toBigInteger()).isEqualTo(BigInteger.ONE);
    byte[] lMinus1 = Edwards.littleEndian32(RefEdwards.L.subtract(BigInteger.ONE));
    assertThat(G.decodeScalar(lMinus1).toBigInteger()).isEqualTo(RefEdwards.L.subtract(BigInteger.ONE));
    for (BigInteger bad :
        List.of(RefEdwards.L, RefEdwards.L.add(BigInteger.ONE), BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE))) {
      byte[] enc = Edwards.littleEndian32(bad);
      assertThatThrownBy(() -> G.decodeScalar(enc)).isInstanceOf(InvalidEncodingException.class);
    }
    Scalar foreign = new ScalarField(RefEdwards.P).one();
    assertThatThrownBy(() -> G.mulBase(foreign)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> G.mul(G.generator(), foreign))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> G.encodeScalar(foreign)).isInstanceOf(IllegalArgumentException.class);
  }

  // ------------------------------------------------------------------ decoding rejections

  /** The eight points of order dividing 8, computed as multiples of a point of order 8. */
  static List<RefEdwards.Pt> torsionPoints() {
    RefEdwards.Pt t8 = null;
    for (int y = 2; t8 == null; y++) {
      BigInteger x = RefEdwards.recoverX(BigInteger.valueOf(y), 0);
      if (x == null) {
        continue;
      }
      RefEdwards.Pt t = RefEdwards.mul(new RefEdwards.Pt(x, BigInteger.valueOf(y)), RefEdwards.L);
      if (!RefEdwards.mul(t, BigInteger.valueOf(4)).equals(RefEdwards.Pt.IDENTITY)) {
        t8 = t;
      }
    }
    List<RefEdwards.Pt> out = new ArrayList<>();
    RefEdwards.Pt acc = RefEdwards.Pt.IDENTITY;
    for (int i = 0; i < 8; i++) {
      out.add(acc);
      acc = RefEdwards.add(acc, t8);
    }
    assertThat(acc).isEqualTo(RefEdwards.Pt.IDENTITY);
    return out;
  }

  @Test
  void decode_rejectsAllSmallOrderPoints() {
    List<RefEdwards.Pt> torsion = torsionPoints();
    Set<String> encodings = new LinkedHashSet<>();
    for (RefEdwards.Pt t : torsion) {
      assertThat(t.onCurve()).isTrue();
      byte[] enc = RefEdwards.encode(t);
      encodings.add(HexFormat.of().formatHex(enc));
      assertRejected(enc);
      assertThat(Ed25519.validatePublicKeyFull(enc, 0)).isFalse();
    }
    assertThat(encodings).hasSize(8);
    // the well-known ones: identity, (0, -1), (±sqrt(-1), 0)
    assertThat(encodings)
        .contains(
            "0100000000000000000000000000000000000000000000000000000000000000",
            "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "0000000000000000000000000000000000000000000000000000000000000080",
            "0000000000000000000000000000000000000000000000000000000000000000");
  }

  @Test
  void decode_rejectsMixedOrderPoints() {
    List<RefEdwards.Pt> torsion = torsionPoints();
    for (int i = 1; i < 8; i++) {
      Ed25519Point p = G.mulBase(randomScalar());
      RefEdwards.Pt mixed = RefEdwards.add(toRef(p), torsion.get(i));
      assertThat(mixed.onCurve()).isTrue();
      byte[] enc = RefEdwards.encode(mixed);
      assertRejected(enc);
      assertThat(Ed25519.validatePublicKeyFull(enc, 0)).isFalse();
    }
  }

  @Test
  void decode_rejectsNonCanonicalAndInvalidEncodings() {
    BigInteger p = RefEdwards.P;
    List<byte[]> bad = new ArrayList<>();
    // y >= p: p (y = 0), p + 1 (y = 1), p + 2, 2^255 - 1, with both sign bits
    for (BigInteger y :
        List.of(p, p.add(BigInteger.ONE), p.add(BigInteger.TWO), BigInteger.ONE.shiftLeft(255).subtract(BigInteger.ONE))) {
      bad.add(RefEdwards.encodeRaw(y, 0));
      bad.add(RefEdwards.encodeRaw(y, 1));
    }
    // x = 0 with the sign bit set: y = 1 and y = -1
    bad.add(RefEdwards.encodeRaw(BigInteger.ONE, 1));
    bad.add(RefEdwards.encodeRaw(p.subtract(BigInteger.ONE), 1));
    // a y for which no x exists
    BigInteger noX = BigInteger.TWO;
    while (RefEdwards.recoverX(noX, 0) != null) {
      noX = noX.add(BigInteger.ONE);
    }
    bad.add(RefEdwards.encodeRaw(noX, 0));
    bad.add(RefEdwards.encodeRaw(noX, 1));
    // the identity
    bad.add(G.identity().encode());
    for (byte[] enc : bad) {
      assertRejected(enc);
    }
    assertThatThrownBy(() -> G.decodeElement(new byte[31]))
        .isInstanceOf(InvalidEncodingException.class);
    assertThatThrownBy(() -> G.decodeElement(new byte[33]))
        .isInstanceOf(InvalidEncodingException.class);
    assertThatThrownBy(() -> G.decodeElement(null)).isInstanceOf(InvalidEncodingException.class);
  }

  /**
   * Every non-canonical y (p..2^255-1) reduces to a small y whose points all have small order,
   * so decodeElement rejects them twice over; check the canonical-y and the x = 0 sign rules on
   * their own at the decompression layer, where nothing else would catch them.
   */
  @Test
  void decompress_rejectsNonCanonicalYAndSignedZeroX() {
    BigInteger p = RefEdwards.P;
    int onCurve = 0;
    for (int k = 0; k < 19; k++) {
      BigInteger y = BigInteger.valueOf(k);
      for (int sign = 0; sign <= 1; sign++) {
        assertThat(Edwards.decompressVartime(RefEdwards.encodeRaw(y.add(p), sign)))
            .as("y = p + %d", k)
            .isNull();
        BigInteger x = RefEdwards.recoverX(y, sign);
        boolean valid = x != null && !(x.signum() == 0 && sign == 1);
        Edwards.Ext e = Edwards.decompressVartime(RefEdwards.encodeRaw(y, sign));
        assertThat(e != null).as("y = %d, sign %d", k, sign).isEqualTo(valid);
        onCurve += valid ? 1 : 0;
      }
    }
    assertThat(onCurve).isGreaterThan(4); // y = 0 and y = 1 at least, so the loop is not vacuous
    assertThat(Edwards.decompressVartime(RefEdwards.encodeRaw(BigInteger.ONE, 1))).isNull();
    assertThat(Edwards.decompressVartime(RefEdwards.encodeRaw(p.subtract(BigInteger.ONE), 1)))
        .isNull();
    assertThat(Edwards.decompressVartime(RefEdwards.encodeRaw(BigInteger.ONE, 0))).isNotNull();
  }

  @Test
  void decode_acceptsTheGeneratorAndItsNegation() throws Exception {
    assertThat(G.decodeElement(G.generator().encode())).isEqualTo(G.generator());
    assertThat(G.decodeElement(G.generator().negate().encode()))
        .isEqualTo(G.generator().negate());
  }

  // ------------------------------------------------------------------ helpers

  private static void assertRejected(byte[] enc) {
    String hex = HexFormat.of().formatHex(enc);
    assertThatThrownBy(() -> G.decodeElement(enc))
        .as("decoding %s", hex)
        .isInstanceOf(InvalidEncodingException.class)
        .extracting(Throwable::getMessage)
        .asString()
        .doesNotContain(hex)
        .doesNotContain(hex.toUpperCase());
  }

  private Scalar randomScalar() {
    byte[] b = new byte[64];
    rnd.nextBytes(b);
    return F.reduceLE(b);
  }

  private static RefEdwards.Pt toRef(Ed25519Point p) {
    return new RefEdwards.Pt(
        new BigInteger(1, RefEdwards.reverse(p.affineX())),
        new BigInteger(1, RefEdwards.reverse(p.affineY())));
  }

  /** RFC 8032 §5.1.5: the clamped first half of SHA-512(seed), reduced mod L. */
  static Scalar secretScalar(byte[] seed) {
    byte[] h = sha512(seed);
    byte[] s = Arrays.copyOf(h, 32);
    s[0] &= (byte) 0xf8;
    s[31] &= 0x7f;
    s[31] |= 0x40;
    return F.reduceLE(s);
  }

  /** Verification with our own arithmetic: [S]B == R + [k]A, with strict decoding. */
  private static boolean ourVerify(byte[] publicKey, byte[] message, byte[] sig) {
    try {
      Ed25519Point a = G.decodeElement(publicKey);
      Ed25519Point r = G.decodeElement(Arrays.copyOf(sig, 32));
      Scalar s = G.decodeScalar(Arrays.copyOfRange(sig, 32, 64));
      Scalar k = F.reduceLE(sha512(Arrays.copyOf(sig, 32), publicKey, message));
      return G.multiScalarMulVartime(List.of(s, k.negate()), List.of(G.generator(), a)).equals(r);
    } catch (InvalidEncodingException e) {
      return false;
    }
  }

  static byte[] sha512(byte[]... parts) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-512");
      for (byte[] p : parts) {
        md.update(p);
      }
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
