package io.mpcium.internal.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Remembers request ids to refuse replays: {@link #firstUse} is true the first time an id is
 * seen and false while that first sighting is younger than the window.
 *
 * <p>Limits, by design: an id whose first sighting is older than the window is forgotten and
 * accepted again, so callers must also refuse requests whose signed timestamp lies outside the
 * window. Memory is bounded by {@code maxEntries}; when full, the oldest id is forgotten early,
 * so size it above the peak request rate times the window. Ids should be checked only after the
 * request's signature verified, so that only authorized initiators can fill the guard.
 *
 * <p>Thread-safe (one lock; each call is O(1) amortized). Time comes from the injected clock;
 * a clock that steps backwards can delay expiry but never causes an id to be accepted twice
 * within the window.
 */
public final class ReplayGuard {
  private final Clock clock;
  private final Duration window;
  private final int maxEntries;
  /** Insertion order is first-sighting order: the eldest entry expires first. */
  private final LinkedHashMap<String, Instant> seen = new LinkedHashMap<>();

  public ReplayGuard(Clock clock, Duration window, int maxEntries) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.window = Objects.requireNonNull(window, "window");
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("replay window must be positive, got " + window);
    }
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be positive, got " + maxEntries);
    }
    this.maxEntries = maxEntries;
  }

  /** True the first time {@code requestId} is seen within the window, false for a replay. */
  public synchronized boolean firstUse(String requestId) {
    Objects.requireNonNull(requestId, "requestId");
    Instant now = clock.instant();
    evictExpired(now);
    Instant first = seen.get(requestId);
    if (first != null) {
      if (!expired(first, now)) {
        return false;
      }
      seen.remove(requestId); // expired but not yet evicted (clock went backwards earlier)
    }
    if (seen.size() >= maxEntries) {
      Iterator<String> eldest = seen.keySet().iterator();
      eldest.next();
      eldest.remove();
    }
    seen.put(requestId, now);
    return true;
  }

  /** Number of ids currently remembered. */
  public synchronized int size() {
    evictExpired(clock.instant());
    return seen.size();
  }

  @Override
  public String toString() {
    return "ReplayGuard[window=" + window + ", maxEntries=" + maxEntries + "]";
  }

  private void evictExpired(Instant now) {
    Iterator<Map.Entry<String, Instant>> it = seen.entrySet().iterator();
    while (it.hasNext() && expired(it.next().getValue(), now)) {
      it.remove();
    }
  }

  private boolean expired(Instant firstSeen, Instant now) {
    return Duration.between(firstSeen, now).compareTo(window) >= 0;
  }
}
