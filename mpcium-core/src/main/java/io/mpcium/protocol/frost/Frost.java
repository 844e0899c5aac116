package io.mpcium.protocol.frost;

import io.mpcium.crypto.Group;
import io.mpcium.crypto.GroupElement;
import io.mpcium.crypto.Scalar;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The functions of RFC 9591 §4–5, over any {@link Ciphersuite}: nonce generation, binding
 * factors, group commitment, challenge, signature shares, share verification and aggregation.
 * Stateless and pure; the signing rounds in {@link FrostSign} are built from these.
 */
public final class Frost {
  private Frost() { }

  /** A signer's public nonce commitments, with its identifier (RFC 9591 §5.1). */
  public record Commitment(Scalar identifier, GroupElement hiding, GroupElement binding) { }

  /** RFC 9591 §4.1 nonce_generate: {@code H3(random_bytes || SerializeScalar(secret))}. */
  public static Scalar nonceGenerate(Ciphersuite suite, byte[] random32, Scalar secret) {
    if (random32.length != 32) {
      throw new IllegalArgumentException("nonce randomness must be 32 bytes");
    }
    byte[] secretBytes = suite.group().encodeScalar(secret);
    byte[] input = new byte[32 + secretBytes.length];
    System.arraycopy(random32, 0, input, 0, 32);
    System.arraycopy(secretBytes, 0, input, 32, secretBytes.length);
    Scalar nonce = suite.h3(input);
    java.util.Arrays.fill(input, (byte) 0);
    java.util.Arrays.fill(secretBytes, (byte) 0);
    return nonce;
  }

  /** RFC 9591 §4.3 encode_group_commitment_list; the list must be sorted by identifier. */
  public static byte[] encodeGroupCommitmentList(Group group, List<Commitment> commitments) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Commitment c : commitments) {
      out.writeBytes(group.encodeScalar(c.identifier()));
      out.writeBytes(c.hiding().encode());
      out.writeBytes(c.binding().encode());
    }
    return out.toByteArray();
  }

  /** The binding-factor input of one signer (RFC 9591 §4.4), exposed for test vectors. */
  public static byte[] bindingFactorInput(Ciphersuite suite, GroupElement publicKey,
      List<Commitment> commitments, byte[] message, Scalar identifier) {
    return concat(bindingPrefix(suite, publicKey, commitments, message),
        suite.group().encodeScalar(identifier));
  }

  /** RFC 9591 §4.4 compute_binding_factors: one factor per commitment, in list order. */
  public static List<Scalar> computeBindingFactors(Ciphersuite suite, GroupElement publicKey,
      List<Commitment> commitments, byte[] message) {
    byte[] prefix = bindingPrefix(suite, publicKey, commitments, message);
    List<Scalar> factors = new ArrayList<>(commitments.size());
    for (Commitment c : commitments) {
      factors.add(suite.h1(concat(prefix, suite.group().encodeScalar(c.identifier()))));
    }
    return factors;
  }

  /** RFC 9591 §4.5 compute_group_commitment: {@code Σ D_i + ρ_i·E_i} (public; variable time). */
  public static GroupElement computeGroupCommitment(Group group, List<Commitment> commitments,
      List<Scalar> bindingFactors) {
    List<Scalar> scalars = new ArrayList<>(2 * commitments.size());
    List<GroupElement> points = new ArrayList<>(2 * commitments.size());
    for (int i = 0; i < commitments.size(); i++) {
      scalars.add(group.scalarField().one());
      points.add(commitments.get(i).hiding());
      scalars.add(bindingFactors.get(i));
      points.add(commitments.get(i).binding());
    }
    return group.multiScalarMulVartime(scalars, points);
  }

  /** RFC 9591 §4.6 compute_challenge, as the ciphersuite defines it ({@code H2(R || PK || msg)}). */
  public static Scalar computeChallenge(Ciphersuite suite, GroupElement groupCommitment,
      GroupElement publicKey, byte[] message) {
    return suite.challenge(groupCommitment, publicKey, message);
  }

  /** RFC 9591 §5.2: {@code z_i = d_i + e_i·ρ_i + λ_i·s_i·c}. Constant time in the secrets. */
  public static Scalar signShare(Scalar hidingNonce, Scalar bindingNonce, Scalar bindingFactor,
      Scalar lambda, Scalar secretShare, Scalar challenge) {
    return signShare(hidingNonce, bindingNonce, bindingFactor, lambda, secretShare, challenge,
        false);
  }

  /**
   * {@link #signShare(Scalar, Scalar, Scalar, Scalar, Scalar, Scalar)} with the nonces negated
   * when {@code negateNonces} ({@code z_i = -(d_i + e_i·ρ_i) + λ_i·s_i·c}, BIP340's even-Y R).
   * {@code negateNonces} is public (it follows from R); the rest is constant time.
   */
  public static Scalar signShare(Scalar hidingNonce, Scalar bindingNonce, Scalar bindingFactor,
      Scalar lambda, Scalar secretShare, Scalar challenge, boolean negateNonces) {
    Scalar nonce = hidingNonce.add(bindingNonce.mul(bindingFactor));
    if (negateNonces) {
      nonce = nonce.negate();
    }
    return nonce.add(lambda.mul(secretShare).mul(challenge));
  }

  /** RFC 9591 §5.4 verify_signature_share: {@code z_i·G == D_i + ρ_i·E_i + (c·λ_i)·Y_i}. */
  public static boolean verifySignatureShare(Group group, Commitment commitment,
      Scalar bindingFactor, Scalar lambda, GroupElement verifyingShare, Scalar challenge,
      Scalar share) {
    return verifySignatureShare(group, commitment, bindingFactor, lambda, verifyingShare,
        challenge, share, false);
  }

  /**
   * As {@link #verifySignatureShare(Group, Commitment, Scalar, Scalar, GroupElement, Scalar,
   * Scalar)}, with the commitment negated when the signers negated their nonces: {@code z_i·G ==
   * -(D_i + ρ_i·E_i) + (c·λ_i)·Y_i}.
   */
  public static boolean verifySignatureShare(Group group, Commitment commitment,
      Scalar bindingFactor, Scalar lambda, GroupElement verifyingShare, Scalar challenge,
      Scalar share, boolean negateNonces) {
    Scalar one = group.scalarField().one();
    GroupElement lhs = group.mulVartime(group.generator(), share);
    GroupElement rhs = group.multiScalarMulVartime(
        List.of(negateNonces ? one.negate() : one,
            negateNonces ? bindingFactor.negate() : bindingFactor, challenge.mul(lambda)),
        List.of(commitment.hiding(), commitment.binding(), verifyingShare));
    return lhs.equals(rhs);
  }

  private static byte[] bindingPrefix(Ciphersuite suite, GroupElement publicKey,
      List<Commitment> commitments, byte[] message) {
    byte[] encodedList = encodeGroupCommitmentList(suite.group(), commitments);
    return concat(concat(publicKey.encode(), suite.h4(message)), suite.h5(encodedList));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
