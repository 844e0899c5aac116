package io.mpcium.transport.nats.wire;

import io.mpcium.internal.codec.GoJson;
import java.util.List;
import java.util.Objects;

/**
 * Mpcium's signing request: {@code {"key_type","wallet_id","network_internal_code","tx_id",
 * "tx","signature","derivation_path","authorizer_signatures"}}. The initiator signs {@link
 * #raw()}: the Go JSON of the first five fields. {@code derivation_path} is not signed (as in
 * Mpcium). Immutable.
 *
 * @param derivationPath non-hardened indices, or null (Go's nil, sent as {@code null})
 */
public record SignTxMessage(String keyType, String walletId, String networkInternalCode,
    String txId, byte[] tx, byte[] signature, List<Long> derivationPath,
    List<AuthorizerSignature> authorizerSignatures) {

  public SignTxMessage {
    Objects.requireNonNull(keyType, "keyType");
    Objects.requireNonNull(walletId, "walletId");
    Objects.requireNonNull(networkInternalCode, "networkInternalCode");
    Objects.requireNonNull(txId, "txId");
    tx = tx == null ? null : tx.clone();
    signature = signature == null ? null : signature.clone();
    derivationPath = derivationPath == null ? null : List.copyOf(derivationPath);
    authorizerSignatures = List.copyOf(authorizerSignatures);
  }

  @Override
  public byte[] tx() {
    return tx == null ? null : tx.clone();
  }

  @Override
  public byte[] signature() {
    return signature == null ? null : signature.clone();
  }

  /** The bytes the initiator signs. */
  public byte[] raw() {
    return GoJson.object().string("key_type", keyType).string("wallet_id", walletId)
        .string("network_internal_code", networkInternalCode).string("tx_id", txId)
        .bytes("tx", tx).toBytes();
  }

  /** A copy carrying {@code signature}. */
  public SignTxMessage withSignature(byte[] newSignature) {
    return new SignTxMessage(keyType, walletId, networkInternalCode, txId, tx, newSignature,
        derivationPath, authorizerSignatures);
  }

  public byte[] toJson() {
    GoJson json = GoJson.object().string("key_type", keyType).string("wallet_id", walletId)
        .string("network_internal_code", networkInternalCode).string("tx_id", txId)
        .bytes("tx", tx).bytes("signature", signature);
    if (derivationPath == null) {
      json.raw("derivation_path", "null");
    } else {
      StringBuilder path = new StringBuilder("[");
      for (int i = 0; i < derivationPath.size(); i++) {
        path.append(i == 0 ? "" : ",").append(derivationPath.get(i));
      }
      json.raw("derivation_path", path.append(']').toString());
    }
    if (!authorizerSignatures.isEmpty()) {
      json.raw("authorizer_signatures", AuthorizerSignature.toJson(authorizerSignatures));
    }
    return json.toBytes();
  }

  public static SignTxMessage parse(byte[] json) throws MalformedMpciumMessageException {
    GoJsonReader in = GoJsonReader.parse(json);
    return new SignTxMessage(in.string("key_type"), in.string("wallet_id"),
        in.string("network_internal_code"), in.string("tx_id"), in.bytes("tx"),
        in.bytes("signature"), in.uint32s("derivation_path"), in.authorizerSignatures());
  }
}
