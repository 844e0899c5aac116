package io.mpcium.benchmarks;

import io.mpcium.crypto.GroupElement;
import io.mpcium.crypto.InvalidEncodingException;
import io.mpcium.crypto.Scalar;
import io.mpcium.crypto.secp256k1.Secp256k1FixedBase;
import io.mpcium.crypto.secp256k1.Secp256k1Group;
import io.mpcium.crypto.secp256k1.Secp256k1HashToCurve;
import java.security.SecureRandom;
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
 * secp256k1 group primitives: constant-time {@code k·G} and {@code k·P} with a secret scalar, the
 * variable-time {@code k·P} for public scalars, strict decoding of a compressed point, RFC 9380
 * hash to curve, and fixed-point multiplication with precomputed tables (and their cost).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class Secp256k1Benchmark {
  private final Secp256k1Group group = Secp256k1Group.INSTANCE;
  private final SecureRandom rng = new SecureRandom();
  private final Secp256k1HashToCurve h2c =
      new Secp256k1HashToCurve("MPCIUM-BENCH-V01-secp256k1_XMD:SHA-256_SSWU_RO_");
  private final byte[] message = new byte[32];
  private Scalar scalar;
  private GroupElement point;
  private byte[] encoded;
  private Secp256k1FixedBase fixedBase;

  /** A fresh random scalar and point for every iteration. */
  @Setup(Level.Iteration)
  public void fresh() {
    scalar = group.scalarField().random(rng);
    point = group.mulBase(group.scalarField().random(rng));
    encoded = point.encode();
    rng.nextBytes(message);
    fixedBase = Secp256k1FixedBase.of(point);
  }

  /** Constant-time {@code k·G}. */
  @Benchmark
  public GroupElement mulBase() {
    return group.mulBase(scalar);
  }

  /** Constant-time {@code k·P} for a secret {@code k} and an arbitrary point. */
  @Benchmark
  public GroupElement mul() {
    return group.mul(point, scalar);
  }

  /** Variable-time {@code k·P}, for public scalars. */
  @Benchmark
  public GroupElement mulVartime() {
    return group.mulVartime(point, scalar);
  }

  /** Strict decoding of a 33-byte compressed point. */
  @Benchmark
  public GroupElement decode() throws InvalidEncodingException {
    return group.decodeElement(encoded);
  }

  /** RFC 9380 hash_to_curve of a 32-byte message. */
  @Benchmark
  public GroupElement hashToCurve() {
    return h2c.hash(message);
  }

  /** Constant-time {@code k·P} for a point with precomputed tables (as in the base OT). */
  @Benchmark
  public GroupElement fixedBaseMul() {
    return fixedBase.mul(scalar);
  }

  /** Building the tables for one point. */
  @Benchmark
  public Secp256k1FixedBase fixedBaseTables() {
    return Secp256k1FixedBase.of(point);
  }
}
