package io.mpcium.benchmarks;

import io.mpcium.PartyId;
import io.mpcium.crypto.secp256k1.EcdsaSignature;
import io.mpcium.protocol.LocalSimulation;
import io.mpcium.protocol.Outgoing;
import io.mpcium.protocol.Round;
import io.mpcium.protocol.RoundOutcome;
import io.mpcium.protocol.dkls23.Dkls23KeyShare;
import io.mpcium.protocol.dkls23.Dkls23Sign;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * DKLs23 t-of-n ECDSA signing over secp256k1 with all t signers in one thread and no network:
 * the whole protocol for every signer, and each round of one signer against the t-1 others
 * (round 1: commitment and OT-extension messages; round 2: OT-extension check and
 * multiplication; round 3: multiplication and consistency checks; finish: combination, low S,
 * recovery id, verification).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class EcdsaSigningBenchmark {
  private final SecureRandom rng = new SecureRandom();
  private final byte[] digest = new byte[32];
  private Map<PartyId, Dkls23KeyShare> shares;
  private List<PartyId> signers;


  /** {@code t-of-n}: t signers of an n-party key. */
  @Param({"2-of-3", "3-of-5", "5-of-9"})
  public String config;

  @Setup(Level.Trial)
  public void keygen() {
    List<PartyId> parties = Committees.parties(config);
    int t = Committees.threshold(config);
    shares = Committees.ecdsaKeygen(parties, t, rng);
    signers = parties.subList(0, t);
    rng.nextBytes(digest);
  }

  private Map<PartyId, Dkls23Sign> protocols(byte[] sessionId) {
    Map<PartyId, Dkls23Sign> protocols = new TreeMap<>();
    for (PartyId signer : signers) {
      protocols.put(signer, new Dkls23Sign(shares.get(signer), sessionId, signers, digest));
    }
    return protocols;
  }

  /**
   * Fresh inputs for each benchmarked round of the first signer (rounds are single-use). A state
   * of its own, so that only the round benchmarks pay for preparing it (JMH leaves it out of
   * their time, but not out of the process's CPU time).
   */
  @State(Scope.Thread)
  public static class Rounds {
    Round<EcdsaSignature> round1;
    Map<PartyId, byte[]> round1Inbox;
    Round<EcdsaSignature> round2;
    Map<PartyId, byte[]> round2Inbox;
    Round<EcdsaSignature> round3;
    Map<PartyId, byte[]> round3Inbox;

    @Setup(Level.Invocation)
    public void prepare(EcdsaSigningBenchmark benchmark) {
      Staged one = benchmark.stage(1);
      round1 = one.round;
      round1Inbox = one.inbox;
      Staged two = benchmark.stage(2);
      round2 = two.round;
      round2Inbox = two.inbox;
      Staged three = benchmark.stage(3);
      round3 = three.round;
      round3Inbox = three.inbox;
    }
  }

  private record Staged(Round<EcdsaSignature> round, Map<PartyId, byte[]> inbox) { }

  /** Runs all signers of a fresh session until the first signer is about to finish round k. */
  @SuppressWarnings("unchecked")
  private Staged stage(int k) {
    byte[] sid = new byte[32];
    rng.nextBytes(sid);
    Map<PartyId, Round<EcdsaSignature>> current = new TreeMap<>();
    Map<PartyId, List<Outgoing>> outbox = new TreeMap<>();
    protocols(sid).forEach((id, p) -> {
      RoundOutcome.Next<EcdsaSignature> next = p.start(rng);
      current.put(id, next.next());
      outbox.put(id, next.outgoing());
    });
    for (int round = 1; ; round++) {
      Map<PartyId, Map<PartyId, byte[]>> inboxes = new TreeMap<>();
      for (PartyId to : signers) {
        Map<PartyId, byte[]> inbox = new TreeMap<>();
        for (PartyId from : signers) {
          if (!from.equals(to)) {
            inbox.put(from, payloadFor(outbox.get(from), to));
          }
        }
        inboxes.put(to, inbox);
      }
      PartyId first = signers.get(0);
      if (round == k) {
        return new Staged(current.get(first), inboxes.get(first));
      }
      for (PartyId signer : signers) {
        RoundOutcome.Next<EcdsaSignature> next = (RoundOutcome.Next<EcdsaSignature>)
            current.get(signer).finish(inboxes.get(signer), rng);
        current.put(signer, next.next());
        outbox.put(signer, next.outgoing());
      }
    }
  }

  private static byte[] payloadFor(List<Outgoing> outgoing, PartyId to) {
    for (Outgoing o : outgoing) {
      if (o.to().isEmpty() || o.to().get().equals(to)) {
        return o.payload();
      }
    }
    throw new IllegalStateException("no message for " + to);
  }

  /** The whole signature: every signer's three rounds and finish, verified. */
  @Benchmark
  public Object wholeSignature() {
    byte[] sid = new byte[32];
    rng.nextBytes(sid);
    LocalSimulation.Outcome<EcdsaSignature> outcome =
        new LocalSimulation<>(protocols(sid)).run(rng);
    if (!outcome.succeeded()) {
      throw new IllegalStateException(outcome.aborts().toString());
    }
    return outcome.results();
  }

  /** Round 1 of one signer: instance key, commitment, OT-extension receiver message. */
  @Benchmark
  public Object round1() {
    byte[] sid = new byte[32];
    rng.nextBytes(sid);
    return new Dkls23Sign(shares.get(signers.get(0)), sid, signers, digest).start(rng);
  }

  /** Round 2 of one signer: OT-extension check, multiplication as sender, Γ, ψ. */
  @Benchmark
  public Object round2(Rounds rounds) {
    return rounds.round1.finish(rounds.round1Inbox, rng);
  }

  /** Round 3 of one signer: opening, multiplication as receiver, consistency checks, (u, w). */
  @Benchmark
  public Object round3(Rounds rounds) {
    return rounds.round2.finish(rounds.round2Inbox, rng);
  }

  /** The finish of one signer: s = Σw/Σu, low S, recovery id, verification. */
  @Benchmark
  public Object finish(Rounds rounds) {
    return rounds.round3.finish(rounds.round3Inbox, rng);
  }
}
