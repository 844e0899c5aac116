package io.mpcium.protocol;

import io.mpcium.PartyId;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Runs every party of a protocol in the calling thread, without a network, round by round: for
 * unit tests and benchmarks. Messages go straight from round to round (no envelopes, signatures
 * or echo checks; those belong to the session driver). A {@link Tamperer} can rewrite any
 * message in flight to play a malicious party. Not thread-safe; one run per instance.
 */
public final class LocalSimulation<R> {
  private final Map<PartyId, Protocol<R>> parties;
  private final Tamperer tamperer;

  /** Rewrites one message in flight; return the payload unchanged to leave it alone. */
  @FunctionalInterface
  public interface Tamperer {
    Tamperer NONE = (from, to, round, payload) -> payload;

    byte[] tamper(PartyId from, PartyId to, int round, byte[] payload);

    /** Rewrites what {@code from} sends to everyone in {@code round} (null drops it). */
    static Tamperer change(int round, PartyId from, UnaryOperator<byte[]> change) {
      return (f, to, r, payload) -> r == round && f.equals(from)
          ? change.apply(payload.clone()) : payload;
    }

    /** Rewrites what {@code from} sends to {@code to} alone in {@code round}. */
    static Tamperer change(int round, PartyId from, PartyId to, UnaryOperator<byte[]> change) {
      return (f, t, r, payload) -> r == round && f.equals(from) && t.equals(to)
          ? change.apply(payload.clone()) : payload;
    }
  }

  /** The outcome for every party, ordered by party: its result, or the abort it raised. */
  public record Outcome<R>(Map<PartyId, R> results, Map<PartyId, ProtocolAbort> aborts) {
    public Outcome {
      results = Collections.unmodifiableMap(new TreeMap<>(results));
      aborts = Collections.unmodifiableMap(new TreeMap<>(aborts));
    }

    /** Whether every party finished with a result. */
    public boolean succeeded() {
      return aborts.isEmpty();
    }
  }

  public LocalSimulation(Map<PartyId, ? extends Protocol<R>> parties, Tamperer tamperer) {
    this.parties = new TreeMap<>(parties);
    this.tamperer = tamperer;
  }

  public LocalSimulation(Map<PartyId, ? extends Protocol<R>> parties) {
    this(parties, Tamperer.NONE);
  }

  /** Runs the protocol to the end for every party. */
  public Outcome<R> run(SecureRandom rng) {
    Map<PartyId, Round<R>> current = new TreeMap<>();
    Map<PartyId, List<Outgoing>> outbox = new TreeMap<>();
    Map<PartyId, R> results = new TreeMap<>();
    Map<PartyId, ProtocolAbort> aborts = new TreeMap<>();
    parties.forEach((id, protocol) -> {
      RoundOutcome.Next<R> next = protocol.start(rng);
      current.put(id, next.next());
      outbox.put(id, next.outgoing());
    });
    while (!current.isEmpty()) {
      Map<PartyId, Map<PartyId, byte[]>> inboxes = deliver(current, outbox);
      outbox.clear();
      Map<PartyId, Round<R>> following = new TreeMap<>();
      for (Map.Entry<PartyId, Round<R>> entry : current.entrySet()) {
        PartyId id = entry.getKey();
        Round<R> round = entry.getValue();
        Map<PartyId, byte[]> received = inboxes.getOrDefault(id, Map.of());
        if (!received.keySet().containsAll(round.senders())) {
          List<PartyId> missing = new ArrayList<>(round.senders());
          missing.removeAll(received.keySet());
          round.destroy();
          aborts.put(id, new SessionTimeoutException(missing, round.number()));
          continue;
        }
        RoundOutcome<R> outcome = round.finish(received, rng);
        if (outcome instanceof RoundOutcome.Next<R> next) {
          following.put(id, next.next());
          outbox.put(id, next.outgoing());
        } else if (outcome instanceof RoundOutcome.Done<R> done) {
          results.put(id, done.result());
        } else if (outcome instanceof RoundOutcome.Abort<R> abort) {
          round.destroy();
          aborts.put(id, abort.reason());
        }
      }
      current.clear();
      current.putAll(following);
    }
    return new Outcome<>(results, aborts);
  }

  private Map<PartyId, Map<PartyId, byte[]>> deliver(Map<PartyId, Round<R>> current,
      Map<PartyId, List<Outgoing>> outbox) {
    Map<PartyId, Map<PartyId, byte[]>> inboxes = new HashMap<>();
    outbox.forEach((from, messages) -> {
      for (Outgoing message : messages) {
        Optional<PartyId> to = message.to();
        for (PartyId receiver : current.keySet()) {
          if (receiver.equals(from) || (to.isPresent() && !to.get().equals(receiver))) {
            continue;
          }
          int round = current.get(receiver).number();
          byte[] payload = tamperer.tamper(from, receiver, round, message.payload());
          if (payload != null) {
            inboxes.computeIfAbsent(receiver, r -> new TreeMap<>()).put(from, payload);
          }
        }
      }
    });
    return inboxes;
  }
}
