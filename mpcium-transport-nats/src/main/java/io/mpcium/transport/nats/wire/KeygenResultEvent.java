package io.mpcium.transport.nats.wire;

import io.mpcium.internal.codec.GoJson;
import java.util.Objects;

/**
 * Mpcium's key generation result, in Mpcium's field order: {@code wallet_id}, {@code
 * ecdsa_pub_key} (64 bytes X‖Y, or null), {@code eddsa_pub_key} (32 bytes RFC 8032, or null),
 * {@code result_type} ({@code "success"}/{@code "error"}), {@code error_reason}, {@code
 * error_code}. Immutable.
 */
public record KeygenResultEvent(String walletId, byte[] ecdsaPubKey, byte[] eddsaPubKey,
    String resultType, String errorReason, String errorCode) {

  public KeygenResultEvent {
    Objects.requireNonNull(walletId, "walletId");
    ecdsaPubKey = ecdsaPubKey == null ? null : ecdsaPubKey.clone();
    eddsaPubKey = eddsaPubKey == null ? null : eddsaPubKey.clone();
    Objects.requireNonNull(resultType, "resultType");
    Objects.requireNonNull(errorReason, "errorReason");
    Objects.requireNonNull(errorCode, "errorCode");
  }

  public static KeygenResultEvent success(String walletId, byte[] ecdsaPubKey,
      byte[] eddsaPubKey) {
    return new KeygenResultEvent(walletId, ecdsaPubKey, eddsaPubKey, ResultType.SUCCESS, "",
        "");
  }

  public static KeygenResultEvent error(String walletId, ErrorCode code, String reason) {
    return new KeygenResultEvent(walletId, null, null, ResultType.ERROR, reason, code.name());
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

  public byte[] toJson() {
    return GoJson.object().string("wallet_id", walletId).bytes("ecdsa_pub_key", ecdsaPubKey)
        .bytes("eddsa_pub_key", eddsaPubKey).string("result_type", resultType)
        .string("error_reason", errorReason).string("error_code", errorCode).toBytes();
  }

  public static KeygenResultEvent parse(byte[] json) throws MalformedMpciumMessageException {
    GoJsonReader in = GoJsonReader.parse(json);
    return new KeygenResultEvent(in.string("wallet_id"), in.bytes("ecdsa_pub_key"),
        in.bytes("eddsa_pub_key"), in.string("result_type"), in.string("error_reason"),
        in.string("error_code"));
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
