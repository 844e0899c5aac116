package io.mpcium.benchmarks;

import io.mpcium.PartyId;
import io.mpcium.protocol.LocalSimulation;
import io.mpcium.protocol.Protocol;
import io.mpcium.protocol.dkg.KeyShare;
import io.mpcium.protocol.dkls23.Dkls23KeyShare;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Resharing a t-of-n key, whole protocol with every party in one thread and no network, for
 * FROST Ed25519 (Feldman work only) and DKLs23 (plus the new committee's pairwise base OTs and
 * zero-sharing seeds): <em>refresh</em> keeps the committee and threshold (new shares of the same
 * key, old ones useless); <em>grow</em> adds one party, t-of-n to t-of-(n+1), as when a node
 * joins the cluster. In both the first t holders deal (the fewest the protocol accepts) and every
 * old holder is in the new committee. The DKLs23 runs take up to seconds each (base OTs for every
 * pair of the new committee), so they are single-shot: one run per iteration.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class ReshareBenchmark {
  /** {@code t-of-n}: the key being reshared. */
  @Param({"2-of-3", "3-of-5", "5-of-9"})
  public String config;

  private final SecureRandom rng = new SecureRandom();
  private List<PartyId> committee;
  private List<PartyId> grown;
  private List<PartyId> dealers;
  private int threshold;

  @Setup(Level.Trial)
  public void committees() {
    committee = Committees.parties(config);
    threshold = Committees.threshold(config);
    grown = Committees.parties(threshold + "-of-" + (committee.size() + 1));
    dealers = committee.subList(0, threshold);
  }

  /** The Ed25519 key, generated only for the benchmarks that use it. */
  @State(Scope.Thread)
  public static class Ed25519Key {
    Map<PartyId, KeyShare> shares;

    @Setup(Level.Trial)
    public void keygen(ReshareBenchmark benchmark) {
      shares = Committees.keygen(benchmark.committee, benchmark.threshold, benchmark.rng);
    }
  }

  /** The DKLs23 key, generated only for the benchmarks that use it. */
  @State(Scope.Thread)
  public static class Dkls23Key {
    Map<PartyId, Dkls23KeyShare> shares;

    @Setup(Level.Trial)
    public void keygen(ReshareBenchmark benchmark) {
      shares = Committees.ecdsaKeygen(benchmark.committee, benchmark.threshold, benchmark.rng);
    }
  }

  /** FROST Ed25519 refresh, t-of-n to t-of-n. */
  @Benchmark
  public Object wholeRefreshEd25519(Ed25519Key key) {
    return run(Committees.resharing(key.shares, dealers, committee, threshold, rng));
  }

  /** FROST Ed25519, t-of-n to t-of-(n+1). */
  @Benchmark
  public Object wholeGrowEd25519(Ed25519Key key) {
    return run(Committees.resharing(key.shares, dealers, grown, threshold, rng));
  }

  /** DKLs23 refresh, t-of-n to t-of-n, with fresh pairwise OT setup. */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 2)
  @Measurement(iterations = 5)
  public Object wholeRefreshDkls23(Dkls23Key key) {
    return run(Committees.dkls23Resharing(key.shares, dealers, committee, threshold, rng));
  }

  /** DKLs23, t-of-n to t-of-(n+1), with the new committee's pairwise OT setup. */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 2)
  @Measurement(iterations = 5)
  public Object wholeGrowDkls23(Dkls23Key key) {
    return run(Committees.dkls23Resharing(key.shares, dealers, grown, threshold, rng));
  }

  private <R> Map<PartyId, R> run(Map<PartyId, ? extends Protocol<R>> protocols) {
    LocalSimulation.Outcome<R> outcome = new LocalSimulation<>(protocols).run(rng);
    if (!outcome.succeeded()) {
      throw new IllegalStateException("resharing failed: " + outcome.aborts());
    }
    return outcome.results();
  }
}
