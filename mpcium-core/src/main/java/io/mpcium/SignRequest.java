package io.mpcium;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A request to sign a message with a wallet's key. For Ed25519 the message is signed as is
 * (RFC 8032 PureEdDSA). Immutable.
 *
 * @param requestId unique per request, 1-128 characters from {@code [A-Za-z0-9._:-]}
 * @param walletId the wallet, same alphabet
 * @param scheme the key's signature scheme
 * @param message the bytes to sign, at most {@link Request#MAX_MESSAGE}
 */
public record SignRequest(String requestId, String walletId, KeyScheme scheme, byte[] message)
    implements Request {

  public SignRequest {
    RequestCodec.checkId(requestId, "request id");
    RequestCodec.checkId(walletId, "wallet id");
    Objects.requireNonNull(scheme, "scheme");
    if (message.length > MAX_MESSAGE) {
      throw new IllegalArgumentException("message of " + message.length + " bytes exceeds "
          + MAX_MESSAGE);
    }
    message = message.clone();
  }

  @Override
  public byte[] message() {
    return message.clone();
  }

  @Override
  public byte[] signingBytes() {
    return RequestCodec.header(RequestCodec.SIGN, requestId, walletId).string(scheme.label())
        .bytes(message)
        .toByteArray();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SignRequest r && requestId.equals(r.requestId)
        && walletId.equals(r.walletId) && scheme == r.scheme && Arrays.equals(message, r.message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(requestId, walletId, scheme, Arrays.hashCode(message));
  }

  @Override
  public String toString() {
    String hex = HexFormat.of().formatHex(message, 0, Math.min(message.length, 32));
    return "SignRequest[" + requestId + ", wallet " + walletId + ", " + scheme.label() + ", "
        + message.length + " bytes: " + hex + (message.length > 32 ? "…" : "") + "]";
  }
}
