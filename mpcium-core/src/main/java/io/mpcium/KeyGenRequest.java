package io.mpcium;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;

/**
 * A request to generate a wallet's distributed keys, one per scheme, as Mpcium does (one request
 * creates the wallet's secp256k1 and Ed25519 keys). Immutable.
 *
 * @param requestId unique per request, 1-128 characters from {@code [A-Za-z0-9._:-]}
 * @param walletId the wallet, same alphabet
 * @param schemes the schemes to generate keys for: not empty, no repeats; kept in {@link
 *     KeyScheme} declaration order, which is the order of the results
 */
public record KeyGenRequest(String requestId, String walletId, List<KeyScheme> schemes)
    implements Request {

  public KeyGenRequest {
    RequestCodec.checkId(requestId, "request id");
    RequestCodec.checkId(walletId, "wallet id");
    Objects.requireNonNull(schemes, "schemes");
    if (schemes.isEmpty()) {
      throw new IllegalArgumentException("a key generation request needs at least one scheme");
    }
    EnumSet<KeyScheme> set = EnumSet.noneOf(KeyScheme.class);
    for (KeyScheme scheme : schemes) {
      if (!set.add(Objects.requireNonNull(scheme, "scheme"))) {
        throw new IllegalArgumentException("scheme " + scheme.label() + " listed twice");
      }
    }
    schemes = List.copyOf(new ArrayList<>(set));
  }

  /** A request for one key of one scheme. */
  public KeyGenRequest(String requestId, String walletId, KeyScheme scheme) {
    this(requestId, walletId, List.of(scheme));
  }

  /** A request for a key of every supported scheme, like Mpcium's wallet creation. */
  public static KeyGenRequest allSchemes(String requestId, String walletId) {
    return new KeyGenRequest(requestId, walletId, List.of(KeyScheme.values()));
  }

  @Override
  public byte[] signingBytes() {
    return RequestCodec.header(RequestCodec.KEYGEN, requestId, walletId)
        .strings(schemes.stream().map(KeyScheme::label).toList())
        .toByteArray();
  }
}
