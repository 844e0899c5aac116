package io.mpcium.testing;

/**
 * One rule of the malicious-party harness: what a compromised party does to the frames it sends
 * in the protocol under attack ({@link MaliciousParty}), and what an honest party must then see.
 * Rules that change a message re-sign it (and re-encrypt a point-to-point payload) with the
 * malicious party's own keys, as a compromised node would: they test the protocol's checks,
 * not only the envelope's.
 */
public sealed interface Misbehaviour {

  /** What the honest coordinator must observe when a party behaves this way. */
  enum Expect {
    /** The operation completes with a correct result. */
    COMPLETES,
    /** A round timeout naming exactly the malicious party. */
    TIMES_OUT_NAMING_IT,
    /** An abort (a failed check or a timeout) naming exactly the malicious party. */
    ENDS_NAMING_IT,
    /** Either a correct result or an abort naming exactly the malicious party. */
    COMPLETES_OR_ENDS_NAMING_IT
  }

  /** Where in a payload a mutation flips bits. */
  enum Position { FIRST, MIDDLE, LAST }

  Expect expect();

  /** Sends nothing at all in the protocol. */
  record Drop() implements Misbehaviour {
    @Override
    public Expect expect() {
      return Expect.TIMES_OUT_NAMING_IT;
    }

    @Override
    public String toString() {
      return "drop";
    }
  }

  /**
   * Holds every frame back: until nothing else can happen (the honest parties wait), or, if
   * {@code beyondTimeout}, until after the round deadline has passed.
   */
  record Delay(boolean beyondTimeout) implements Misbehaviour {
    @Override
    public Expect expect() {
      return beyondTimeout ? Expect.TIMES_OUT_NAMING_IT : Expect.COMPLETES;
    }

    @Override
    public String toString() {
      return beyondTimeout ? "delay beyond the timeout" : "delay";
    }
  }

  /** Sends every frame twice. */
  record Duplicate() implements Misbehaviour {
    @Override
    public Expect expect() {
      return Expect.COMPLETES;
    }

    @Override
    public String toString() {
      return "duplicate";
    }
  }

  /** Sends each frame after the next one to the same receiver (a later round arrives first). */
  record Reorder() implements Misbehaviour {
    @Override
    public Expect expect() {
      return Expect.COMPLETES;
    }

    @Override
    public String toString() {
      return "reorder";
    }
  }

  /**
   * Sends, in place of each message, the message it sent for the same round and receiver in an
   * earlier session of the same protocol, re-sealed for this session.
   */
  record ReplayOtherSession() implements Misbehaviour {
    @Override
    public Expect expect() {
      return Expect.COMPLETES_OR_ENDS_NAMING_IT;
    }

    @Override
    public String toString() {
      return "replay from another session";
    }
  }

  /** Sends, in place of each message after round 1, its message of the previous round. */
  record ReplayOtherRound() implements Misbehaviour {
    @Override
    public Expect expect() {
      return Expect.ENDS_NAMING_IT;
    }

    @Override
    public String toString() {
      return "replay from another round";
    }
  }

  /** Sends {@code victim} a different broadcast (one bit changed) than everyone else. */
  record Equivocate() implements Misbehaviour {
    @Override
    public Expect expect() {
      return Expect.COMPLETES_OR_ENDS_NAMING_IT;
    }

    @Override
    public String toString() {
      return "equivocate";
    }
  }

  /** Flips one bit of the payload in clear of every message of {@code round}. */
  record Mutate(int round, Position at) implements Misbehaviour {
    @Override
    public Expect expect() {
      return Expect.COMPLETES_OR_ENDS_NAMING_IT;
    }

    @Override
    public String toString() {
      return "mutate round " + round + " payload at " + at.name().toLowerCase();
    }
  }

  /** Labels every message with the next round number (signed: a lie, not a corruption). */
  record MislabelRound() implements Misbehaviour {
    @Override
    public Expect expect() {
      return Expect.ENDS_NAMING_IT;
    }

    @Override
    public String toString() {
      return "mislabel the round";
    }
  }

  /** Claims another node as the sender of its messages, signing them with its own key. */
  record Impersonate() implements Misbehaviour {
    @Override
    public Expect expect() {
      return Expect.ENDS_NAMING_IT;
    }

    @Override
    public String toString() {
      return "impersonate another node";
    }
  }
}
