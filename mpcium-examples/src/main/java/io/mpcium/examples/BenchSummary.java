package io.mpcium.examples;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The end of a {@code bench} run: throughput of answered requests, latency percentiles of the
 * successful ones (publish to result), and failures by error code; as text or as one JSON
 * object. Immutable.
 *
 * @param verified whether every success was checked (signatures verified against the wallet's
 *     key, keygen results carrying both keys)
 * @param cpu CPU time spent while the measured requests ran
 */
record BenchSummary(String operation, String cluster, int concurrency, long elapsedNanos,
    BenchStats.Snapshot stats, boolean verified, Cpu cpu) {

  /** CPU time spent during the measured requests: this client, and the nodes when known. */
  record Cpu(long clientNanos, OptionalLong nodesNanos) { }

  private OptionalLong perRequest(long nanos) {
    return stats.done() > 0 ? OptionalLong.of(nanos / stats.done()) : OptionalLong.empty();
  }

  double throughput() {
    return elapsedNanos > 0 ? stats.done() / (elapsedNanos / 1e9) : 0;
  }

  /** Human-readable lines. */
  String text() {
    StringBuilder text = new StringBuilder();
    text.append(String.format(Locale.ROOT, "%s on %s, %d in flight: %d requests in %.2f s, "
        + "%.1f/s%n", operation, cluster, concurrency, stats.done(), elapsedNanos / 1e9,
        throughput()));
    text.append(String.format(Locale.ROOT, "  succeeded %d%s, failed %d%n", stats.succeeded(),
        verified ? " (verified)" : " (not verified: unknown wallet key)", stats.failed()));
    text.append(String.format(Locale.ROOT, "  latency p50 %s, p90 %s, p99 %s, max %s%n",
        millis(stats.percentile(50)), millis(stats.percentile(90)),
        millis(stats.percentile(99)), millis(stats.percentile(100))));
    text.append(String.format(Locale.ROOT, "  CPU per request: this client %s%s%n",
        millis(perRequest(cpu.clientNanos())), cpu.nodesNanos().isPresent()
            ? ", all nodes " + millis(perRequest(cpu.nodesNanos().getAsLong())) : ""));
    for (Map.Entry<String, Long> failure : stats.failuresByCode().entrySet()) {
      text.append(String.format(Locale.ROOT, "  %s: %d%n", failure.getKey(),
          failure.getValue()));
    }
    return text.toString();
  }

  /** One JSON object (latencies in milliseconds, null before the first success). */
  String json() {
    JsonObject json = new JsonObject();
    json.addProperty("operation", operation);
    json.addProperty("cluster", cluster);
    json.addProperty("concurrency", concurrency);
    json.addProperty("requests", stats.done());
    json.addProperty("succeeded", stats.succeeded());
    json.addProperty("failed", stats.failed());
    json.addProperty("verified", verified);
    json.addProperty("elapsed_ms", elapsedNanos / 1e6);
    json.addProperty("throughput_per_s", throughput());
    JsonObject latency = new JsonObject();
    for (int p : new int[] {50, 90, 99}) {
      latency.addProperty("p" + p, ms(stats.percentile(p)));
    }
    latency.addProperty("max", ms(stats.percentile(100)));
    json.add("latency_ms", latency);
    JsonObject cpuPerRequest = new JsonObject();
    cpuPerRequest.addProperty("client", ms(perRequest(cpu.clientNanos())));
    cpuPerRequest.addProperty("nodes", cpu.nodesNanos().isPresent()
        ? ms(perRequest(cpu.nodesNanos().getAsLong())) : null);
    json.add("cpu_ms_per_request", cpuPerRequest);
    JsonObject failures = new JsonObject();
    stats.failuresByCode().forEach(failures::addProperty);
    json.add("failures_by_code", failures);
    return new GsonBuilder().serializeNulls().create().toJson(json);
  }

  private static Double ms(OptionalLong nanos) {
    return nanos.isPresent() ? nanos.getAsLong() / 1e6 : null;
  }

  private static String millis(OptionalLong nanos) {
    return nanos.isPresent() ? String.format(Locale.ROOT, "%.1f ms", nanos.getAsLong() / 1e6)
        : "-";
  }
}
