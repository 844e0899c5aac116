package io.mpcium.examples;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * The live progress of {@code bench}: on a terminal one line rewritten in place (carriage
 * return) at every {@link #update}; elsewhere (a file, a pipe, CI) a plain line at most once per
 * interval. Times come from an injected nanosecond clock. Called from one thread at a time.
 */
final class BenchProgress {
  private final PrintWriter out;
  private final boolean terminal;
  private final LongSupplier nanoClock;
  private final long plainIntervalNanos;
  private final long started;
  private final long total;
  private long lastPlain;
  private int lastWidth;

  /**
   * @param total the requests planned, or 0 when the run is bounded by a duration only
   */
  BenchProgress(PrintWriter out, boolean terminal, LongSupplier nanoClock, Duration plainInterval,
      long total) {
    this.out = out;
    this.terminal = terminal;
    this.nanoClock = nanoClock;
    this.plainIntervalNanos = plainInterval.toNanos();
    this.started = nanoClock.getAsLong();
    this.lastPlain = started;
    this.total = total;
  }

  /** Shows {@code snapshot}: always on a terminal, once per interval otherwise. */
  void update(BenchStats.Snapshot snapshot) {
    long now = nanoClock.getAsLong();
    if (terminal) {
      String line = line(snapshot, now);
      out.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
      lastWidth = line.length();
      out.flush();
    } else if (now - lastPlain >= plainIntervalNanos) {
      lastPlain = now;
      out.println(line(snapshot, now));
      out.flush();
    }
  }

  /** Shows the final state and ends the terminal line. */
  void finish(BenchStats.Snapshot snapshot) {
    long now = nanoClock.getAsLong();
    if (terminal) {
      update(snapshot);
      out.println();
    } else {
      out.println(line(snapshot, now));
    }
    out.flush();
  }

  /** {@code 412/1000 done, 3 failed, 41.2/s, p50 23.1 ms, p99 88.0 ms, 10.0 s}. */
  String line(BenchStats.Snapshot snapshot, long now) {
    double seconds = (now - started) / 1e9;
    return String.format(Locale.ROOT, "%d%s done, %d failed, %.1f/s, p50 %s, p99 %s, %.1f s",
        snapshot.done(), total > 0 ? "/" + total : "", snapshot.failed(),
        seconds > 0 ? snapshot.done() / seconds : 0.0, millis(snapshot.percentile(50)),
        millis(snapshot.percentile(99)), seconds);
  }

  private static String millis(OptionalLong nanos) {
    return nanos.isPresent() ? String.format(Locale.ROOT, "%.1f ms", nanos.getAsLong() / 1e6)
        : "-";
  }
}
