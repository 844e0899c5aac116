package io.mpcium;

import java.util.Objects;

/**
 * A request to generate a new distributed key for a wallet. Immutable.
 *
 * @param requestId unique per request, 1-128 characters from {@code [A-Za-z0-9._:-]}
 * @param walletId the wallet, same alphabet
 * @param scheme the key's signature scheme
 */
public record KeyGenRequest(String requestId, String walletId, KeyScheme scheme)
    implements Request {

  public KeyGenRequest {
    RequestCodec.checkId(requestId, "request id");
    RequestCodec.checkId(walletId, "wallet id");
    Objects.requireNonNull(scheme, "scheme");
  }

  @Override
  public byte[] signingBytes() {
    return RequestCodec.header(RequestCodec.KEYGEN, requestId, walletId, scheme).toByteArray();
  }
}
