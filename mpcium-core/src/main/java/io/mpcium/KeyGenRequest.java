package io.mpcium;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A request to generate a new distributed key for a wallet. Immutable.
 *
 * @param requestId unique per request, 1-128 characters from {@code [A-Za-z0-9._:-]}
 * @param walletId the wallet, same alphabet
 * @param scheme the key's signature scheme
 * @param format which bytes the initiator signs; with {@link RequestFormat#MPCIUM} only the
 *     wallet id is signed, as Mpcium's clients do, so the request id is not covered
 */
public record KeyGenRequest(String requestId, String walletId, KeyScheme scheme,
    RequestFormat format) implements Request {

  public KeyGenRequest {
    RequestCodec.checkId(requestId, "request id");
    RequestCodec.checkId(walletId, "wallet id");
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(format, "format");
  }

  /** A request in this library's {@link RequestFormat#NATIVE} format. */
  public KeyGenRequest(String requestId, String walletId, KeyScheme scheme) {
    this(requestId, walletId, scheme, RequestFormat.NATIVE);
  }

  @Override
  public byte[] signingBytes() {
    return switch (format) {
      case NATIVE -> RequestCodec.header(RequestCodec.KEYGEN, requestId, walletId, scheme)
          .toByteArray();
      case MPCIUM -> walletId.getBytes(StandardCharsets.UTF_8);
    };
  }

  @Override
  public byte[] encode() {
    return switch (format) {
      case NATIVE -> signingBytes();
      case MPCIUM -> RequestCodec.mpciumHeader(RequestCodec.KEYGEN, requestId, walletId, scheme)
          .toByteArray();
    };
  }
}
