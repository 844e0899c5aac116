package io.mpcium.transport.nats.wire;

import io.mpcium.internal.codec.GoJson;
import java.util.Objects;

/**
 * Mpcium's reshare result, in Mpcium's field order: {@code wallet_id}, {@code new_threshold},
 * {@code key_type}, {@code pub_key}, {@code result_type}, {@code error_reason}, {@code
 * error_code}. The session id is only in the subject. Immutable.
 */
public record ResharingResultEvent(String walletId, long newThreshold, String keyType,
    byte[] pubKey, String resultType, String errorReason, String errorCode) {

  public ResharingResultEvent {
    Objects.requireNonNull(walletId, "walletId");
    Objects.requireNonNull(keyType, "keyType");
    pubKey = pubKey == null ? null : pubKey.clone();
    Objects.requireNonNull(resultType, "resultType");
    Objects.requireNonNull(errorReason, "errorReason");
    Objects.requireNonNull(errorCode, "errorCode");
  }

  public static ResharingResultEvent error(String walletId, long newThreshold, String keyType,
      ErrorCode code, String reason) {
    return new ResharingResultEvent(walletId, newThreshold, keyType, null, ResultType.ERROR,
        reason, code.name());
  }

  public boolean isSuccess() {
    return ResultType.SUCCESS.equals(resultType);
  }

  @Override
  public byte[] pubKey() {
    return pubKey == null ? null : pubKey.clone();
  }

  public byte[] toJson() {
    return GoJson.object().string("wallet_id", walletId).number("new_threshold", newThreshold)
        .string("key_type", keyType).bytes("pub_key", pubKey).string("result_type", resultType)
        .string("error_reason", errorReason).string("error_code", errorCode).toBytes();
  }

  public static ResharingResultEvent parse(byte[] json) throws MalformedMpciumMessageException {
    GoJsonReader in = GoJsonReader.parse(json);
    return new ResharingResultEvent(in.string("wallet_id"), in.number("new_threshold"),
        in.string("key_type"), in.bytes("pub_key"), in.string("result_type"),
        in.string("error_reason"), in.string("error_code"));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ResharingResultEvent e
        && java.util.Arrays.equals(toJson(), e.toJson());
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
