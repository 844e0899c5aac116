package io.mpcium.examples;

import io.mpcium.SignatureResult;
import io.mpcium.crypto.InvalidEncodingException;
import io.mpcium.crypto.secp256k1.Bip340;
import io.mpcium.crypto.secp256k1.Ecdsa;
import io.mpcium.crypto.secp256k1.EcdsaSignature;
import io.mpcium.crypto.secp256k1.InvalidSignatureException;
import io.mpcium.crypto.secp256k1.Secp256k1Group;
import io.mpcium.crypto.secp256k1.Secp256k1Point;
import java.math.BigInteger;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Checks a threshold signature the way a wallet's counterpart would, with a standard verifier
 * per scheme: BouncyCastle's Ed25519; BouncyCastle's ECDSA plus the low-S rule and public-key
 * recovery from the recovery id (what Ethereum's ecrecover does); BIP340 verification (pinned by
 * the BIP's test vectors) for Schnorr. Stateless.
 */
final class SignatureCheck {
  private static final X9ECParameters SECP256K1 = CustomNamedCurves.getByName("secp256k1");

  private SignatureCheck() {}

  /** Whether {@code result} is a valid signature of its message under its public key. */
  static boolean verifies(SignatureResult result) {
    byte[] publicKey = result.publicKey();
    byte[] message = result.message();
    byte[] signature = result.signature();
    return switch (result.scheme()) {
      case ED25519 -> ed25519(publicKey, message, signature);
      case SECP256K1 -> ecdsa(publicKey, message, signature, result.recoveryId().orElse(-1));
      case SCHNORR -> Bip340.verify(publicKey, message, signature);
    };
  }

  /**
   * Whether {@code result} is a valid signature under {@code expectedKey} — the key the caller
   * derived itself (for a child key: offline, from the wallet key and chain code) — and names
   * that key as its public key.
   */
  static boolean verifiesUnder(SignatureResult result, byte[] expectedKey) {
    return java.util.Arrays.equals(result.publicKey(), expectedKey) && verifies(result);
  }

  /** The name of the verifier {@link #verifies} uses for a scheme, for the demo's summary. */
  static String verifierName(io.mpcium.KeyScheme scheme) {
    return switch (scheme) {
      case ED25519 -> "BouncyCastle Ed25519";
      case SECP256K1 -> "BouncyCastle ECDSA, low-S and key recovery";
      case SCHNORR -> "BIP340";
    };
  }

  static boolean ed25519(byte[] publicKey, byte[] message, byte[] signature) {
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
    verifier.update(message, 0, message.length);
    return verifier.verifySignature(signature);
  }

  private static boolean ecdsa(byte[] publicKey, byte[] digest, byte[] signature,
      int recoveryId) {
    if (signature.length != 64 || digest.length != 32 || recoveryId < 0 || recoveryId > 3) {
      return false;
    }
    BigInteger r = new BigInteger(1, java.util.Arrays.copyOfRange(signature, 0, 32));
    BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(signature, 32, 64));
    ECDSASigner verifier = new ECDSASigner();
    verifier.init(false, new ECPublicKeyParameters(SECP256K1.getCurve().decodePoint(publicKey),
        new ECDomainParameters(SECP256K1.getCurve(), SECP256K1.getG(), SECP256K1.getN())));
    if (!verifier.verifySignature(digest, r, s)) {
      return false;
    }
    EcdsaSignature parts = new EcdsaSignature(java.util.Arrays.copyOfRange(signature, 0, 32),
        java.util.Arrays.copyOfRange(signature, 32, 64), recoveryId);
    try {
      Secp256k1Point key = Secp256k1Group.INSTANCE.decodeElement(publicKey);
      return Ecdsa.isLowS(parts) && Ecdsa.recover(digest, parts).equals(key);
    } catch (InvalidEncodingException | InvalidSignatureException e) {
      return false;
    }
  }
}
