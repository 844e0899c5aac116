package io.mpcium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.junit.jupiter.api.Test;

class InitiatorKeyTest {
  private static final SecureRandom RNG = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] MESSAGE =
      "{\"wallet_id\":\"wallet-123\",\"tx_id\":\"tx-456\"}".getBytes(StandardCharsets.UTF_8);
  private static final BigInteger P256_N = new BigInteger(
      "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);

  @Test
  void ed25519SignsAndVerifies() {
    Initiator initiator = Initiator.generateEd25519(RNG);
    InitiatorKey key = initiator.publicKey();
    byte[] signature = initiator.sign(MESSAGE);
    assertThat(key.algorithm()).isEqualTo("ed25519");
    assertThat(key.encoded()).hasSize(32);
    assertThat(signature).hasSize(64);
    assertThat(key.verify(MESSAGE, signature)).isTrue();
    assertThat(InitiatorKey.ed25519(key.encoded())).isEqualTo(key);
  }

  @Test
  void ed25519MatchesRfc8032() {
    InitiatorKey key = InitiatorKey.ed25519(HEX.parseHex(
        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c"));
    byte[] sig = HEX.parseHex(
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e"
            + "458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
    assertThat(key.verify(new byte[] {0x72}, sig)).isTrue();
    assertThat(key.verify(new byte[] {0x73}, sig)).isFalse();
  }

  @Test
  void p256SignsAndVerifiesThroughTheJdk() throws Exception {
    Initiator initiator = Initiator.generateP256(RNG);
    InitiatorKey key = initiator.publicKey();
    byte[] signature = initiator.sign(MESSAGE);
    assertThat(key.algorithm()).isEqualTo("p256");
    assertThat(key.encoded()).hasSize(33);
    assertThat(signature[0]).isEqualTo((byte) 0x30);
    assertThat(key.verify(MESSAGE, signature)).isTrue();
    // Deterministic (RFC 6979).
    assertThat(initiator.sign(MESSAGE)).isEqualTo(signature);
  }

  @Test
  void p256AcceptsJdkKeysInEveryEncodingAndJdkSignatures() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), RNG);
    KeyPair pair = generator.generateKeyPair();
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(pair.getPrivate(), RNG);
    signer.update(MESSAGE);
    byte[] signature = signer.sign();

    InitiatorKey fromSpki = InitiatorKey.p256(pair.getPublic().getEncoded());
    ECPublicKey jdk = (ECPublicKey) pair.getPublic();
    byte[] uncompressed = new byte[65];
    uncompressed[0] = 4;
    copyFixed(jdk.getW().getAffineX(), uncompressed, 1);
    copyFixed(jdk.getW().getAffineY(), uncompressed, 33);
    InitiatorKey fromSec1 = InitiatorKey.p256(uncompressed);
    InitiatorKey fromCompressed = InitiatorKey.p256(fromSec1.encoded());

    assertThat(fromSpki).isEqualTo(fromSec1).isEqualTo(fromCompressed);
    assertThat(fromSpki.hashCode()).isEqualTo(fromCompressed.hashCode());
    for (InitiatorKey key : new InitiatorKey[] {fromSpki, fromSec1, fromCompressed}) {
      assertThat(key.verify(MESSAGE, signature)).isTrue();
    }
  }

  @Test
  void rejectsWrongKeyFlippedBitsAndMalformedSignaturesWithoutThrowing() {
    for (Initiator initiator : new Initiator[] {
        Initiator.generateEd25519(RNG), Initiator.generateP256(RNG)}) {
      InitiatorKey key = initiator.publicKey();
      InitiatorKey other = (key.algorithm().equals("p256")
          ? Initiator.generateP256(RNG) : Initiator.generateEd25519(RNG)).publicKey();
      byte[] signature = initiator.sign(MESSAGE);

      assertThat(other.verify(MESSAGE, signature)).isFalse();
      for (int bit = 0; bit < signature.length * 8; bit++) {
        assertThat(key.verify(MESSAGE, flip(signature, bit))).as("bit %d", bit).isFalse();
      }
      for (int bit = 0; bit < MESSAGE.length * 8; bit += 5) {
        assertThat(key.verify(flip(MESSAGE, bit), signature)).isFalse();
      }
      assertThat(key.verify(MESSAGE, null)).isFalse();
      assertThat(key.verify(null, signature)).isFalse();
      assertThat(key.verify(MESSAGE, new byte[0])).isFalse();
      assertThat(key.verify(MESSAGE, Arrays.copyOf(signature, signature.length - 1))).isFalse();
      assertThat(key.verify(MESSAGE, Arrays.copyOf(signature, signature.length + 1))).isFalse();
      byte[] junk = new byte[64];
      RNG.nextBytes(junk);
      assertThat(key.verify(MESSAGE, junk)).isFalse();
      byte[] bigJunk = new byte[4096];
      bigJunk[0] = 0x30;
      assertThat(key.verify(MESSAGE, bigJunk)).isFalse();
    }
  }

  @Test
  void p256RejectsZeroOutOfRangeAndNonDerSignatures() throws Exception {
    Initiator initiator = Initiator.generateP256(RNG);
    InitiatorKey key = initiator.publicKey();
    ASN1Sequence good = ASN1Sequence.getInstance(initiator.sign(MESSAGE));
    BigInteger r = ASN1Integer.getInstance(good.getObjectAt(0)).getValue();
    BigInteger s = ASN1Integer.getInstance(good.getObjectAt(1)).getValue();

    assertThat(key.verify(MESSAGE, der(BigInteger.ZERO, BigInteger.ZERO))).isFalse();
    assertThat(key.verify(MESSAGE, der(r, BigInteger.ZERO))).isFalse();
    assertThat(key.verify(MESSAGE, der(r, s.add(P256_N)))).isFalse();
    assertThat(key.verify(MESSAGE, der(r.add(P256_N), s))).isFalse();
    // The other valid s (n - s) is accepted, as Go and AWS KMS may produce either.
    assertThat(key.verify(MESSAGE, der(r, P256_N.subtract(s)))).isTrue();
    // Raw r||s is not DER.
    byte[] raw = new byte[64];
    copyFixed(r, raw, 0);
    copyFixed(s, raw, 32);
    assertThat(key.verify(MESSAGE, raw)).isFalse();
    // Non-minimal INTEGER encoding (an extra leading zero byte) is not strict DER.
    byte[] rBytes = r.toByteArray();
    byte[] sBytes = s.toByteArray();
    byte[] padded = new byte[2 + 2 + rBytes.length + 1 + 2 + sBytes.length];
    int i = 0;
    padded[i++] = 0x30;
    padded[i++] = (byte) (padded.length - 2);
    padded[i++] = 0x02;
    padded[i++] = (byte) (rBytes.length + 1);
    padded[i++] = 0;
    System.arraycopy(rBytes, 0, padded, i, rBytes.length);
    i += rBytes.length;
    padded[i++] = 0x02;
    padded[i++] = (byte) sBytes.length;
    System.arraycopy(sBytes, 0, padded, i, sBytes.length);
    assertThat(key.verify(MESSAGE, padded)).isFalse();

    // The strict pre-check alone (defence in depth for JDKs without the CVE-2022-21449 fix).
    assertThat(InitiatorKey.isStrictDerSignature(der(r, s))).isTrue();
    assertThat(InitiatorKey.isStrictDerSignature(padded)).isFalse();
    assertThat(InitiatorKey.isStrictDerSignature(raw)).isFalse();
    assertThat(InitiatorKey.isStrictDerSignature(der(BigInteger.ZERO, BigInteger.ZERO))).isFalse();
    assertThat(InitiatorKey.isStrictDerSignature(der(r, P256_N))).isFalse();
    assertThat(InitiatorKey.isStrictDerSignature(der(r, s.negate()))).isFalse();
    // BER long-form length where DER requires the short form.
    byte[] good2 = der(r, s);
    byte[] longForm = new byte[good2.length + 1];
    longForm[0] = 0x30;
    longForm[1] = (byte) 0x81;
    System.arraycopy(good2, 1, longForm, 2, good2.length - 1);
    assertThat(InitiatorKey.isStrictDerSignature(longForm)).isFalse();
    byte[] trailing = Arrays.copyOf(der(r, s), der(r, s).length + 1);
    assertThat(InitiatorKey.isStrictDerSignature(trailing)).isFalse();
  }

  @Test
  void malformedKeysAreRejectedAtConfigurationTime() throws Exception {
    assertThatThrownBy(() -> InitiatorKey.ed25519(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes, got 31");
    byte[] identity = new byte[32];
    identity[0] = 1;
    assertThatThrownBy(() -> InitiatorKey.ed25519(identity))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("large order");

    InitiatorKey good = Initiator.generateP256(RNG).publicKey();
    byte[] offCurve = good.encoded();
    // Decompress, then move y off the curve.
    byte[] uncompressed = org.bouncycastle.crypto.ec.CustomNamedCurves.getByName("secp256r1")
        .getCurve().decodePoint(offCurve).getEncoded(false);
    uncompressed[64] ^= 1;
    assertThatThrownBy(() -> InitiatorKey.p256(uncompressed))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("P-256");
    assertThatThrownBy(() -> InitiatorKey.p256(new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> InitiatorKey.p256(new byte[32]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SEC1");

    KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
    p384.initialize(new ECGenParameterSpec("secp384r1"), RNG);
    byte[] otherCurve = p384.generateKeyPair().getPublic().getEncoded();
    assertThatThrownBy(() -> InitiatorKey.p256(otherCurve))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prime256v1");

    KeyPairGenerator p256 = KeyPairGenerator.getInstance("EC");
    p256.initialize(new ECGenParameterSpec("secp256r1"), RNG);
    byte[] spki = p256.generateKeyPair().getPublic().getEncoded();
    assertThatThrownBy(() -> InitiatorKey.p256(Arrays.copyOf(spki, spki.length + 1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> InitiatorKey.p256(Arrays.copyOf(spki, spki.length - 1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void initiatorRedactsAndDestroys() {
    Initiator initiator = Initiator.generateEd25519(RNG);
    InitiatorKey key = initiator.publicKey();
    assertThat(initiator.toString())
        .isEqualTo("Initiator[InitiatorKey[ed25519, " + HEX.formatHex(key.encoded()) + "]]");
    initiator.destroy();
    assertThat(initiator.isDestroyed()).isTrue();
    assertThatThrownBy(() -> initiator.sign(MESSAGE))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("destroyed");
    assertThat(initiator.publicKey()).isEqualTo(key);
  }

  private static byte[] der(BigInteger r, BigInteger s) throws Exception {
    return new DERSequence(new ASN1Integer[] {new ASN1Integer(r), new ASN1Integer(s)})
        .getEncoded();
  }

  private static void copyFixed(BigInteger value, byte[] out, int offset) {
    byte[] bytes = value.toByteArray();
    int length = Math.min(bytes.length, 32);
    System.arraycopy(bytes, bytes.length - length, out, offset + 32 - length, length);
  }

  private static byte[] flip(byte[] data, int bit) {
    byte[] copy = data.clone();
    copy[bit / 8] ^= (byte) (1 << (bit % 8));
    return copy;
  }
}
