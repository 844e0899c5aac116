package io.mpcium.examples;

import io.mpcium.KeyScheme;
import io.mpcium.SignatureResult;
import io.mpcium.transport.nats.wire.KeygenResultEvent;
import io.mpcium.transport.nats.wire.SigningResultEvent;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;

/**
 * Gateway results in Mpcium's encodings turned back into the library's, so that {@link
 * SignatureCheck} can verify them: compressed secp256k1 public keys (Mpcium sends {@code X‖Y}),
 * {@code r‖s} and the recovery id. Stateless.
 */
final class GatewayResults {
  private static final X9ECParameters SECP256K1 = CustomNamedCurves.getByName("secp256k1");

  private GatewayResults() {}

  /** A successful keygen result's public keys, per scheme (secp256k1 ones compressed). */
  static Map<KeyScheme, byte[]> publicKeys(KeygenResultEvent wallet) {
    Map<KeyScheme, byte[]> keys = new EnumMap<>(KeyScheme.class);
    if (wallet.ecdsaPubKey() != null) {
      keys.put(KeyScheme.SECP256K1, compressed(wallet.ecdsaPubKey()));
    }
    if (wallet.eddsaPubKey() != null) {
      keys.put(KeyScheme.ED25519, wallet.eddsaPubKey());
    }
    return keys;
  }

  /** A successful signing result as the library's {@link SignatureResult}. */
  static SignatureResult signature(String walletId, KeyScheme scheme, byte[] publicKey,
      byte[] message, SigningResultEvent event) {
    if (event.signature() != null) {
      return new SignatureResult(walletId, scheme, publicKey, message, event.signature(),
          OptionalInt.empty(), List.of());
    }
    byte[] signature = new byte[64];
    System.arraycopy(event.r(), 0, signature, 0, 32);
    System.arraycopy(event.s(), 0, signature, 32, 32);
    return new SignatureResult(walletId, scheme, publicKey, message, signature,
        OptionalInt.of(event.signatureRecovery()[0]), List.of());
  }

  /** Mpcium's 64-byte {@code X‖Y} as a 33-byte compressed SEC1 point. */
  private static byte[] compressed(byte[] xy) {
    byte[] uncompressed = new byte[65];
    uncompressed[0] = 4;
    System.arraycopy(xy, 0, uncompressed, 1, 64);
    return SECP256K1.getCurve().decodePoint(uncompressed).getEncoded(true);
  }
}
