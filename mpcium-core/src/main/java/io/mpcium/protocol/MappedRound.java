package io.mpcium.protocol;

import io.mpcium.PartyId;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A round of an inner protocol whose final result is converted: every following round is mapped
 * the same way, {@code convert} turns the inner result into this protocol's, and {@code
 * cleanup} runs when the run aborts or is destroyed early (to wipe what the wrapper holds). Used
 * to build a scheme's protocol on a generic one (DKLs23 key generation and resharing on the
 * shared DKG and resharing). Not thread-safe, like any round.
 *
 * @param <T> the inner protocol's result
 * @param <R> this protocol's result
 */
public final class MappedRound<T, R> implements Round<R> {
  private final Round<T> inner;
  private final Function<T, R> convert;
  private final Runnable cleanup;

  public MappedRound(Round<T> inner, Function<T, R> convert, Runnable cleanup) {
    this.inner = inner;
    this.convert = convert;
    this.cleanup = cleanup;
  }

  /** Maps a protocol's first step. */
  public static <T, R> RoundOutcome.Next<R> start(RoundOutcome.Next<T> first,
      Function<T, R> convert, Runnable cleanup) {
    return new RoundOutcome.Next<>(new MappedRound<>(first.next(), convert, cleanup),
        first.outgoing());
  }

  @Override
  public int number() {
    return inner.number();
  }

  @Override
  public RoundKind kind() {
    return inner.kind();
  }

  @Override
  public Set<PartyId> senders() {
    return inner.senders();
  }

  @Override
  public RoundOutcome<R> finish(Map<PartyId, byte[]> received, SecureRandom rng) {
    RoundOutcome<T> outcome = inner.finish(received, rng);
    if (outcome instanceof RoundOutcome.Next<T> next) {
      return start(next, convert, cleanup);
    }
    if (outcome instanceof RoundOutcome.Done<T> done) {
      return new RoundOutcome.Done<>(convert.apply(done.result()));
    }
    cleanup.run();
    return new RoundOutcome.Abort<>(((RoundOutcome.Abort<T>) outcome).reason());
  }

  @Override
  public void destroy() {
    inner.destroy();
    cleanup.run();
  }
}
