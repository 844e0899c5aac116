package io.mpcium.protocol.frost;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mpcium.crypto.Group;
import io.mpcium.crypto.GroupElement;
import io.mpcium.crypto.Lagrange;
import io.mpcium.crypto.Scalar;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RFC 9591 Appendix E.1 (FROST(Ed25519, SHA-512)), checked byte for byte. */
class FrostVectorsTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final Ciphersuite SUITE = Ed25519Sha512.INSTANCE;
  private static final Group GROUP = SUITE.group();
  private static JsonNode vectors;

  @BeforeAll
  static void load() throws Exception {
    try (InputStream in = FrostVectorsTest.class.getResourceAsStream(
        "/vectors/frost-ed25519/rfc9591-e1.json")) {
      vectors = new ObjectMapper().readTree(in);
    }
  }

  private static byte[] hex(JsonNode node) {
    return HEX.parseHex(node.asText());
  }

  private static Scalar scalar(JsonNode node) throws Exception {
    return GROUP.decodeScalar(hex(node));
  }

  private static Scalar id(int identifier) {
    return GROUP.scalarField().of(identifier);
  }

  private static Scalar share(int identifier) throws Exception {
    for (JsonNode share : vectors.at("/inputs/participant_shares")) {
      if (share.get("identifier").asInt() == identifier) {
        return scalar(share.get("participant_share"));
      }
    }
    throw new AssertionError("no share for " + identifier);
  }

  @Test
  void groupKeyAndSharesFollowFromTheSecretAndPolynomial() throws Exception {
    Scalar secret = scalar(vectors.at("/inputs/group_secret_key"));
    Scalar a1 = scalar(vectors.at("/inputs/share_polynomial_coefficients/0"));
    assertThat(HEX.formatHex(GROUP.mulBase(secret).encode()))
        .isEqualTo(vectors.at("/inputs/group_public_key").asText());
    for (int i = 1; i <= 3; i++) {
      assertThat(HEX.formatHex(GROUP.encodeScalar(secret.add(a1.mul(id(i))))))
          .isEqualTo(HEX.formatHex(GROUP.encodeScalar(share(i))));
    }
  }

  @Test
  void roundOneNoncesCommitmentsAndBindingFactorsMatch() throws Exception {
    GroupElement publicKey = GROUP.decodeElement(hex(vectors.at("/inputs/group_public_key")));
    byte[] message = hex(vectors.at("/inputs/message"));
    List<Frost.Commitment> commitments = new ArrayList<>();
    for (JsonNode output : vectors.at("/round_one_outputs/outputs")) {
      int identifier = output.get("identifier").asInt();
      Scalar d = Frost.nonceGenerate(SUITE, hex(output.get("hiding_nonce_randomness")),
          share(identifier));
      Scalar e = Frost.nonceGenerate(SUITE, hex(output.get("binding_nonce_randomness")),
          share(identifier));
      assertThat(HEX.formatHex(GROUP.encodeScalar(d)))
          .isEqualTo(output.get("hiding_nonce").asText());
      assertThat(HEX.formatHex(GROUP.encodeScalar(e)))
          .isEqualTo(output.get("binding_nonce").asText());
      assertThat(HEX.formatHex(GROUP.mulBase(d).encode()))
          .isEqualTo(output.get("hiding_nonce_commitment").asText());
      assertThat(HEX.formatHex(GROUP.mulBase(e).encode()))
          .isEqualTo(output.get("binding_nonce_commitment").asText());
      commitments.add(new Frost.Commitment(id(identifier), GROUP.mulBase(d), GROUP.mulBase(e)));
    }
    List<Scalar> factors = Frost.computeBindingFactors(SUITE, publicKey, commitments, message);
    int i = 0;
    for (JsonNode output : vectors.at("/round_one_outputs/outputs")) {
      assertThat(HEX.formatHex(Frost.bindingFactorInput(SUITE, publicKey, commitments, message,
          commitments.get(i).identifier())))
          .isEqualTo(output.get("binding_factor_input").asText());
      assertThat(HEX.formatHex(GROUP.encodeScalar(factors.get(i))))
          .isEqualTo(output.get("binding_factor").asText());
      i++;
    }
  }

  @Test
  void signatureSharesAndAggregateSignatureMatchAndVerify() throws Exception {
    GroupElement publicKey = GROUP.decodeElement(hex(vectors.at("/inputs/group_public_key")));
    byte[] message = hex(vectors.at("/inputs/message"));
    List<Frost.Commitment> commitments = new ArrayList<>();
    List<SigningNonces> nonces = new ArrayList<>();
    List<Integer> ids = new ArrayList<>();
    for (JsonNode output : vectors.at("/round_one_outputs/outputs")) {
      int identifier = output.get("identifier").asInt();
      SigningNonces n = SigningNonces.fromRandomness(SUITE, share(identifier),
          hex(output.get("hiding_nonce_randomness")), hex(output.get("binding_nonce_randomness")));
      nonces.add(n);
      ids.add(identifier);
      commitments.add(new Frost.Commitment(id(identifier), n.hidingCommitment(),
          n.bindingCommitment()));
    }
    List<Scalar> factors = Frost.computeBindingFactors(SUITE, publicKey, commitments, message);
    GroupElement r = Frost.computeGroupCommitment(GROUP, commitments, factors);
    Scalar c = Frost.computeChallenge(SUITE, r, publicKey, message);
    List<Scalar> identifiers = commitments.stream().map(Frost.Commitment::identifier).toList();
    Scalar z = GROUP.scalarField().zero();
    JsonNode expectedShares = vectors.at("/round_two_outputs/outputs");
    for (int i = 0; i < ids.size(); i++) {
      Scalar lambda = Lagrange.coefficientAtZero(identifiers.get(i), identifiers);
      Scalar zi = nonces.get(i).sign(factors.get(i), lambda, share(ids.get(i)), c);
      assertThat(HEX.formatHex(GROUP.encodeScalar(zi)))
          .isEqualTo(expectedShares.get(i).get("sig_share").asText());
      assertThat(Frost.verifySignatureShare(GROUP, commitments.get(i), factors.get(i), lambda,
          GROUP.mulBase(share(ids.get(i))), c, zi)).isTrue();
      z = z.add(zi);
    }
    byte[] signature = SUITE.encodeSignature(r, z);
    assertThat(HEX.formatHex(signature)).isEqualTo(vectors.at("/final_output/sig").asText());
    assertThat(Ed25519.verify(signature, 0, publicKey.encode(), 0, message, 0, message.length))
        .isTrue();
  }

  @Test
  void aNonceSignsOnlyOnce() throws Exception {
    JsonNode output = vectors.at("/round_one_outputs/outputs/0");
    SigningNonces n = SigningNonces.fromRandomness(SUITE, share(1),
        hex(output.get("hiding_nonce_randomness")), hex(output.get("binding_nonce_randomness")));
    Scalar one = GROUP.scalarField().one();
    n.sign(one, one, share(1), one);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> n.sign(one, one, share(1), one))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already used");
  }
}
