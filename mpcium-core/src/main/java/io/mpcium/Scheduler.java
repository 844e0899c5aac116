package io.mpcium;

import java.time.Duration;

/**
 * Runs a task after a delay: how a node waits for timeouts without sleeping. Together with the
 * node's {@link java.time.Clock} it makes time injectable: tests pass a manual scheduler and
 * clock and advance both by hand.
 *
 * <p>Implementations are thread-safe; tasks may run on any thread.
 */
@FunctionalInterface
public interface Scheduler {

  /** Schedules {@code task} to run once, {@code delay} from now. */
  Cancellable schedule(Duration delay, Runnable task);

  /** A scheduled task that can be cancelled; cancelling a task that ran is harmless. */
  @FunctionalInterface
  interface Cancellable {
    void cancel();
  }
}
