package io.mpcium.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.mpcium.Initiator;
import io.mpcium.examples.node.NodeProcesses;
import io.mpcium.transport.nats.client.InitiatorKeyFiles;
import io.mpcium.transport.nats.testing.NatsServerExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code bench} against node processes on a real nats-server. */
class BenchCommandTest {
  @RegisterExtension
  static final NatsServerExtension NATS = new NatsServerExtension();

  @TempDir
  Path work;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int bench(String... args) {
    CommandLine cli = MpciumCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 1];
    all[0] = "bench";
    System.arraycopy(args, 0, all, 1, args.length);
    return cli.execute(all);
  }

  @Test
  void aLocalClusterSignsAndTheJsonSummaryCountsEveryVerifiedSignature() {
    int exit = bench("sign-eddsa", "--nats", NATS.url(), "--local-cluster", "--count", "6",
        "--concurrency", "3", "--warmup", "2", "--json", "--progress", "plain");
    assertThat(exit).as(err.toString()).isZero();
    JsonObject summary = JsonParser.parseString(out.toString().trim()).getAsJsonObject();
    assertThat(summary.get("operation").getAsString()).isEqualTo("sign-eddsa");
    assertThat(summary.get("requests").getAsLong()).isEqualTo(6);
    assertThat(summary.get("succeeded").getAsLong()).isEqualTo(6);
    assertThat(summary.get("failed").getAsLong()).isZero();
    assertThat(summary.get("verified").getAsBoolean()).isTrue();
    assertThat(summary.get("throughput_per_s").getAsDouble()).isPositive();
    JsonObject latency = summary.getAsJsonObject("latency_ms");
    assertThat(latency.get("p50").getAsDouble()).isPositive()
        .isLessThanOrEqualTo(latency.get("p99").getAsDouble());
    assertThat(latency.get("max").getAsDouble()).isGreaterThanOrEqualTo(
        latency.get("p99").getAsDouble());
    assertThat(summary.getAsJsonObject("failures_by_code").size()).isZero();
    // The node processes' CPU time is known for a local cluster: some per signature.
    assertThat(summary.getAsJsonObject("cpu_ms_per_request").get("nodes").getAsDouble())
        .isPositive();
    // Plain progress (not a terminal): whole lines, the last one final.
    assertThat(err.toString()).doesNotContain("\r").contains("6/6 done, 0 failed");
  }

  @Test
  void aRunningClusterCountsFailuresByErrorCodeGeneratesKeysAndSignsForADuration()
      throws Exception {
    byte[] seed = new byte[32];
    new SecureRandom().nextBytes(seed);
    Path keyFile = work.resolve("event_initiator.key");
    Files.writeString(keyFile, HexFormat.of().formatHex(seed), StandardCharsets.US_ASCII);
    Initiator initiator = InitiatorKeyFiles.load(keyFile, "ed25519");
    NodeProcesses.Options options = new NodeProcesses.Options(3, 1, 32, Duration.ofSeconds(30),
        List.of());
    try (NodeProcesses nodes = NodeProcesses.start(NATS.url(), initiator.publicKey(), options,
        work.resolve("cluster"), Duration.ofSeconds(90))) {
      int exit = bench("sign-ecdsa", "--nats", NATS.url(), "--initiator-key",
          keyFile.toString(), "--wallet", "no-such-wallet", "--count", "4", "--concurrency", "2",
          "--progress", "none");
      assertThat(exit).as(err.toString()).isEqualTo(1);
      assertThat(out.toString()).contains("sign-ecdsa on " + NATS.url() + ", 2 in flight: "
          + "4 requests", "succeeded 0 (not verified: unknown wallet key), failed 4",
          "latency p50 -, p90 -, p99 -, max -", "ERROR_KEY_NOT_FOUND: 4");
      assertThat(out.toString()).contains("CPU per request: this client").doesNotContain(
          "all nodes");
      assertThat(err.toString()).contains("first ERROR_KEY_NOT_FOUND: ");

      out.getBuffer().setLength(0);
      exit = bench("keygen", "--nats", NATS.url(), "--initiator-key", keyFile.toString(),
          "--count", "2", "--concurrency", "2", "--json", "--progress", "none");
      assertThat(exit).as(err.toString()).isZero();
      JsonObject summary = JsonParser.parseString(out.toString().trim()).getAsJsonObject();
      assertThat(summary.get("succeeded").getAsLong()).isEqualTo(2);
      assertThat(summary.get("verified").getAsBoolean()).isTrue();

      // Bounded by time instead of a count: signs with a wallet it creates until 3 s are up.
      out.getBuffer().setLength(0);
      exit = bench("sign-eddsa", "--nats", NATS.url(), "--initiator-key", keyFile.toString(),
          "--duration", "3s", "--concurrency", "2", "--json", "--progress", "none");
      assertThat(exit).as(err.toString()).isZero();
      summary = JsonParser.parseString(out.toString().trim()).getAsJsonObject();
      assertThat(summary.get("succeeded").getAsLong()).isPositive()
          .isEqualTo(summary.get("requests").getAsLong());
      assertThat(summary.get("verified").getAsBoolean()).isTrue();
      assertThat(summary.get("elapsed_ms").getAsDouble()).isGreaterThanOrEqualTo(3000);
    }
  }

  @Test
  void badArgumentsAreRefusedWithTheReason() {
    assertThat(bench("frobnicate", "--nats", "nats://127.0.0.1:1", "--local-cluster"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("expected keygen, sign-ecdsa or sign-eddsa");
    err.getBuffer().setLength(0);
    assertThat(bench("keygen", "--nats", "nats://127.0.0.1:1")).isEqualTo(2);
    assertThat(err.toString()).contains("--local-cluster or --initiator-key");
    err.getBuffer().setLength(0);
    assertThat(bench("keygen", "--nats", "nats://127.0.0.1:1", "--local-cluster",
        "--duration", "soon")).isEqualTo(2);
    assertThat(err.toString()).contains("expected a duration such as 30s");
  }
}
