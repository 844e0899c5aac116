package io.mpcium.benchmarks;

import io.mpcium.PartyId;
import io.mpcium.protocol.LocalSimulation;
import io.mpcium.protocol.Protocol;
import io.mpcium.protocol.dkg.DkgExtension;
import io.mpcium.protocol.dkg.KeyShare;
import io.mpcium.protocol.dkg.Reshared;
import io.mpcium.protocol.dkg.Resharing;
import io.mpcium.protocol.dkls23.Dkls23KeyShare;
import io.mpcium.protocol.dkls23.Dkls23Reshare;
import io.mpcium.protocol.frost.Ed25519Sha512;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Resharing a 2-of-3 key to 3-of-5 (two old holders deal; p0 and p1 are in both committees),
 * every party in one thread and no network: FROST Ed25519 (Feldman work only) and DKLs23 (plus
 * the new committee's base OTs).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class ReshareBenchmark {
  private final SecureRandom rng = new SecureRandom();
  private final List<PartyId> dealers = List.of(PartyId.of("p0"), PartyId.of("p1"));
  private final List<PartyId> committee = Committees.parties("3-of-5");
  private Map<PartyId, KeyShare> ed25519;
  private Map<PartyId, Dkls23KeyShare> ecdsa;

  @Setup
  public void setUp() {
    ed25519 = Committees.keygen(Committees.parties("2-of-3"), 2, rng);
    ecdsa = Committees.ecdsaKeygen(Committees.parties("2-of-3"), 2, rng);
  }

  private byte[] sessionId() {
    byte[] sid = new byte[32];
    rng.nextBytes(sid);
    return sid;
  }

  private static <R> Map<PartyId, R> run(Map<PartyId, Protocol<R>> protocols,
      SecureRandom rng) {
    LocalSimulation.Outcome<R> outcome = new LocalSimulation<>(protocols).run(rng);
    if (!outcome.succeeded()) {
      throw new IllegalStateException("resharing failed: " + outcome.aborts());
    }
    return outcome.results();
  }

  /** FROST Ed25519 2-of-3 to 3-of-5: dealings, sub-shares, checks, confirmation. */
  @Benchmark
  public Object ed25519TwoOfThreeToThreeOfFive() {
    byte[] sid = sessionId();
    Map<PartyId, Protocol<Reshared<KeyShare>>> protocols = new TreeMap<>();
    for (PartyId party : committee) {
      protocols.put(party, new Resharing(Ed25519Sha512.INSTANCE, sid, party,
          dealers.contains(party) ? Optional.of(ed25519.get(party)) : Optional.empty(),
          dealers, committee, 3, DkgExtension.NONE));
    }
    return run(protocols, rng);
  }

  /** DKLs23 2-of-3 to 3-of-5, including the new committee's pairwise OT setup. */
  @Benchmark
  public Object dkls23TwoOfThreeToThreeOfFive() {
    byte[] sid = sessionId();
    Map<PartyId, Protocol<Reshared<Dkls23KeyShare>>> protocols = new TreeMap<>();
    for (PartyId party : committee) {
      protocols.put(party, new Dkls23Reshare(sid, party,
          dealers.contains(party) ? Optional.of(ecdsa.get(party)) : Optional.empty(), dealers,
          committee, 3));
    }
    return run(protocols, rng);
  }
}
