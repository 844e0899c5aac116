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
 * <p>Extension for key type {@value #SCHNORR} (not in Mpcium): an optional {@code
 * "taproot_tweak"} right after {@code tx}, in the message and in the signed bytes, present only
 * when a tweak is requested ({@code ""}: BIP341 key path only; base64 of 32 bytes: the script
 * tree's merkle root; absent or {@code null}: no tweak). For Mpcium's key types it is never
 * written nor signed, so their bytes are Mpcium's.
 *
 * @param derivationPath non-hardened indices, or null (Go's nil, sent as {@code null})
 * @param taprootTweak null (no tweak), empty (key path only) or a 32-byte merkle root
 */
public record SignTxMessage(String keyType, String walletId, String networkInternalCode,
    String txId, byte[] tx, byte[] signature, List<Long> derivationPath,
    List<AuthorizerSignature> authorizerSignatures, byte[] taprootTweak) {
  /** The {@code key_type} of BIP340 Schnorr keys (FROST over secp256k1), an extension. */
  public static final String SCHNORR = "schnorr";

  public SignTxMessage {
    Objects.requireNonNull(keyType, "keyType");
    Objects.requireNonNull(walletId, "walletId");
    Objects.requireNonNull(networkInternalCode, "networkInternalCode");
    Objects.requireNonNull(txId, "txId");
    tx = tx == null ? null : tx.clone();
    signature = signature == null ? null : signature.clone();
    derivationPath = derivationPath == null ? null : List.copyOf(derivationPath);
    authorizerSignatures = List.copyOf(authorizerSignatures);
    taprootTweak = taprootTweak == null ? null : taprootTweak.clone();
  }

  /** Mpcium's request, without a taproot tweak. */
  public SignTxMessage(String keyType, String walletId, String networkInternalCode,
      String txId, byte[] tx, byte[] signature, List<Long> derivationPath,
      List<AuthorizerSignature> authorizerSignatures) {
    this(keyType, walletId, networkInternalCode, txId, tx, signature, derivationPath,
        authorizerSignatures, null);
  }

  /**
   * An unsigned {@value #SCHNORR} request, for the BIP341 output key that {@code tweak} defines
   * when present.
   */
  public static SignTxMessage schnorr(String walletId, String networkInternalCode, String txId,
      byte[] tx, java.util.Optional<io.mpcium.TaprootTweak> tweak) {
    return new SignTxMessage(SCHNORR, walletId, networkInternalCode, txId, tx, null, null,
        List.of(), tweak.map(t -> t.merkleRoot().orElse(new byte[0])).orElse(null));
  }

  @Override
  public byte[] tx() {
    return tx == null ? null : tx.clone();
  }

  @Override
  public byte[] taprootTweak() {
    return taprootTweak == null ? null : taprootTweak.clone();
  }

  @Override
  public byte[] signature() {
    return signature == null ? null : signature.clone();
  }

  /**
   * The bytes the initiator signs: Mpcium's five fields, then {@code taproot_tweak} when the
   * key type is {@value #SCHNORR} and a tweak is present.
   */
  public byte[] raw() {
    return signedFields().toBytes();
  }

  private GoJson signedFields() {
    GoJson json = GoJson.object().string("key_type", keyType).string("wallet_id", walletId)
        .string("network_internal_code", networkInternalCode).string("tx_id", txId)
        .bytes("tx", tx);
    if (SCHNORR.equals(keyType) && taprootTweak != null) {
      json.bytes("taproot_tweak", taprootTweak);
    }
    return json;
  }

  /** A copy carrying {@code signature}. */
  public SignTxMessage withSignature(byte[] newSignature) {
    return new SignTxMessage(keyType, walletId, networkInternalCode, txId, tx, newSignature,
        derivationPath, authorizerSignatures, taprootTweak);
  }

  /** The message; {@code taproot_tweak} follows {@code tx} when present (any key type). */
  public byte[] toJson() {
    GoJson json = GoJson.object().string("key_type", keyType).string("wallet_id", walletId)
        .string("network_internal_code", networkInternalCode).string("tx_id", txId)
        .bytes("tx", tx);
    if (taprootTweak != null) {
      json.bytes("taproot_tweak", taprootTweak);
    }
    json.bytes("signature", signature);
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
        in.bytes("signature"), in.uint32s("derivation_path"), in.authorizerSignatures(),
        in.bytes("taproot_tweak"));
  }
}
