package io.mpcium.benchmarks;

import io.mpcium.PartyId;
import io.mpcium.TaprootTweak;
import io.mpcium.protocol.LocalSimulation;
import io.mpcium.protocol.Round;
import io.mpcium.protocol.RoundOutcome;
import io.mpcium.protocol.dkg.KeyShare;
import io.mpcium.protocol.frost.Ed25519Sha512;
import io.mpcium.protocol.frost.FrostSign;
import io.mpcium.protocol.frost.Secp256k1Taproot;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * FROST signing with every signer in one thread and no network: each round of one signer, and
 * the whole protocol for all {@code t} signers. Parameters are {@code t-of-n} and the scheme:
 * {@code ed25519} (FROST(Ed25519, SHA-512)), {@code schnorr} (BIP340 over secp256k1 under the
 * x-only key) and {@code schnorr-taproot} (BIP340 for the BIP86 key-path output key).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class FrostSigningBenchmark {
  @Param({"2-of-3", "3-of-5", "5-of-9"})
  public String config;

  @Param({"ed25519", "schnorr", "schnorr-taproot"})
  public String scheme;

  private final SecureRandom rng = new SecureRandom();
  private final byte[] message = new byte[32];
  private Map<PartyId, KeyShare> shares;
  private List<PartyId> signers;


  @Setup(Level.Trial)
  public void keygen() {
    List<PartyId> parties = Committees.parties(config);
    int t = Committees.threshold(config);
    shares = Committees.keygen(scheme.equals("ed25519") ? Ed25519Sha512.INSTANCE
        : Secp256k1Taproot.INSTANCE, parties, t, rng);
    signers = parties.subList(0, t);
    rng.nextBytes(message);
  }

  private FrostSign protocol(PartyId signer) {
    return switch (scheme) {
      case "ed25519" ->
          new FrostSign(Ed25519Sha512.INSTANCE, shares.get(signer), signers, message);
      case "schnorr" -> FrostSign.bip340(shares.get(signer), signers, message, Optional.empty());
      default -> FrostSign.bip340(shares.get(signer), signers, message,
          Optional.of(TaprootTweak.keyPathOnly()));
    };
  }

  private Map<PartyId, FrostSign> protocols() {
    Map<PartyId, FrostSign> protocols = new TreeMap<>();
    for (PartyId signer : signers) {
      protocols.put(signer, protocol(signer));
    }
    return protocols;
  }

  /**
   * Round-2 and aggregation inputs, rebuilt before each invocation (rounds are single-use). A
   * state of its own, so that only the round benchmarks pay for preparing it (JMH leaves it out
   * of their time, but not out of the process's CPU time).
   */
  @State(Scope.Thread)
  public static class Rounds {
    Round<byte[]> commitmentRound;
    Map<PartyId, byte[]> commitments;
    Round<byte[]> shareRound;
    Map<PartyId, byte[]> signatureShares;

    @Setup(Level.Invocation)
    public void prepare(FrostSigningBenchmark benchmark) {
      Map<PartyId, Round<byte[]>> round1 = new TreeMap<>();
      Map<PartyId, byte[]> broadcasts1 = new TreeMap<>();
      benchmark.protocols().forEach((id, protocol) -> {
        RoundOutcome.Next<byte[]> next = protocol.start(benchmark.rng);
        round1.put(id, next.next());
        broadcasts1.put(id, next.outgoing().get(0).payload());
      });
      PartyId first = benchmark.signers.get(0);
      commitments = others(broadcasts1, first);
      Map<PartyId, Round<byte[]>> round2 = new TreeMap<>();
      Map<PartyId, byte[]> broadcasts2 = new TreeMap<>();
      for (PartyId id : benchmark.signers) {
        RoundOutcome.Next<byte[]> next = (RoundOutcome.Next<byte[]>) round1.get(id)
            .finish(others(broadcasts1, id), benchmark.rng);
        round2.put(id, next.next());
        broadcasts2.put(id, next.outgoing().get(0).payload());
      }
      // Fresh round-1 state for the round-2 benchmark (the one above has been used).
      commitmentRound = benchmark.protocols().get(first).start(benchmark.rng).next();
      shareRound = round2.get(first);
      signatureShares = others(broadcasts2, first);
    }
  }

  private static Map<PartyId, byte[]> others(Map<PartyId, byte[]> all, PartyId self) {
    Map<PartyId, byte[]> rest = new TreeMap<>(all);
    rest.remove(self);
    return rest;
  }

  /** The whole protocol: every signer's two rounds and aggregation, verified signature out. */
  @Benchmark
  public Object wholeSignature() {
    LocalSimulation.Outcome<byte[]> outcome = new LocalSimulation<>(protocols()).run(rng);
    if (!outcome.succeeded()) {
      throw new IllegalStateException(outcome.aborts().toString());
    }
    return outcome.results();
  }

  /** Round 1 of one signer: hedged nonces and their commitments. */
  @Benchmark
  public Object round1Commit() {
    return protocol(signers.get(0)).start(rng);
  }

  /**
   * Round 2 of one signer: decode commitments, binding factors, group commitment, challenge,
   * signature share. (Input decoding and validation included; commitments are mismatched with
   * this signer's fresh nonces, which does not change the work done.)
   */
  @Benchmark
  public Object round2SignShare(Rounds rounds) {
    return rounds.commitmentRound.finish(rounds.commitments, rng);
  }

  /** Aggregation by one signer: sum the shares and verify the signature (RFC 8032 or BIP340). */
  @Benchmark
  public Object aggregateAndVerify(Rounds rounds) {
    return rounds.shareRound.finish(rounds.signatureShares, rng);
  }
}
