package io.mpcium.registry.consul;

import io.mpcium.PartyId;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Collects what {@link ConsulPeerRegistry#watchReadiness} reports and waits for a state. */
final class ReadinessEvents implements Consumer<Set<PartyId>> {
  private final BlockingQueue<Set<PartyId>> events = new LinkedBlockingQueue<>();
  private volatile Set<PartyId> last;

  @Override
  public void accept(Set<PartyId> ready) {
    events.add(ready);
  }

  /** Forgets what was reported so far. */
  void clear() {
    events.clear();
  }

  /**
   * Waits (blocked on the queue, not polling) until a reported set matches, and returns it;
   * fails after {@code limit} with the last set seen.
   */
  Set<PartyId> await(String what, Predicate<Set<PartyId>> condition, Duration limit)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      Set<PartyId> ready = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
      if (ready == null) {
        throw new AssertionError("not seen within " + limit + ": " + what + "; last reported: "
            + last);
      }
      last = ready;
      if (condition.test(ready)) {
        return ready;
      }
    }
  }
}
