package io.mpcium.benchmarks;

import io.mpcium.KeyScheme;
import io.mpcium.PartyId;
import io.mpcium.hd.ChildKey;
import io.mpcium.hd.DerivationPath;
import io.mpcium.hd.HdDerivation;
import io.mpcium.internal.codec.MalformedMessageException;
import io.mpcium.protocol.LocalSimulation;
import io.mpcium.protocol.Protocol;
import io.mpcium.protocol.dkg.KeyShare;
import io.mpcium.protocol.dkls23.Dkls23KeyShare;
import io.mpcium.protocol.dkls23.Dkls23Sign;
import io.mpcium.protocol.frost.Ed25519Sha512;
import io.mpcium.protocol.frost.FrostSign;
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
 * Whole signing with a child key at m/44/60/0/0/7 next to the same signing with the master key,
 * all t signers in one thread and no network, so the HD overhead is the difference. For the
 * child each signer does what a node does for a request with a derivation path: the default
 * chain code, the child key (BIP32 CKDpub for secp256k1, Mpcium's derivation for Ed25519), the
 * check that it belongs to the share's key, the share moved to it, then signing (whose
 * aggregation verifies under the child key). FROST(Ed25519, SHA-512) and DKLs23 ECDSA.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class HdSigningBenchmark {
  private static final DerivationPath PATH = DerivationPath.of(44, 60, 0, 0, 7);

  /** {@code t-of-n}: t signers of an n-party key. */
  @Param({"2-of-3", "3-of-5", "5-of-9"})
  public String config;

  private final SecureRandom rng = new SecureRandom();
  private final byte[] message = new byte[32];
  private List<PartyId> parties;
  private List<PartyId> signers;
  private int threshold;

  @Setup(Level.Trial)
  public void committee() {
    parties = Committees.parties(config);
    threshold = Committees.threshold(config);
    signers = parties.subList(0, threshold);
    rng.nextBytes(message);
  }

  /** The Ed25519 key, generated only for the benchmarks that use it. */
  @State(Scope.Thread)
  public static class Ed25519Key {
    Map<PartyId, KeyShare> shares;

    @Setup(Level.Trial)
    public void keygen(HdSigningBenchmark benchmark) {
      shares = Committees.keygen(benchmark.parties, benchmark.threshold, benchmark.rng);
    }
  }

  /**
   * The DKLs23 key. Moving a DKLs23 share to a child consumes it, as loading a share from the
   * store for each request does, so every invocation gets freshly decoded copies of the
   * signers' shares (master and child alike). JMH leaves this out of the wall time, not out of
   * the CPU time.
   */
  @State(Scope.Thread)
  public static class Dkls23Key {
    Map<PartyId, byte[]> encoded;
    Map<PartyId, Dkls23KeyShare> copies;

    @Setup(Level.Trial)
    public void keygen(HdSigningBenchmark benchmark) {
      encoded = new TreeMap<>();
      Committees.ecdsaKeygen(benchmark.parties, benchmark.threshold, benchmark.rng)
          .forEach((party, share) -> {
            encoded.put(party, share.encode());
            share.destroy();
          });
    }

    @Setup(Level.Invocation)
    public void copy(HdSigningBenchmark benchmark) throws MalformedMessageException {
      copies = new TreeMap<>();
      for (PartyId signer : benchmark.signers) {
        copies.put(signer, Dkls23KeyShare.decode(encoded.get(signer)));
      }
    }
  }

  /** FROST Ed25519 with the master key. */
  @Benchmark
  public Object wholeMasterEd25519(Ed25519Key key) {
    Map<PartyId, FrostSign> protocols = new TreeMap<>();
    for (PartyId signer : signers) {
      protocols.put(signer, new FrostSign(Ed25519Sha512.INSTANCE, key.shares.get(signer),
          signers, message));
    }
    return run(protocols);
  }

  /** FROST Ed25519 with the child key: every signer derives and moves its share, then signs. */
  @Benchmark
  public Object wholeChildEd25519(Ed25519Key key) {
    Map<PartyId, FrostSign> protocols = new TreeMap<>();
    for (PartyId signer : signers) {
      KeyShare master = key.shares.get(signer);
      ChildKey child = child(KeyScheme.ED25519, master.publicKey().encode());
      KeyShare share = master.tweak(child.tweak());
      if (!share.publicKey().equals(child.point())) {
        throw new IllegalStateException("child share of " + signer + " is not on the child key");
      }
      protocols.put(signer, new FrostSign(Ed25519Sha512.INSTANCE, share, signers, message));
    }
    return run(protocols);
  }

  /** DKLs23 ECDSA with the master key. */
  @Benchmark
  public Object wholeMasterDkls23(Dkls23Key key) {
    return run(dkls23(key.copies));
  }

  /** DKLs23 ECDSA with the child key: every signer derives and moves its share, then signs. */
  @Benchmark
  public Object wholeChildDkls23(Dkls23Key key) {
    Map<PartyId, Dkls23KeyShare> children = new TreeMap<>();
    key.copies.forEach((signer, master) -> {
      ChildKey child = child(KeyScheme.SECP256K1, master.publicKey().encode());
      if (!master.publicKey().add(master.publicKey().group().mulBase(child.tweak()))
          .equals(child.point())) {
        throw new IllegalStateException("child key of " + signer + " is not this share's");
      }
      children.put(signer, master.moveToChild(child.tweak()));
    });
    return run(dkls23(children));
  }

  private Map<PartyId, Dkls23Sign> dkls23(Map<PartyId, Dkls23KeyShare> shares) {
    byte[] sid = new byte[32];
    rng.nextBytes(sid);
    Map<PartyId, Dkls23Sign> protocols = new TreeMap<>();
    shares.forEach((signer, share) ->
        protocols.put(signer, new Dkls23Sign(share, sid, signers, message)));
    return protocols;
  }

  private static ChildKey child(KeyScheme scheme, byte[] publicKey) {
    return HdDerivation.derive(scheme, publicKey,
        HdDerivation.defaultChainCode(scheme, publicKey), PATH);
  }

  private <R> Map<PartyId, R> run(Map<PartyId, ? extends Protocol<R>> protocols) {
    LocalSimulation.Outcome<R> outcome = new LocalSimulation<>(protocols).run(rng);
    if (!outcome.succeeded()) {
      throw new IllegalStateException(outcome.aborts().toString());
    }
    return outcome.results();
  }
}
