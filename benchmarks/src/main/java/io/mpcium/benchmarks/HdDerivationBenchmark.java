package io.mpcium.benchmarks;

import io.mpcium.KeyScheme;
import io.mpcium.PartyId;
import io.mpcium.crypto.secp256k1.Bip340;
import io.mpcium.hd.ChildKey;
import io.mpcium.hd.DerivationPath;
import io.mpcium.hd.HdDerivation;
import io.mpcium.protocol.dkg.KeyShare;
import io.mpcium.protocol.frost.Ed25519Sha512;
import io.mpcium.protocol.frost.Secp256k1Sha256;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
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
 * HD child keys: deriving a child public key from the wallet key and chain code (what a client
 * does offline and every signer does before signing; BIP32 CKDpub for secp256k1 and BIP340,
 * Mpcium's scheme for Ed25519), and moving one party's 2-of-3 share to the child key (δ added
 * to the share, δ·G to the key and every verifying share). Derive plus move is the work a
 * derived signature adds per signer.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class HdDerivationBenchmark {
  private static final DerivationPath ETHEREUM = DerivationPath.of(44, 60, 0, 0, 7);
  private static final DerivationPath SOLANA = DerivationPath.of(44, 501, 0, 0);
  private final byte[] chainCode = new byte[32];
  private KeyShare ed25519Share;
  private KeyShare secp256k1Share;
  private byte[] ed25519Key;
  private byte[] secp256k1Key;
  private byte[] schnorrKey;
  private ChildKey ed25519Child;
  private ChildKey secp256k1Child;

  @Setup
  public void keys() {
    SecureRandom rng = new SecureRandom();
    rng.nextBytes(chainCode);
    List<PartyId> parties = Committees.parties("2-of-3");
    Map<PartyId, KeyShare> ed = Committees.keygen(Ed25519Sha512.INSTANCE, parties, 2, rng);
    Map<PartyId, KeyShare> secp = Committees.keygen(Secp256k1Sha256.INSTANCE, parties, 2, rng);
    ed25519Share = ed.get(parties.get(0));
    secp256k1Share = secp.get(parties.get(0));
    ed25519Key = ed25519Share.publicKey().encode();
    secp256k1Key = secp256k1Share.publicKey().encode();
    schnorrKey = Bip340.xOnly(secp256k1Share.publicKey());
    ed25519Child = HdDerivation.derive(KeyScheme.ED25519, ed25519Key, chainCode, SOLANA);
    secp256k1Child = HdDerivation.derive(KeyScheme.SECP256K1, secp256k1Key, chainCode, ETHEREUM);
  }

  /** BIP32 CKDpub along m/44/60/0/0/7 (5 levels) from a compressed key. */
  @Benchmark
  public ChildKey deriveSecp256k1() {
    return HdDerivation.derive(KeyScheme.SECP256K1, secp256k1Key, chainCode, ETHEREUM);
  }

  /** Mpcium's Ed25519 derivation along m/44/501/0/0 (4 levels). */
  @Benchmark
  public ChildKey deriveEd25519() {
    return HdDerivation.derive(KeyScheme.ED25519, ed25519Key, chainCode, SOLANA);
  }

  /** BIP32 CKDpub along m/44/60/0/0/7 from an x-only key (lift_x first). */
  @Benchmark
  public ChildKey deriveSchnorr() {
    return HdDerivation.derive(KeyScheme.SCHNORR, schnorrKey, chainCode, ETHEREUM);
  }

  /** One party's Ed25519 share moved to the child key (2-of-3). */
  @Benchmark
  public KeyShare childShareEd25519() {
    return ed25519Share.tweak(ed25519Child.tweak());
  }

  /** One party's secp256k1 share moved to the child key (2-of-3; DKLs23 does the same). */
  @Benchmark
  public KeyShare childShareSecp256k1() {
    return secp256k1Share.tweak(secp256k1Child.tweak());
  }
}
