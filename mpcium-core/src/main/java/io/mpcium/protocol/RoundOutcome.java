package io.mpcium.protocol;

import java.util.List;
import java.util.Objects;

/** What a round leads to: the next round and its outgoing messages, a result, or an abort. */
public sealed interface RoundOutcome<R> {

  /** Continue with {@code next}; {@code outgoing} carries {@code next.number()}. */
  record Next<R>(Round<R> next, List<Outgoing> outgoing) implements RoundOutcome<R> {
    public Next {
      Objects.requireNonNull(next, "next");
      outgoing = List.copyOf(outgoing);
    }
  }

  /** The protocol finished for this party. */
  record Done<R>(R result) implements RoundOutcome<R> {
    public Done {
      Objects.requireNonNull(result, "result");
    }
  }

  /** A check failed; the run is over. */
  record Abort<R>(ProtocolAbort reason) implements RoundOutcome<R> {
    public Abort {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
