package io.mpcium.transport.nats.wire;

import io.mpcium.internal.codec.GoJson;
import java.util.Objects;

/**
 * Mpcium's signing result, in Mpcium's field order: {@code result_type}, {@code error_code},
 * {@code error_reason}, {@code is_timeout}, {@code network_internal_code}, {@code wallet_id},
 * {@code tx_id}, {@code r}, {@code s} (ECDSA: 32 bytes each, low-S), {@code signature_recovery}
 * (ECDSA: 1 byte), {@code signature} (EdDSA: 64 bytes {@code R‖S}); absent byte fields are
 * {@code null}. Immutable.
 *
 * <p>Extension for key type {@code "schnorr"} (not in Mpcium): {@code signature} is the 64-byte
 * BIP340 signature and a last field {@code public_key} carries the 32-byte x-only key it
 * verifies under (the taproot output key when the request had a tweak). The field is written
 * only when set, so Mpcium's results keep Mpcium's bytes.
 *
 * @param publicKey the x-only key a schnorr signature verifies under; null otherwise
 */
public record SigningResultEvent(String resultType, String errorCode, String errorReason,
    boolean isTimeout, String networkInternalCode, String walletId, String txId, byte[] r,
    byte[] s, byte[] signatureRecovery, byte[] signature, byte[] publicKey) {

  public SigningResultEvent {
    Objects.requireNonNull(resultType, "resultType");
    Objects.requireNonNull(errorCode, "errorCode");
    Objects.requireNonNull(errorReason, "errorReason");
    Objects.requireNonNull(networkInternalCode, "networkInternalCode");
    Objects.requireNonNull(walletId, "walletId");
    Objects.requireNonNull(txId, "txId");
    r = copy(r);
    s = copy(s);
    signatureRecovery = copy(signatureRecovery);
    signature = copy(signature);
    publicKey = copy(publicKey);
  }

  /** Mpcium's result (no {@code public_key}). */
  public SigningResultEvent(String resultType, String errorCode, String errorReason,
      boolean isTimeout, String networkInternalCode, String walletId, String txId, byte[] r,
      byte[] s, byte[] signatureRecovery, byte[] signature) {
    this(resultType, errorCode, errorReason, isTimeout, networkInternalCode, walletId, txId, r,
        s, signatureRecovery, signature, null);
  }

  /** A schnorr result: the BIP340 signature and the x-only key it verifies under. */
  public static SigningResultEvent schnorr(String networkCode, String walletId, String txId,
      byte[] signature, byte[] publicKey) {
    return new SigningResultEvent(ResultType.SUCCESS, "", "", false, networkCode, walletId,
        txId, null, null, null, signature, java.util.Objects.requireNonNull(publicKey));
  }

  public static SigningResultEvent eddsa(String networkCode, String walletId, String txId,
      byte[] signature) {
    return new SigningResultEvent(ResultType.SUCCESS, "", "", false, networkCode, walletId,
        txId, null, null, null, signature);
  }

  public static SigningResultEvent ecdsa(String networkCode, String walletId, String txId,
      byte[] r, byte[] s, int recoveryId) {
    return new SigningResultEvent(ResultType.SUCCESS, "", "", false, networkCode, walletId,
        txId, r, s, new byte[] {(byte) recoveryId}, null);
  }

  public static SigningResultEvent error(String networkCode, String walletId, String txId,
      ErrorCode code, String reason, boolean isTimeout) {
    return new SigningResultEvent(ResultType.ERROR, code.name(), reason, isTimeout, networkCode,
        walletId, txId, null, null, null, null);
  }

  public boolean isSuccess() {
    return ResultType.SUCCESS.equals(resultType);
  }

  @Override
  public byte[] r() {
    return copy(r);
  }

  @Override
  public byte[] s() {
    return copy(s);
  }

  @Override
  public byte[] signatureRecovery() {
    return copy(signatureRecovery);
  }

  @Override
  public byte[] signature() {
    return copy(signature);
  }

  @Override
  public byte[] publicKey() {
    return copy(publicKey);
  }

  public byte[] toJson() {
    GoJson json = GoJson.object().string("result_type", resultType)
        .string("error_code", errorCode).string("error_reason", errorReason)
        .bool("is_timeout", isTimeout).string("network_internal_code", networkInternalCode)
        .string("wallet_id", walletId).string("tx_id", txId).bytes("r", r).bytes("s", s)
        .bytes("signature_recovery", signatureRecovery).bytes("signature", signature);
    if (publicKey != null) {
      json.bytes("public_key", publicKey);
    }
    return json.toBytes();
  }

  public static SigningResultEvent parse(byte[] json) throws MalformedMpciumMessageException {
    GoJsonReader in = GoJsonReader.parse(json);
    return new SigningResultEvent(in.string("result_type"), in.string("error_code"),
        in.string("error_reason"), in.bool("is_timeout"), in.string("network_internal_code"),
        in.string("wallet_id"), in.string("tx_id"), in.bytes("r"), in.bytes("s"),
        in.bytes("signature_recovery"), in.bytes("signature"), in.bytes("public_key"));
  }

  private static byte[] copy(byte[] value) {
    return value == null ? null : value.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SigningResultEvent e && java.util.Arrays.equals(toJson(), e.toJson());
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(toJson());
  }

  @Override
  public String toString() {
    return new String(toJson(), java.nio.charset.StandardCharsets.UTF_8);
  }
}
