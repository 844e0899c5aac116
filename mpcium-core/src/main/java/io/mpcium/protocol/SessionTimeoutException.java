package io.mpcium.protocol;

import io.mpcium.PartyId;
import java.util.List;

/**
 * A session ended because some parties did not send their messages for a round in time.
 * {@link #culprits()} names exactly those parties.
 */
public final class SessionTimeoutException extends ProtocolAbort {
  private static final long serialVersionUID = 1L;

  private final int round;

  public SessionTimeoutException(List<PartyId> silent, int round) {
    super(silent, "timed out waiting for round " + round + " messages");
    this.round = round;
  }

  /** The round that was waiting. */
  public int round() {
    return round;
  }
}
