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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * DKLs23 2-of-3 ECDSA signing over secp256k1 with both signers in one thread and no network:
 * the whole protocol for both signers, and each round of one signer (round 1: commitment and
 * OT-extension messages; round 2: OT-extension check and multiplication; round 3: multiplication
 * and consistency checks; finish: combination, low S, recovery id, verification).
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

  private Round<EcdsaSignature> round1;
  private Map<PartyId, byte[]> round1Inbox;
  private Round<EcdsaSignature> round2;
  private Map<PartyId, byte[]> round2Inbox;
  private Round<EcdsaSignature> round3;
  private Map<PartyId, byte[]> round3Inbox;

  @Setup(Level.Trial)
  public void keygen() {
    List<PartyId> parties = Committees.parties("2-of-3");
    shares = Committees.ecdsaKeygen(parties, 2, rng);
    signers = parties.subList(0, 2);
    rng.nextBytes(digest);
  }

  private Map<PartyId, Dkls23Sign> protocols(byte[] sessionId) {
    Map<PartyId, Dkls23Sign> protocols = new TreeMap<>();
    for (PartyId signer : signers) {
      protocols.put(signer, new Dkls23Sign(shares.get(signer), sessionId, signers, digest));
    }
    return protocols;
  }

  /** Fresh inputs for each benchmarked round of the first signer (rounds are single-use). */
  @Setup(Level.Invocation)
  public void prepareRounds() {
    Staged one = stage(1);
    round1 = one.round;
    round1Inbox = one.inbox;
    Staged two = stage(2);
    round2 = two.round;
    round2Inbox = two.inbox;
    Staged three = stage(3);
    round3 = three.round;
    round3Inbox = three.inbox;
  }

  private record Staged(Round<EcdsaSignature> round, Map<PartyId, byte[]> inbox) { }

  /** Runs both signers of a fresh session until the first signer is about to finish round k. */
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
    PartyId first = signers.get(0);
    PartyId second = signers.get(1);
    for (int round = 1; ; round++) {
      Map<PartyId, byte[]> toFirst = Map.of(second, payloadFor(outbox.get(second), first));
      Map<PartyId, byte[]> toSecond = Map.of(first, payloadFor(outbox.get(first), second));
      if (round == k) {
        return new Staged(current.get(first), toFirst);
      }
      RoundOutcome.Next<EcdsaSignature> a =
          (RoundOutcome.Next<EcdsaSignature>) current.get(first).finish(toFirst, rng);
      RoundOutcome.Next<EcdsaSignature> b =
          (RoundOutcome.Next<EcdsaSignature>) current.get(second).finish(toSecond, rng);
      current.put(first, a.next());
      current.put(second, b.next());
      outbox.put(first, a.outgoing());
      outbox.put(second, b.outgoing());
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

  /** The whole signature: both signers' three rounds and the finish, verified. */
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
  public Object round2() {
    return round1.finish(round1Inbox, rng);
  }

  /** Round 3 of one signer: opening, multiplication as receiver, consistency checks, (u, w). */
  @Benchmark
  public Object round3() {
    return round2.finish(round2Inbox, rng);
  }

  /** The finish of one signer: s = Σw/Σu, low S, recovery id, verification. */
  @Benchmark
  public Object finish() {
    return round3.finish(round3Inbox, rng);
  }
}
