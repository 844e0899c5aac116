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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * DKLs23 key generation for three parties (2-of-3) in one thread and no network: the Pedersen
 * DKG over secp256k1 plus the pairwise setup (256 endemic base OTs per ordered pair, zero-share
 * seeds), every party's every round.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(1)
@State(Scope.Thread)
public class EcdsaKeyGenBenchmark {
  private final SecureRandom rng = new SecureRandom();
  private final List<PartyId> parties = Committees.parties("2-of-3");

  /** The whole key generation for all three parties, key shares out. */
  @Benchmark
  public Object wholeKeyGen() {
    return Committees.ecdsaKeygen(parties, 2, rng);
  }
}
