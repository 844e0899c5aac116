package io.mpcium.examples;

import io.mpcium.Initiator;
import io.mpcium.KeyScheme;
import io.mpcium.examples.node.NodeProcesses;
import io.mpcium.transport.nats.NatsConnections;
import io.mpcium.transport.nats.NatsPeerRegistry;
import io.mpcium.transport.nats.client.InitiatorKeyFiles;
import io.mpcium.transport.nats.client.MpcClient;
import io.mpcium.transport.nats.wire.KeygenResultEvent;
import io.mpcium.transport.nats.wire.SigningResultEvent;
import io.nats.client.Connection;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bench keygen|sign-ecdsa|sign-eddsa}: drives a cluster through Mpcium's NATS gateway
 * with the Java client (the counterpart of Mpcium's {@code mpcium-cli benchmark}) and keeps
 * {@code --concurrency} requests in flight until {@code --count} are answered or {@code
 * --duration} has passed. Shows a live progress line (done/failed, rate, p50/p99 so far) and
 * ends with a summary: throughput, latency p50/p90/p99/max of successful requests (publish to
 * result) and failures by error code, as text or, with {@code --json}, one JSON object.
 *
 * <p>The cluster is a running one (its initiator's key file in {@code --initiator-key}) or,
 * with {@code --local-cluster}, node processes started on the NATS server for this run. Sign
 * benchmarks create a wallet first unless {@code --wallet} names one; signatures are verified
 * when the wallet's key is known (a wallet created here). The summary also gives the CPU time
 * this client, and with {@code --local-cluster} the node processes, spent per request: on a
 * shared machine the throughput depends on the load, the CPU time per request much less.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Benchmark keygen or signing through the NATS gateway of a cluster.")
final class BenchCommand implements Callable<Integer> {
  /** What each request does. */
  enum Operation {
    KEYGEN("keygen", null), SIGN_ECDSA("sign-ecdsa", KeyScheme.SECP256K1),
    SIGN_EDDSA("sign-eddsa", KeyScheme.ED25519);

    final String label;
    final KeyScheme scheme;

    Operation(String label, KeyScheme scheme) {
      this.label = label;
      this.scheme = scheme;
    }

    static Operation of(String label) {
      for (Operation operation : values()) {
        if (operation.label.equals(label)) {
          return operation;
        }
      }
      throw new CommandLine.TypeConversionException(
          "expected keygen, sign-ecdsa or sign-eddsa, got '" + label + "'");
    }
  }

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "OPERATION", converter = OperationConverter.class,
      description = "keygen, sign-ecdsa or sign-eddsa.")
  Operation operation;

  @Option(names = "--nats", required = true, paramLabel = "URL",
      description = "NATS server (JetStream) of the cluster.")
  String nats;

  @Option(names = "--local-cluster",
      description = "Start --nodes node processes on that server for this run (a fresh "
          + "initiator key; removed at the end).")
  boolean localCluster;

  @Option(names = "--nodes", defaultValue = "3",
      description = "With --local-cluster: node processes (default 3).")
  int nodes;

  @Option(names = "--threshold", defaultValue = "2",
      description = "With --local-cluster: signers, t of t-of-n (default 2).")
  int threshold;

  @Option(names = "--initiator-key", paramLabel = "FILE",
      description = "A running cluster's initiator private key (mpcium-cli "
          + "generate-initiator's file: Ed25519 seed hex, or P-256 DER).")
  Path initiatorKey;

  @Option(names = "--initiator-algorithm", defaultValue = "ed25519",
      description = "ed25519 (default) or p256.")
  String initiatorAlgorithm;

  @Option(names = "--count", paramLabel = "N",
      description = "Measured requests (default 1000 for signing, 20 for keygen; unbounded "
          + "with --duration).")
  Long count;

  @Option(names = {"--concurrency", "--in-flight"}, paramLabel = "N",
      description = "Requests in flight at once (default 32 for signing, 4 for keygen).")
  Integer concurrency;

  @Option(names = "--duration", paramLabel = "TIME", converter = DurationConverter.class,
      description = "Stop sending after this long (30s, 5m, PT1M); answers are still awaited.")
  Duration duration;

  @Option(names = "--warmup", defaultValue = "0", paramLabel = "N",
      description = "Unmeasured requests first (default 0).")
  int warmup;

  @Option(names = "--wallet", paramLabel = "ID",
      description = "Sign with this existing wallet (signatures then not verified); default: "
          + "create one first.")
  String wallet;

  @Option(names = "--timeout", defaultValue = "120s", converter = DurationConverter.class,
      description = "Per-request limit, counted as TIMEOUT (default 120s).")
  Duration timeout;

  @Option(names = "--client-id", description = "Client id for result routing (default "
      + "bench-<random>).")
  String clientId;

  @Option(names = "--progress", defaultValue = "auto",
      description = "auto (a live line on a terminal, plain lines otherwise), line, plain or "
          + "none. Progress goes to standard error.")
  String progress;

  @Option(names = "--progress-interval", defaultValue = "5s",
      converter = DurationConverter.class,
      description = "Plain progress lines at most this often (default 5s).")
  Duration progressInterval;

  @Option(names = "--json", description = "Print the summary as one JSON object.")
  boolean json;

  private static final com.sun.management.OperatingSystemMXBean CLIENT_CPU =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final SecureRandom rng = new SecureRandom();
  private final Set<String> reportedCodes = ConcurrentHashMap.newKeySet();

  // jnats' Connection.close() declares InterruptedException; this method throws Exception.
  @SuppressWarnings("try")
  @Override
  public Integer call() throws Exception {
    long total = count != null ? count : duration != null ? Long.MAX_VALUE
        : operation == Operation.KEYGEN ? 20 : 1000;
    int inFlight = concurrency != null ? concurrency : operation == Operation.KEYGEN ? 4 : 32;
    if (total < 1 || inFlight < 1 || warmup < 0 || timeout.isZero() || timeout.isNegative()
        || (duration != null && (duration.isZero() || duration.isNegative()))) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--count, --concurrency, --duration and --timeout must be positive");
    }
    if (localCluster == (initiatorKey != null)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "give either --local-cluster or --initiator-key FILE (the running cluster's key)");
    }
    if (localCluster && (nodes < 2 || threshold < 2 || threshold > nodes)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "need 2 <= --threshold <= --nodes");
    }
    if (!List.of("auto", "line", "plain", "none").contains(progress)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--progress: auto, line, plain or none");
    }
    String run = UUID.randomUUID().toString().substring(0, 8);
    if (!localCluster) {
      Initiator initiator = InitiatorKeyFiles.load(initiatorKey, initiatorAlgorithm);
      return bench(initiator, run, inFlight, total, nats, Optional.empty());
    }
    Initiator initiator = Initiator.generateEd25519(rng);
    String bucket = "mpcium_bench_" + run;
    Path work = Files.createTempDirectory("mpcium-bench-");
    NodeProcesses.Options options = new NodeProcesses.Options(nodes, threshold - 1,
        Math.max(64, 2 * inFlight), Duration.ofSeconds(30), List.of("registry_bucket: " + bucket));
    PrintWriter err = spec.commandLine().getErr();
    try (Connection connection = NatsConnections.connect(nats, "mpcium-bench-cluster");
        NodeProcesses cluster = NodeProcesses.start(nats, initiator.publicKey(), options, work,
            Duration.ofMinutes(2));
        NatsPeerRegistry registry = NatsPeerRegistry.builder(connection).bucket(bucket)
            .build()) {
      if (!registry.awaitReady(cluster.ids(), Duration.ofMinutes(1))) {
        err.println("the nodes did not all become ready within a minute; logs in " + work);
        return 1;
      }
      LongSupplier nodesCpu = () -> {
        long nanos = 0;
        for (int i = 0; i < nodes; i++) {
          nanos += cluster.process(i).info().totalCpuDuration().map(Duration::toNanos)
              .orElse(0L);
        }
        return nanos;
      };
      return bench(initiator, run, inFlight, total,
          String.format(Locale.ROOT, "%d local node processes (%d-of-%d)", nodes, threshold,
              nodes), Optional.of(nodesCpu));
    } finally {
      NatsDemo.deleteBucket(nats, bucket);
      NatsDemo.deleteTree(work);
    }
  }

  @SuppressWarnings("try")
  private int bench(Initiator initiator, String run, int inFlight, long total, String cluster,
      Optional<LongSupplier> nodesCpu) throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (Connection connection = NatsConnections.connect(nats, "mpcium-bench");
        MpcClient client = MpcClient.create(connection, initiator,
            Optional.of(clientId != null ? clientId : "bench-" + run))) {
      Optional<byte[]> publicKey = Optional.empty();
      String walletId = wallet;
      if (operation != Operation.KEYGEN && walletId == null) {
        walletId = "bench-" + run;
        KeygenResultEvent key = client.createWalletAsync(walletId)
            .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!key.isSuccess()) {
          err.println("creating wallet " + walletId + " failed: " + key.errorCode() + ": "
              + key.errorReason());
          return 1;
        }
        publicKey = Optional.ofNullable(GatewayResults.publicKeys(key).get(operation.scheme));
        if (publicKey.isEmpty()) {
          err.println("the cluster made no " + operation.scheme.label() + " key");
          return 1;
        }
      }
      Request request = new Request(client, walletId, publicKey, run);
      if (warmup > 0) {
        drive(request, "warmup-", warmup, inFlight, Long.MAX_VALUE, new BenchStats(), null);
      }
      BenchStats stats = new BenchStats();
      boolean terminal = progress.equals("line")
          || (progress.equals("auto") && System.console() != null);
      BenchProgress live = progress.equals("none") ? null : new BenchProgress(err, terminal,
          System::nanoTime, progressInterval, total == Long.MAX_VALUE ? 0 : total);
      ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "mpcium-bench-progress");
        thread.setDaemon(true);
        return thread;
      });
      long started = System.nanoTime();
      long clientCpuStart = CLIENT_CPU.getProcessCpuTime();
      long nodesCpuStart = nodesCpu.map(LongSupplier::getAsLong).orElse(0L);
      try {
        if (live != null) {
          ticker.scheduleAtFixedRate(() -> live.update(stats.snapshot()), 250, 250,
              TimeUnit.MILLISECONDS);
        }
        long deadline = duration == null ? Long.MAX_VALUE : started + duration.toNanos();
        drive(request, "", total, inFlight, deadline, stats, err);
      } finally {
        ticker.shutdownNow();
        ticker.awaitTermination(5, TimeUnit.SECONDS);
      }
      long elapsed = System.nanoTime() - started;
      long clientCpu = CLIENT_CPU.getProcessCpuTime() - clientCpuStart;
      OptionalLong nodesCpuUsed = nodesCpu.isPresent()
          ? OptionalLong.of(nodesCpu.get().getAsLong() - nodesCpuStart) : OptionalLong.empty();
      BenchStats.Snapshot snapshot = stats.snapshot();
      if (live != null) {
        live.finish(snapshot);
      }
      BenchSummary summary = new BenchSummary(operation.label, cluster, inFlight, elapsed,
          snapshot, operation == Operation.KEYGEN || publicKey.isPresent(),
          new BenchSummary.Cpu(clientCpu, nodesCpuUsed));
      if (json) {
        out.println(summary.json());
      } else {
        out.print(summary.text());
      }
      out.flush();
      return snapshot.failed() == 0 ? 0 : 1;
    }
  }

  /**
   * Sends up to {@code count} requests, at most {@code inFlight} outstanding, none after {@code
   * deadline} (nanoTime); returns when every one sent is answered or timed out.
   */
  private void drive(Request request, String prefix, long count, int inFlight, long deadline,
      BenchStats stats, PrintWriter err) throws InterruptedException {
    Semaphore slots = new Semaphore(inFlight);
    for (long i = 0; i < count && System.nanoTime() < deadline; ) {
      if (!slots.tryAcquire(Math.max(1, Math.min(250_000_000L, deadline - System.nanoTime())),
          TimeUnit.NANOSECONDS)) {
        continue;
      }
      long sent = System.nanoTime();
      request.send(prefix + i++).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .whenComplete((failure, error) -> {
            long latency = System.nanoTime() - sent;
            Optional<String[]> outcome = error != null
                ? Optional.of(new String[] {code(error), String.valueOf(cause(error))})
                : failure;
            if (outcome.isEmpty()) {
              stats.success(latency);
            } else {
              stats.failure(outcome.get()[0]);
              if (err != null && reportedCodes.add(outcome.get()[0])) {
                err.println();
                err.println("first " + outcome.get()[0] + ": " + outcome.get()[1]);
                err.flush();
              }
            }
            slots.release();
          });
    }
    slots.acquire(inFlight);
  }

  private static Throwable cause(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null
        ? error.getCause() : error;
  }

  private static String code(Throwable error) {
    return cause(error) instanceof TimeoutException ? "TIMEOUT" : "CLIENT_ERROR";
  }

  /** One request of the benchmarked kind; completes with empty, or {code, reason}. */
  private final class Request {
    private final MpcClient client;
    private final String walletId;
    private final Optional<byte[]> publicKey;
    private final String run;

    Request(MpcClient client, String walletId, Optional<byte[]> publicKey, String run) {
      this.client = client;
      this.walletId = walletId;
      this.publicKey = publicKey;
      this.run = run;
    }

    CompletableFuture<Optional<String[]>> send(String id) {
      if (operation == Operation.KEYGEN) {
        return client.createWalletAsync("bench-" + run + "-" + id).thenApply(this::check);
      }
      byte[] tx = new byte[32];
      rng.nextBytes(tx);
      return client.signAsync(operation.scheme.label(), walletId, "benchmark", tx)
          .thenApply(result -> check(result, tx));
    }

    private Optional<String[]> check(KeygenResultEvent result) {
      if (!result.isSuccess()) {
        return failure(result.errorCode(), result.errorReason());
      }
      Map<KeyScheme, byte[]> keys = GatewayResults.publicKeys(result);
      return keys.containsKey(KeyScheme.SECP256K1) && keys.containsKey(KeyScheme.ED25519)
          ? Optional.empty() : failure("MISSING_KEY", "a key type is missing: " + keys.keySet());
    }

    private Optional<String[]> check(SigningResultEvent result, byte[] tx) {
      if (!result.isSuccess()) {
        return failure(result.errorCode(), result.errorReason());
      }
      if (publicKey.isPresent() && !SignatureCheck.verifies(GatewayResults.signature(walletId,
          operation.scheme, publicKey.get(), tx, result))) {
        return failure("INVALID_SIGNATURE", "tx " + result.txId());
      }
      return Optional.empty();
    }

    private Optional<String[]> failure(String code, String reason) {
      return Optional.of(new String[] {code.isEmpty() ? "ERROR_UNKNOWN" : code, reason});
    }
  }

  /** {@code keygen|sign-ecdsa|sign-eddsa}. */
  static final class OperationConverter implements CommandLine.ITypeConverter<Operation> {
    @Override
    public Operation convert(String value) {
      return Operation.of(value);
    }
  }

  /** {@code 30s}, {@code 250ms}, {@code 5m}, {@code 1h} or ISO-8601 ({@code PT1M}). */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String text = value.trim().toLowerCase(Locale.ROOT);
      try {
        if (text.startsWith("pt")) {
          return Duration.parse(text.toUpperCase(Locale.ROOT));
        }
        if (text.endsWith("ms")) {
          return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
        }
        long amount = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (text.charAt(text.length() - 1)) {
          case 's' -> Duration.ofSeconds(amount);
          case 'm' -> Duration.ofMinutes(amount);
          case 'h' -> Duration.ofHours(amount);
          default -> throw new CommandLine.TypeConversionException("bad duration " + value);
        };
      } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
        throw new CommandLine.TypeConversionException(
            "expected a duration such as 30s, 500ms, 5m or PT1M, got '" + value + "'");
      }
    }
  }
}
