package io.mpcium.benchmarks;

import io.mpcium.PartyId;
import io.mpcium.protocol.LocalSimulation;
import io.mpcium.protocol.dkg.KeyShare;
import io.mpcium.protocol.dkg.PedersenDkg;
import io.mpcium.protocol.frost.Ed25519Sha512;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
  @Param({"2-of-3", "3-of-5"})
  public String config;

  private final SecureRandom rng = new SecureRandom();
  private List<PartyId> parties;
  private int threshold;

  @Setup
  public void setUp() {
    String[] tn = config.split("-of-");
    threshold = Integer.parseInt(tn[0]);
    parties = new ArrayList<>();
    for (int i = 0; i < Integer.parseInt(tn[1]); i++) {
      parties.add(PartyId.of("p" + i));
    }
  }

  /** The whole DKG for every party: commitments, proofs, shares, checks, key shares out. */
  @Benchmark
  public Object wholeDkg() {
    byte[] sid = new byte[32];
    rng.nextBytes(sid);
    Map<PartyId, PedersenDkg> protocols = new TreeMap<>();
    for (PartyId p : parties) {
      protocols.put(p, new PedersenDkg(Ed25519Sha512.INSTANCE, sid, p, parties, threshold));
    }
    LocalSimulation.Outcome<KeyShare> outcome = new LocalSimulation<>(protocols).run(rng);
    if (!outcome.succeeded()) {
      throw new IllegalStateException(outcome.aborts().toString());
    }
    return outcome.results();
  }
}
