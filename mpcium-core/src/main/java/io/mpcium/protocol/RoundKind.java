package io.mpcium.protocol;

/** How a round's incoming messages were sent. */
public enum RoundKind {
  /**
   * Every sender sent one public message to all. The driver echo-checks broadcast rounds: the
   * next round's envelopes carry each sender's view, so equivocation is caught and attributed.
   */
  BROADCAST,
  /** Every sender sent one confidential message to this party. */
  DIRECT
}
