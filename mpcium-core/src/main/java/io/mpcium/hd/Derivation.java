package io.mpcium.hd;

import io.mpcium.crypto.GroupElement;
import io.mpcium.crypto.Scalar;
import java.util.Objects;

/**
 * The outcome of deriving along a path: the child point {@code P + tweak·G}, the child's chain
 * code and the total tweak, the sum of every level's {@code I_L}. Adding {@code tweak} to every
 * Shamir share of {@code P} gives shares of the child key (Lagrange coefficients sum to one).
 * Public values only. Immutable.
 */
public record Derivation(GroupElement point, byte[] chainCode, Scalar tweak) {

  public Derivation {
    Objects.requireNonNull(point, "point");
    Objects.requireNonNull(tweak, "tweak");
    chainCode = chainCode.clone();
  }

  @Override
  public byte[] chainCode() {
    return chainCode.clone();
  }
}
