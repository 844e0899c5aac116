package io.mpcium.protocol.dkls23;

import io.mpcium.crypto.GroupElement;
import io.mpcium.crypto.Scalar;
import io.mpcium.crypto.secp256k1.Secp256k1Group;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
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
 * The DKLs23 base-OT primitive that is package-private, hence this package: the fixed-point
 * multiplication of the base-OT sender's point.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class Dkls23PrimitivesBenchmark {
  private final SecureRandom rng = new SecureRandom();
  private Scalar scalar;
  private Function<Scalar, byte[]> fixedBase;

  /** A fresh message, scalar and fixed point for every iteration. */
  @Setup(Level.Iteration)
  public void fresh() {
    Secp256k1Group group = Secp256k1Group.INSTANCE;
    scalar = group.scalarField().random(rng);
    GroupElement point = group.mulBase(group.scalarField().random(rng));
    fixedBase = Secp256k1FixedBase.of(point);
  }

  /** {@code k·B} for the per-batch fixed point {@code B}, encoded. */
  @Benchmark
  public byte[] fixedBaseMul() {
    return fixedBase.apply(scalar);
  }
}
