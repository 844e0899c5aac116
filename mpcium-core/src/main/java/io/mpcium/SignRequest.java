package io.mpcium;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * A request to sign a message with a wallet's key. For Ed25519 the message is signed as is
 * (RFC 8032 PureEdDSA); for {@link KeyScheme#SCHNORR} it is the BIP340 message (any length,
 * usually a 32-byte sighash), optionally signed for a Taproot output key. Immutable.
 *
 * @param requestId unique per request, 1-128 characters from {@code [A-Za-z0-9._:-]}
 * @param walletId the wallet, same alphabet
 * @param scheme the key's signature scheme
 * @param message the bytes to sign, at most {@link Request#MAX_MESSAGE}
 * @param taprootTweak for {@link KeyScheme#SCHNORR} only: sign for the BIP341 output key of the
 *     wallet's (internal) key instead of the key itself; part of the initiator-signed bytes
 */
public record SignRequest(String requestId, String walletId, KeyScheme scheme, byte[] message,
    Optional<TaprootTweak> taprootTweak) implements Request {

  public SignRequest {
    RequestCodec.checkId(requestId, "request id");
    RequestCodec.checkId(walletId, "wallet id");
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(taprootTweak, "taprootTweak");
    if (message.length > MAX_MESSAGE) {
      throw new IllegalArgumentException("message of " + message.length + " bytes exceeds "
          + MAX_MESSAGE);
    }
    if (taprootTweak.isPresent() && scheme != KeyScheme.SCHNORR) {
      throw new IllegalArgumentException("a taproot tweak applies to schnorr keys only, not "
          + scheme.label());
    }
    message = message.clone();
  }

  /** A request to sign with the wallet's key itself (no taproot tweak). */
  public SignRequest(String requestId, String walletId, KeyScheme scheme, byte[] message) {
    this(requestId, walletId, scheme, message, Optional.empty());
  }

  /** This request, signing for the taproot output key that {@code tweak} defines. */
  public SignRequest withTaprootTweak(TaprootTweak tweak) {
    return new SignRequest(requestId, walletId, scheme, message, Optional.of(tweak));
  }

  @Override
  public byte[] message() {
    return message.clone();
  }

  /**
   * The header, the scheme and the message; for {@link KeyScheme#SCHNORR} also the taproot tweak
   * (a byte 0, 1 for key path only, or 2 and the 32-byte merkle root).
   */
  @Override
  public byte[] signingBytes() {
    var out = RequestCodec.header(RequestCodec.SIGN, requestId, walletId).string(scheme.label())
        .bytes(message);
    if (scheme == KeyScheme.SCHNORR) {
      TaprootTweak.write(out, taprootTweak);
    }
    return out.toByteArray();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SignRequest r && requestId.equals(r.requestId)
        && walletId.equals(r.walletId) && scheme == r.scheme && Arrays.equals(message, r.message)
        && taprootTweak.equals(r.taprootTweak);
  }

  @Override
  public int hashCode() {
    return Objects.hash(requestId, walletId, scheme, Arrays.hashCode(message), taprootTweak);
  }

  @Override
  public String toString() {
    String hex = HexFormat.of().formatHex(message, 0, Math.min(message.length, 32));
    return "SignRequest[" + requestId + ", wallet " + walletId + ", " + scheme.label() + ", "
        + message.length + " bytes: " + hex + (message.length > 32 ? "…" : "")
        + taprootTweak.map(t -> ", " + t).orElse("") + "]";
  }
}
