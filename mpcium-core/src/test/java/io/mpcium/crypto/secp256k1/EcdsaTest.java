package io.mpcium.crypto.secp256k1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpcium.crypto.Scalar;
import io.mpcium.crypto.ScalarField;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

class EcdsaTest {
  private static final Secp256k1Group G = Secp256k1Group.INSTANCE;
  private static final ScalarField F = G.scalarField();
  private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
  private static final ECDomainParameters DOMAIN =
      new ECDomainParameters(CURVE.getCurve(), CURVE.getG(), CURVE.getN(), CURVE.getH());
  private final SecureRandom rng = new SecureRandom(new byte[] {42});

  @Test
  void finish_givesLowS_andARecoveryIdThatWeb3jAndBouncyCastleAccept() throws Exception {
    boolean sawHighS = false;
    boolean sawOddKey = false;
    boolean sawEvenKey = false;
    boolean[] sawRecId = new boolean[2];
    for (int i = 0; i < 200; i++) {
      Scalar x = F.random(rng);
      Secp256k1Point pk = G.mulBase(x);
      sawOddKey |= pk.yIsOdd();
      sawEvenKey |= !pk.yIsOdd();
      byte[] digest = sha256("message " + i);
      BigInteger[] rs = bcSign(x, digest);
      sawHighS |= rs[1].compareTo(G.order().shiftRight(1)) > 0;
      EcdsaSignature sig = Ecdsa.finish(pk, digest, F.fromBigInteger(rs[0]), F.fromBigInteger(rs[1]));

      assertThat(Ecdsa.isLowS(sig)).isTrue();
      assertThat(Ecdsa.verify(pk, digest, sig)).isTrue();
      assertThat(bcVerify(pk, digest, sig)).isTrue();
      assertThat(Ecdsa.recover(digest, sig)).isEqualTo(pk);
      sawRecId[sig.recoveryId()] = true;
      BigInteger recovered = Sign.signedMessageHashToKey(digest,
          new Sign.SignatureData((byte) (27 + sig.recoveryId()), sig.r(), sig.s()));
      assertThat(Keys.getAddress(recovered))
          .isEqualTo(EthereumAddress.checksummed(pk).substring(2).toLowerCase());
    }
    assertThat(sawHighS).isTrue();
    assertThat(sawOddKey && sawEvenKey).isTrue();
    assertThat(sawRecId[0] && sawRecId[1]).isTrue();
  }

  @Test
  void finish_refusesASignatureThatDoesNotVerify() {
    Scalar x = F.random(rng);
    Secp256k1Point pk = G.mulBase(x);
    byte[] digest = sha256("m");
    BigInteger[] rs = bcSign(x, digest);
    Scalar r = F.fromBigInteger(rs[0]);
    Scalar s = F.fromBigInteger(rs[1]);
    assertThatThrownBy(() -> Ecdsa.finish(pk, digest, r, s.add(F.one())))
        .isInstanceOf(InvalidSignatureException.class);
    assertThatThrownBy(() -> Ecdsa.finish(G.mulBase(F.of(2)), digest, r, s))
        .isInstanceOf(InvalidSignatureException.class);
    assertThatThrownBy(() -> Ecdsa.finish(pk, sha256("other"), r, s))
        .isInstanceOf(InvalidSignatureException.class);
    assertThatThrownBy(() -> Ecdsa.finish(pk, digest, F.zero(), s))
        .isInstanceOf(InvalidSignatureException.class);
    assertThatThrownBy(() -> Ecdsa.finish(pk, new byte[31], r, s))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void verify_rejectsTamperedSignatures() throws Exception {
    Scalar x = F.random(rng);
    Secp256k1Point pk = G.mulBase(x);
    byte[] digest = sha256("m");
    BigInteger[] rs = bcSign(x, digest);
    EcdsaSignature sig = Ecdsa.finish(pk, digest, F.fromBigInteger(rs[0]), F.fromBigInteger(rs[1]));
    byte[] r = sig.r();
    r[5] ^= 1;
    assertThat(Ecdsa.verify(pk, digest, new EcdsaSignature(r, sig.s(), sig.recoveryId()))).isFalse();
    byte[] n = new byte[32];
    byte[] order = G.order().toByteArray();
    System.arraycopy(order, order.length - 32, n, 0, 32);
    assertThat(Ecdsa.verify(pk, digest, new EcdsaSignature(sig.r(), n, 0))).isFalse();
    EcdsaSignature wrongId = new EcdsaSignature(sig.r(), sig.s(), sig.recoveryId() ^ 1);
    assertThat(Ecdsa.recover(digest, wrongId)).isNotEqualTo(pk);
  }

  @Test
  void ethereumAddress_matchesKnownKeysAndWeb3j() {
    // private keys 1 and 2: addresses published with EIP-55 checksums
    assertThat(EthereumAddress.checksummed(G.mulBase(F.of(1))))
        .isEqualTo("0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf");
    assertThat(EthereumAddress.checksummed(G.mulBase(F.of(2))))
        .isEqualTo("0x2B5AD5c4795c026514f8317c7a215E218DcCD6cF");
    for (int i = 0; i < 10; i++) {
      Scalar x = F.random(rng);
      String web3j = Keys.toChecksumAddress(Keys.getAddress(Sign.publicKeyFromPrivate(x.toBigInteger())));
      assertThat(EthereumAddress.checksummed(G.mulBase(x))).isEqualTo(web3j);
    }
  }

  private static BigInteger[] bcSign(Scalar x, byte[] digest) {
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, new ECPrivateKeyParameters(x.toBigInteger(), DOMAIN));
    return signer.generateSignature(digest);
  }

  private static boolean bcVerify(Secp256k1Point pk, byte[] digest, EcdsaSignature sig) {
    ECDSASigner verifier = new ECDSASigner();
    verifier.init(false, new ECPublicKeyParameters(CURVE.getCurve().decodePoint(pk.encode()), DOMAIN));
    return verifier.verifySignature(digest, new BigInteger(1, sig.r()), new BigInteger(1, sig.s()));
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
