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

/**
 * DKLs23 key generation for n parties (t-of-n) in one thread and no network: the Pedersen DKG
 * over secp256k1 plus the pairwise setup (256 endemic base OTs per ordered pair, zero-share
 * seeds), every party's every round. The work grows with the n(n-1) ordered pairs: a 5-of-9 run
 * takes seconds per operation, so use {@code -p config=2-of-3} for a quick look.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(1)
@State(Scope.Thread)
public class EcdsaKeyGenBenchmark {
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

  /** The whole key generation for all n parties, key shares out. */
  @Benchmark
  public Object wholeKeyGen() {
    return Committees.ecdsaKeygen(parties, threshold, rng);
  }
}
