package io.mpcium.crypto;

import java.util.List;

/** Lagrange interpolation at zero over public identifiers. Stateless. */
public final class Lagrange {
  private Lagrange() { }

  /**
   * {@code λ_i = Π_{j≠i} x_j / (x_j − x_i)} over {@code identifiers}, which must be distinct,
   * nonzero and contain {@code x}.
   */
  public static Scalar coefficientAtZero(Scalar x, List<Scalar> identifiers) {
    ScalarField field = x.field();
    Scalar numerator = field.one();
    Scalar denominator = field.one();
    boolean found = false;
    for (Scalar xj : identifiers) {
      if (xj.ctEquals(x)) {
        if (found) {
          throw new IllegalArgumentException("duplicate identifier");
        }
        found = true;
        continue;
      }
      numerator = numerator.mul(xj);
      denominator = denominator.mul(xj.sub(x));
    }
    if (!found) {
      throw new IllegalArgumentException("identifier is not in the set");
    }
    if (denominator.isZero()) {
      throw new IllegalArgumentException("identifiers are not distinct");
    }
    return numerator.mul(denominator.invert());
  }
}
