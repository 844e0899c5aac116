package io.mpcium.transport.nats.wire;

import io.mpcium.internal.codec.GoJson;
import java.util.Objects;

/**
 * Mpcium's key generation result, in Mpcium's field order: {@code wallet_id}, {@code
 * ecdsa_pub_key} (64 bytes X‖Y, or null), {@code eddsa_pub_key} (32 bytes RFC 8032, or null),
 * {@code result_type} ({@code "success"}/{@code "error"}), {@code error_reason}, {@code
 * error_code}. Immutable.
 *
 * <p>Extension (not in Mpcium): {@code schnorr_pub_key}, the wallet's 32-byte x-only BIP340 key
 * (base64), right after {@code eddsa_pub_key} and written only when the wallet has one (a
 * gateway configured with {@code schnorrKeys}), so Mpcium's results keep Mpcium's bytes.
 *
 * @param schnorrPubKey the x-only schnorr key, or null
 */
public record KeygenResultEvent(String walletId, byte[] ecdsaPubKey, byte[] eddsaPubKey,
    byte[] schnorrPubKey, String resultType, String errorReason, String errorCode) {

  public KeygenResultEvent {
    Objects.requireNonNull(walletId, "walletId");
    ecdsaPubKey = ecdsaPubKey == null ? null : ecdsaPubKey.clone();
    eddsaPubKey = eddsaPubKey == null ? null : eddsaPubKey.clone();
    schnorrPubKey = schnorrPubKey == null ? null : schnorrPubKey.clone();
    Objects.requireNonNull(resultType, "resultType");
    Objects.requireNonNull(errorReason, "errorReason");
    Objects.requireNonNull(errorCode, "errorCode");
  }

  /** Mpcium's result (no schnorr key). */
  public KeygenResultEvent(String walletId, byte[] ecdsaPubKey, byte[] eddsaPubKey,
      String resultType, String errorReason, String errorCode) {
    this(walletId, ecdsaPubKey, eddsaPubKey, null, resultType, errorReason, errorCode);
  }

  public static KeygenResultEvent success(String walletId, byte[] ecdsaPubKey,
      byte[] eddsaPubKey) {
    return success(walletId, ecdsaPubKey, eddsaPubKey, null);
  }

  /** A success; {@code schnorrPubKey} may be null (the wallet has no schnorr key). */
  public static KeygenResultEvent success(String walletId, byte[] ecdsaPubKey,
      byte[] eddsaPubKey, byte[] schnorrPubKey) {
    return new KeygenResultEvent(walletId, ecdsaPubKey, eddsaPubKey, schnorrPubKey,
        ResultType.SUCCESS, "", "");
  }

  public static KeygenResultEvent error(String walletId, ErrorCode code, String reason) {
    return new KeygenResultEvent(walletId, null, null, null, ResultType.ERROR, reason,
        code.name());
  }

  public boolean isSuccess() {
    return ResultType.SUCCESS.equals(resultType);
  }

  @Override
  public byte[] ecdsaPubKey() {
    return ecdsaPubKey == null ? null : ecdsaPubKey.clone();
  }

  @Override
  public byte[] eddsaPubKey() {
    return eddsaPubKey == null ? null : eddsaPubKey.clone();
  }

  @Override
  public byte[] schnorrPubKey() {
    return schnorrPubKey == null ? null : schnorrPubKey.clone();
  }

  public byte[] toJson() {
    GoJson json = GoJson.object().string("wallet_id", walletId)
        .bytes("ecdsa_pub_key", ecdsaPubKey).bytes("eddsa_pub_key", eddsaPubKey);
    if (schnorrPubKey != null) {
      json.bytes("schnorr_pub_key", schnorrPubKey);
    }
    return json.string("result_type", resultType).string("error_reason", errorReason)
        .string("error_code", errorCode).toBytes();
  }

  public static KeygenResultEvent parse(byte[] json) throws MalformedMpciumMessageException {
    GoJsonReader in = GoJsonReader.parse(json);
    return new KeygenResultEvent(in.string("wallet_id"), in.bytes("ecdsa_pub_key"),
        in.bytes("eddsa_pub_key"), in.bytes("schnorr_pub_key"), in.string("result_type"),
        in.string("error_reason"), in.string("error_code"));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof KeygenResultEvent e && java.util.Arrays.equals(toJson(), e.toJson());
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
