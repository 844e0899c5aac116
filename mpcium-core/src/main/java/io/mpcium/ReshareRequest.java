package io.mpcium;

import io.mpcium.internal.codec.GoJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A request to move a wallet's key of one scheme to a new committee with a new threshold,
 * keeping its public key; with the key's current committee and threshold it is a refresh (the
 * shares are re-randomized and old shares no longer combine with new ones). Immutable.
 *
 * @param requestId unique per request (Mpcium's {@code session_id}), 1-128 characters from
 *     {@code [A-Za-z0-9._:-]}
 * @param walletId the wallet, same alphabet
 * @param scheme the key to reshare
 * @param newParticipants the new committee: at least 2 nodes, no repeats; kept sorted
 * @param newThreshold how many of them must sign (counted as signers, so Mpcium's {@code
 *     new_threshold} plus one); from 2 to the committee's size
 * @param format which bytes the initiator signs: with {@link RequestFormat#MPCIUM} Mpcium's Go
 *     JSON {@code {"session_id","node_ids","new_threshold","key_type","wallet_id"}}, where {@code
 *     new_threshold} is {@code newThreshold - 1} and {@code node_ids} the committee in order
 */
public record ReshareRequest(String requestId, String walletId, KeyScheme scheme,
    List<PartyId> newParticipants, int newThreshold, RequestFormat format) implements Request {

  public ReshareRequest {
    RequestCodec.checkId(requestId, "request id");
    RequestCodec.checkId(walletId, "wallet id");
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(format, "format");
    TreeSet<PartyId> sorted = new TreeSet<>(Objects.requireNonNull(newParticipants,
        "newParticipants"));
    if (sorted.size() != newParticipants.size()) {
      throw new IllegalArgumentException("new participants listed twice: " + newParticipants);
    }
    if (sorted.size() < 2) {
      throw new IllegalArgumentException("a distributed key needs at least 2 participants");
    }
    if (newThreshold < 2 || newThreshold > sorted.size()) {
      throw new IllegalArgumentException("new threshold " + newThreshold + " out of range for "
          + sorted.size() + " participants (at least 2 signers)");
    }
    newParticipants = List.copyOf(new ArrayList<>(sorted));
  }

  /** A request in this library's {@link RequestFormat#NATIVE} format. */
  public ReshareRequest(String requestId, String walletId, KeyScheme scheme,
      List<PartyId> newParticipants, int newThreshold) {
    this(requestId, walletId, scheme, newParticipants, newThreshold, RequestFormat.NATIVE);
  }

  /**
   * A refresh of {@code key}: the same committee and threshold, fresh shares of the same public
   * key.
   */
  public static ReshareRequest refresh(String requestId, KeyGenResult key) {
    return new ReshareRequest(requestId, key.walletId(), key.scheme(), key.participants(),
        key.threshold());
  }

  /**
   * A request as Mpcium's clients sign it: {@code mpciumThreshold} is Mpcium's (tss-lib's)
   * {@code new_threshold}, one less than the number of signers.
   */
  public static ReshareRequest mpcium(String sessionId, String walletId, KeyScheme scheme,
      List<PartyId> nodeIds, int mpciumThreshold) {
    return new ReshareRequest(sessionId, walletId, scheme, nodeIds, mpciumThreshold + 1,
        RequestFormat.MPCIUM);
  }

  @Override
  public byte[] signingBytes() {
    return switch (format) {
      case NATIVE -> fields(RequestCodec.header(RequestCodec.RESHARE, requestId, walletId));
      case MPCIUM -> GoJson.object().string("session_id", requestId)
          .strings("node_ids", newParticipants.stream().map(PartyId::value).toList())
          .number("new_threshold", newThreshold - 1L).string("key_type", scheme.label())
          .string("wallet_id", walletId).toBytes();
    };
  }

  @Override
  public byte[] encode() {
    return switch (format) {
      case NATIVE -> signingBytes();
      case MPCIUM -> fields(RequestCodec.mpciumHeader(RequestCodec.RESHARE, requestId,
          walletId));
    };
  }

  private byte[] fields(io.mpcium.internal.codec.ByteWriter header) {
    return header.string(scheme.label())
        .strings(newParticipants.stream().map(PartyId::value).toList()).u32(newThreshold)
        .toByteArray();
  }
}
