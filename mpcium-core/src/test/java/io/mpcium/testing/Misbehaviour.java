package io.mpcium.testing;

import java.util.Locale;

/**
 * One rule of the malicious-party harness: what a compromised party does to the frames it sends
 * in the protocol under attack ({@link MaliciousParty}), and what an honest party must then see.
 * Rules that change a message re-sign it (and re-encrypt a point-to-point payload) with the
 * malicious party's own keys, as a compromised node would: they test the protocol's checks,
 * not only the envelope's.
 *
 * @param round the round whose messages {@link Kind#MUTATE} changes (0 for other kinds)
 * @param at where {@link Kind#MUTATE} flips a bit (null for other kinds)
 */
public record Misbehaviour(Kind kind, int round, Position at) {

  /** What the honest coordinator must observe when a party behaves this way. */
  public enum Expect {
    /** The operation completes with a correct result. */
    COMPLETES,
    /** A round timeout naming exactly the malicious party. */
    TIMES_OUT_NAMING_IT,
    /** An abort (a failed check or a timeout) naming exactly the malicious party. */
    ENDS_NAMING_IT,
    /** Either a correct result or an abort naming exactly the malicious party. */
    COMPLETES_OR_ENDS_NAMING_IT
  }

  /** Where in a payload a mutation flips a bit. */
  public enum Position { FIRST, MIDDLE, LAST }

  /** The rules. */
  public enum Kind {
    /** Sends nothing at all in the protocol. */
    DROP("drop", Expect.TIMES_OUT_NAMING_IT),
    /** Holds every frame back until nothing else can happen (the honest parties wait). */
    DELAY("delay", Expect.COMPLETES),
    /** Holds every frame back until the round deadline has passed. */
    DELAY_BEYOND_TIMEOUT("delay beyond the timeout", Expect.TIMES_OUT_NAMING_IT),
    /** Sends every frame twice. */
    DUPLICATE("duplicate", Expect.COMPLETES),
    /** Sends each frame after the next one to the same receiver (a later round first). */
    REORDER("reorder", Expect.COMPLETES),
    /**
     * Sends, in place of each message, the one it sent for the same round and receiver in an
     * earlier session of the same protocol, re-sealed for this session.
     */
    REPLAY_OTHER_SESSION("replay from another session", Expect.COMPLETES_OR_ENDS_NAMING_IT),
    /** Sends, in place of each message after round 1, its message of the previous round. */
    REPLAY_OTHER_ROUND("replay from another round", Expect.ENDS_NAMING_IT),
    /** Sends the victim a different broadcast (one bit changed) than everyone else. */
    EQUIVOCATE("equivocate", Expect.COMPLETES_OR_ENDS_NAMING_IT),
    /** Flips one bit of the payload in clear of every message of one round. */
    MUTATE("mutate", Expect.COMPLETES_OR_ENDS_NAMING_IT),
    /** Labels every message with the next round number (signed: a lie, not a corruption). */
    MISLABEL_ROUND("mislabel the round", Expect.ENDS_NAMING_IT),
    /** Claims another node as the sender of its messages, signing them with its own key. */
    IMPERSONATE("impersonate another node", Expect.ENDS_NAMING_IT);

    private final String label;
    private final Expect expect;

    Kind(String label, Expect expect) {
      this.label = label;
      this.expect = expect;
    }
  }

  /** Every rule but {@link Kind#MUTATE}, which needs a round and a position. */
  public static Misbehaviour of(Kind kind) {
    if (kind == Kind.MUTATE) {
      throw new IllegalArgumentException("use mutate(round, at)");
    }
    return new Misbehaviour(kind, 0, null);
  }

  /** Flips a bit at {@code at} of the payload of every message of {@code round}. */
  public static Misbehaviour mutate(int round, Position at) {
    return new Misbehaviour(Kind.MUTATE, round, at);
  }

  public Expect expect() {
    return kind.expect;
  }

  @Override
  public String toString() {
    return kind == Kind.MUTATE
        ? "mutate round " + round + " payload at " + at.name().toLowerCase(Locale.ROOT)
        : kind.label;
  }
}
