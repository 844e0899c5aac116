package io.mpcium.crypto;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * A secret polynomial {@code f(x) = a_0 + a_1·x + ... + a_{t-1}·x^{t-1}} over a scalar field, for
 * Shamir and Feldman sharing, and the public evaluation of its commitments {@code φ_k = a_k·G}.
 *
 * <p>Evaluation is constant time in the coefficients. Not thread-safe; {@link #destroy()} wipes
 * the coefficients.
 */
public final class Polynomial {
  private final List<Scalar> coefficients;

  private Polynomial(List<Scalar> coefficients) {
    this.coefficients = coefficients;
  }

  /** A random polynomial of degree {@code degree} with the given constant term. */
  public static Polynomial random(Scalar constant, int degree, SecureRandom rng) {
    if (degree < 0) {
      throw new IllegalArgumentException("degree must not be negative");
    }
    List<Scalar> coefficients = new ArrayList<>(degree + 1);
    coefficients.add(constant);
    for (int i = 0; i < degree; i++) {
      coefficients.add(constant.field().random(rng));
    }
    return new Polynomial(coefficients);
  }

  /** A polynomial with the given coefficients, constant term first (kept, not copied). */
  public static Polynomial of(List<Scalar> coefficients) {
    if (coefficients.isEmpty()) {
      throw new IllegalArgumentException("a polynomial needs at least one coefficient");
    }
    return new Polynomial(new ArrayList<>(coefficients));
  }

  public Scalar constant() {
    return coefficients.get(0);
  }

  /** {@code f(x)} by Horner's rule. */
  public Scalar evaluate(Scalar x) {
    Scalar value = coefficients.get(coefficients.size() - 1);
    for (int k = coefficients.size() - 2; k >= 0; k--) {
      value = value.mul(x).add(coefficients.get(k));
    }
    return value;
  }

  /** The Feldman commitments {@code a_k·G}. */
  public List<GroupElement> commit(Group group) {
    List<GroupElement> commitments = new ArrayList<>(coefficients.size());
    for (Scalar coefficient : coefficients) {
      commitments.add(group.mulBase(coefficient));
    }
    return commitments;
  }

  /** {@code Σ x^k·φ_k}: the public image {@code f(x)·G} of a committed polynomial. */
  public static GroupElement evaluateCommitments(Group group, List<GroupElement> commitments,
      Scalar x) {
    List<Scalar> powers = new ArrayList<>(commitments.size());
    Scalar power = group.scalarField().one();
    for (int k = 0; k < commitments.size(); k++) {
      powers.add(power);
      power = power.mul(x);
    }
    return group.multiScalarMulVartime(powers, commitments);
  }

  public void destroy() {
    coefficients.forEach(Scalar::destroy);
  }

  @Override
  public String toString() {
    return "Polynomial[degree " + (coefficients.size() - 1) + ", coefficients=<redacted>]";
  }
}
