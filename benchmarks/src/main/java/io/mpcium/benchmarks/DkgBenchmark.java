package io.mpcium.benchmarks;

import io.mpcium.PartyId;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Pedersen DKG over Ed25519 with all parties in one thread and no network. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class DkgBenchmark {
  @Param({"2-of-3", "3-of-5", "5-of-9"})
  public String config;

  private final SecureRandom rng = new SecureRandom();
  private List<PartyId> parties;
  private int threshold;

  @Setup
  public void setUp() {
    parties = Committees.parties(config);
    threshold = Committees.threshold(config);
  }

  /** The whole DKG for every party: commitments, proofs, shares, checks, key shares out. */
  @Benchmark
  public Object wholeDkg() {
    return Committees.keygen(parties, threshold, rng);
  }
}
