package io.mpcium.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The progress line, the statistics and the summary, driven by a hand-advanced clock. */
class BenchProgressTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final StringWriter text = new StringWriter();
  private final PrintWriter out = new PrintWriter(text);

  private static BenchStats stats(int successes, String... failures) {
    BenchStats stats = new BenchStats();
    for (int i = 1; i <= successes; i++) {
      stats.success(i * 1_000_000L); // 1 ms, 2 ms, ...
    }
    for (String code : failures) {
      stats.failure(code);
    }
    return stats;
  }

  @Test
  void percentilesAreNearestRankOverSuccessfulRequests() {
    BenchStats.Snapshot snapshot = stats(100, "ERROR_KEY_NOT_FOUND").snapshot();
    assertThat(snapshot.done()).isEqualTo(101);
    assertThat(snapshot.percentile(50)).hasValue(50_000_000L);
    assertThat(snapshot.percentile(99)).hasValue(99_000_000L);
    assertThat(snapshot.percentile(100)).hasValue(100_000_000L);
    assertThat(stats(0, "X").snapshot().percentile(50)).isEmpty();
    assertThat(stats(1).snapshot().percentile(1)).hasValue(1_000_000L);
  }

  @Test
  void onATerminalTheLineIsRewrittenInPlace() {
    BenchProgress progress = new BenchProgress(out, true, now::get, Duration.ofSeconds(5), 10);
    now.addAndGet(2_000_000_000L);
    progress.update(stats(4, "TIMEOUT").snapshot());
    now.addAndGet(500_000_000L);
    progress.update(stats(10).snapshot());
    progress.finish(stats(10).snapshot());
    String[] updates = text.toString().split("\r", -1);
    assertThat(updates[0]).isEmpty();
    assertThat(updates[1]).startsWith("5/10 done, 1 failed, 2.5/s, p50 2.0 ms, p99 4.0 ms, 2.0 s");
    assertThat(updates[2]).isEqualTo("10/10 done, 0 failed, 4.0/s, p50 5.0 ms, p99 10.0 ms,"
        + " 2.5 s");
    assertThat(updates[3]).startsWith(updates[2]);
    assertThat(text.toString()).endsWith(System.lineSeparator()).doesNotContain("\n\r");
  }

  @Test
  void aShorterLineIsPaddedOverTheLongerOneBeforeIt() {
    BenchProgress progress = new BenchProgress(out, true, now::get, Duration.ofSeconds(5), 0);
    progress.update(stats(100).snapshot());
    progress.update(stats(1).snapshot());
    String[] updates = text.toString().split("\r", -1);
    assertThat(updates[2]).hasSize(updates[1].length()).endsWith(" ")
        .startsWith("1 done, 0 failed");
  }

  @Test
  void elsewherePlainLinesComeOncePerInterval() {
    BenchProgress progress = new BenchProgress(out, false, now::get, Duration.ofSeconds(5), 0);
    BenchStats stats = stats(3);
    now.addAndGet(1_000_000_000L);
    progress.update(stats.snapshot()); // too early: nothing
    now.addAndGet(4_000_000_000L);
    progress.update(stats.snapshot()); // 5 s: a line
    now.addAndGet(1_000_000_000L);
    progress.update(stats.snapshot()); // 6 s: nothing
    progress.finish(stats.snapshot());
    assertThat(text.toString()).doesNotContain("\r")
        .isEqualTo("3 done, 0 failed, 0.6/s, p50 2.0 ms, p99 3.0 ms, 5.0 s"
            + System.lineSeparator()
            + "3 done, 0 failed, 0.5/s, p50 2.0 ms, p99 3.0 ms, 6.0 s" + System.lineSeparator());
  }

  @Test
  void theSummaryIsTextOrOneJsonObject() {
    BenchSummary summary = new BenchSummary("sign-eddsa", "nats://x", 8, 2_000_000_000L,
        stats(10, "ERROR_KEY_NOT_FOUND", "ERROR_KEY_NOT_FOUND", "TIMEOUT").snapshot(), true,
        new BenchSummary.Cpu(26_000_000L, OptionalLong.of(130_000_000L)));
    assertThat(summary.text()).contains("13 requests in 2.00 s, 6.5/s",
        "succeeded 10 (verified), failed 3", "p50 5.0 ms, p90 9.0 ms, p99 10.0 ms, max 10.0 ms",
        "ERROR_KEY_NOT_FOUND: 2", "TIMEOUT: 1",
        "CPU per request: this client 2.0 ms, all nodes 10.0 ms");
    JsonObject json = JsonParser.parseString(summary.json()).getAsJsonObject();
    assertThat(json.get("throughput_per_s").getAsDouble()).isEqualTo(6.5);
    assertThat(json.getAsJsonObject("latency_ms").get("p90").getAsDouble()).isEqualTo(9.0);
    assertThat(json.getAsJsonObject("cpu_ms_per_request").get("nodes").getAsDouble())
        .isEqualTo(10.0);
    assertThat(json.getAsJsonObject("failures_by_code").get("ERROR_KEY_NOT_FOUND").getAsLong())
        .isEqualTo(2);
    JsonObject empty = JsonParser.parseString(new BenchSummary("keygen", "c", 1, 1,
        stats(0, "X").snapshot(), true, new BenchSummary.Cpu(5, OptionalLong.empty())).json())
        .getAsJsonObject();
    assertThat(empty.getAsJsonObject("latency_ms").get("p50").isJsonNull()).isTrue();
    assertThat(empty.getAsJsonObject("cpu_ms_per_request").get("nodes").isJsonNull()).isTrue();
  }
}
