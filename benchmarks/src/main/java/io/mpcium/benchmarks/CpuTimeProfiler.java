package io.mpcium.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler that reports the benchmark JVM's CPU time per operation ({@code ·cpu/op}, in
 * the benchmark's time unit) next to the wall time: on a machine shared with other work the wall
 * time grows with the load while the CPU time stays close to the work done. It counts every
 * thread of the JVM (compiler and GC threads too), so it is a little above the benchmark
 * thread's own time, and it includes {@code @Setup(Level.Invocation)} work that JMH leaves out
 * of the wall time: the per-round benchmarks, which prepare their inputs that way, show a CPU
 * time above their wall time; whole-protocol benchmarks have no such setup. Use: {@code java
 * -jar benchmarks.jar -prof io.mpcium.benchmarks.CpuTimeProfiler ...}.
 */
public final class CpuTimeProfiler implements InternalProfiler {
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private long started;

  @Override
  public String getDescription() {
    return "CPU time of the benchmark JVM per operation";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    started = os.getProcessCpuTime();
  }

  @Override
  public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
      IterationParams iterationParams, IterationResult result) {
    long cpuNanos = os.getProcessCpuTime() - started;
    long ops = result.getMetadata().getMeasuredOps();
    if (ops <= 0 || cpuNanos < 0) {
      return List.of();
    }
    TimeUnit unit = benchmarkParams.getTimeUnit();
    double perOp = (double) cpuNanos / ops / unit.toNanos(1);
    return List.of(new ScalarResult("cpu/op", perOp, unitLabel(unit) + "/op",
        AggregationPolicy.AVG));
  }

  private static String unitLabel(TimeUnit unit) {
    return switch (unit) {
      case NANOSECONDS -> "ns";
      case MICROSECONDS -> "us";
      case MILLISECONDS -> "ms";
      case SECONDS -> "s";
      default -> unit.name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
