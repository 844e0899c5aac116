package io.mpcium.examples;

import java.util.Arrays;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * What {@code bench} has seen so far: answered requests, failures by error code and the latency
 * of each successful request. Thread-safe: results are recorded from the client's callback
 * threads while the progress line reads {@link #snapshot()}s.
 */
final class BenchStats {
  private long[] latencies = new long[1024];
  private int succeeded;
  private long failed;
  private final Map<String, Long> failuresByCode = new TreeMap<>();

  /** A request answered with a valid result after {@code latencyNanos}. */
  synchronized void success(long latencyNanos) {
    if (succeeded == latencies.length) {
      latencies = Arrays.copyOf(latencies, succeeded * 2);
    }
    latencies[succeeded++] = latencyNanos;
  }

  /** A request that failed with {@code code} (Mpcium's error code, or one of bench's own). */
  synchronized void failure(String code) {
    failed++;
    failuresByCode.merge(code, 1L, Long::sum);
  }

  /** The counts and the sorted latencies so far. */
  synchronized Snapshot snapshot() {
    long[] sorted = Arrays.copyOf(latencies, succeeded);
    Arrays.sort(sorted);
    return new Snapshot(sorted, failed, new TreeMap<>(failuresByCode));
  }

  /** Counts and sorted latencies (nanoseconds) of successful requests at one moment. */
  record Snapshot(long[] sortedLatencies, long failed, Map<String, Long> failuresByCode) {
    Snapshot {
      failuresByCode = Map.copyOf(failuresByCode);
    }

    long succeeded() {
      return sortedLatencies.length;
    }

    long done() {
      return sortedLatencies.length + failed;
    }

    /**
     * The nearest-rank percentile ({@code 0 < p <= 100}) of the successful requests' latencies,
     * empty before the first success.
     */
    OptionalLong percentile(double p) {
      if (sortedLatencies.length == 0) {
        return OptionalLong.empty();
      }
      int rank = (int) Math.ceil(p / 100 * sortedLatencies.length);
      return OptionalLong.of(sortedLatencies[Math.max(0, Math.min(rank, sortedLatencies.length)
          - 1)]);
    }
  }
}
