package io.mpcium;

import java.util.Objects;

/**
 * A request (key generation, signing, resharing) was refused by this node's {@link
 * RequestPolicy}: its signature does not verify under any initiator key, or its request id was
 * already used. The message names the request id (shortened and stripped of control characters,
 * since it comes from outside) and the reason; it never contains key material.
 */
public final class UnauthorizedRequestException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Reason: the signature verifies under no configured initiator key. */
  public static final String BAD_SIGNATURE = "signature does not verify under any initiator key";
  /** Reason: the request id was seen before, within the replay window. */
  public static final String REPLAYED = "request id already used";

  private final String requestId;
  private final String reason;

  public UnauthorizedRequestException(String requestId, String reason) {
    super("request " + printable(requestId) + " refused: " + reason);
    this.requestId = Objects.requireNonNull(requestId, "requestId");
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** The request id exactly as received. */
  public String requestId() {
    return requestId;
  }

  public String reason() {
    return reason;
  }

  private static String printable(String id) {
    if (id == null) {
      return "<null>";
    }
    StringBuilder out = new StringBuilder("'");
    int limit = Math.min(id.length(), 80);
    for (int i = 0; i < limit; i++) {
      char c = id.charAt(i);
      out.append(Character.isISOControl(c) ? '?' : c);
    }
    if (id.length() > limit) {
      out.append("...");
    }
    return out.append('\'').toString();
  }
}
