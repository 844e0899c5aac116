package io.mpcium.protocol.frost;

import io.mpcium.crypto.GroupElement;
import io.mpcium.crypto.Scalar;
import java.security.SecureRandom;

/**
 * One signer's nonce pair {@code (d, e)} and its commitments {@code (D, E)} for exactly one
 * signature (RFC 9591 §5.1). The nonces are hedged with the signing share, as the RFC requires.
 *
 * <p>Single use: {@link #sign} consumes and destroys the nonces, and a second call throws, so a
 * nonce can never sign twice. Not thread-safe. {@link #toString()} shows only the commitments.
 */
public final class SigningNonces {
  private final Scalar hiding;
  private final Scalar binding;
  private final GroupElement hidingCommitment;
  private final GroupElement bindingCommitment;
  private boolean used;

  private SigningNonces(Scalar hiding, Scalar binding, GroupElement hidingCommitment,
      GroupElement bindingCommitment) {
    this.hiding = hiding;
    this.binding = binding;
    this.hidingCommitment = hidingCommitment;
    this.bindingCommitment = bindingCommitment;
  }

  /** Draws fresh nonces: {@code nonce_generate} with 32 random bytes each. */
  public static SigningNonces generate(Ciphersuite suite, Scalar secretShare, SecureRandom rng) {
    byte[] hidingRandom = new byte[32];
    byte[] bindingRandom = new byte[32];
    rng.nextBytes(hidingRandom);
    rng.nextBytes(bindingRandom);
    return fromRandomness(suite, secretShare, hidingRandom, bindingRandom);
  }

  /** Nonces from given randomness: only for known-answer tests (RFC 9591 Appendix E). */
  public static SigningNonces fromRandomness(Ciphersuite suite, Scalar secretShare,
      byte[] hidingRandom, byte[] bindingRandom) {
    Scalar d = Frost.nonceGenerate(suite, hidingRandom, secretShare);
    Scalar e = Frost.nonceGenerate(suite, bindingRandom, secretShare);
    java.util.Arrays.fill(hidingRandom, (byte) 0);
    java.util.Arrays.fill(bindingRandom, (byte) 0);
    return new SigningNonces(d, e, suite.group().mulBase(d), suite.group().mulBase(e));
  }

  public GroupElement hidingCommitment() {
    return hidingCommitment;
  }

  public GroupElement bindingCommitment() {
    return bindingCommitment;
  }

  /** Computes this signer's share {@code z_i} and destroys the nonces. */
  public Scalar sign(Scalar bindingFactor, Scalar lambda, Scalar secretShare, Scalar challenge) {
    return sign(bindingFactor, lambda, secretShare, challenge, false);
  }

  /**
   * Computes this signer's share {@code z_i}, with the nonces negated when {@code negateNonces}
   * (BIP340: the group commitment has odd Y), and destroys the nonces.
   */
  public Scalar sign(Scalar bindingFactor, Scalar lambda, Scalar secretShare, Scalar challenge,
      boolean negateNonces) {
    if (used) {
      throw new IllegalStateException("signing nonces were already used; a nonce signs once");
    }
    used = true;
    try {
      return Frost.signShare(hiding, binding, bindingFactor, lambda, secretShare, challenge,
          negateNonces);
    } finally {
      destroy();
    }
  }

  /** Destroys the nonces without signing (for an aborted session). */
  public void destroy() {
    used = true;
    hiding.destroy();
    binding.destroy();
  }

  @Override
  public String toString() {
    return "SigningNonces[D=" + java.util.HexFormat.of().formatHex(hidingCommitment.encode())
        + ", E=" + java.util.HexFormat.of().formatHex(bindingCommitment.encode())
        + ", nonces=<redacted>]";
  }
}
