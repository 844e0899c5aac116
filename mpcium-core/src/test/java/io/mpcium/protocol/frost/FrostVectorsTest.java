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
import java.util.stream.Stream;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 9591 Appendix E.1 (FROST(Ed25519, SHA-512)) and E.5 (FROST(secp256k1, SHA-256)), checked
 * byte for byte.
 */
class FrostVectorsTest {
  private static final HexFormat HEX = HexFormat.of();
  private Ciphersuite suite;
  private Group group;
  private JsonNode vectors;

  static Stream<String> suites() {
    return Stream.of("ed25519", "secp256k1");
  }

  private void load(String name) throws Exception {
    String resource = name.equals("ed25519")
        ? "/vectors/frost-ed25519/rfc9591-e1.json" : "/vectors/frost-secp256k1/rfc9591-e5.json";
    suite = name.equals("ed25519") ? Ed25519Sha512.INSTANCE : Secp256k1Sha256.INSTANCE;
    group = suite.group();
    try (InputStream in = FrostVectorsTest.class.getResourceAsStream(resource)) {
      vectors = new ObjectMapper().readTree(in);
    }
    assertThat(vectors.at("/config/group").asText()).isEqualTo(name);
  }

  private static byte[] hex(JsonNode node) {
    return HEX.parseHex(node.asText());
  }

  private Scalar scalar(JsonNode node) throws Exception {
    return group.decodeScalar(hex(node));
  }

  private Scalar id(int identifier) {
    return group.scalarField().of(identifier);
  }

  private Scalar share(int identifier) throws Exception {
    for (JsonNode share : vectors.at("/inputs/participant_shares")) {
      if (share.get("identifier").asInt() == identifier) {
        return scalar(share.get("participant_share"));
      }
    }
    throw new AssertionError("no share for " + identifier);
  }

  @ParameterizedTest
  @MethodSource("suites")
  void groupKeyAndSharesFollowFromTheSecretAndPolynomial(String name) throws Exception {
    load(name);
    Scalar secret = scalar(vectors.at("/inputs/group_secret_key"));
    Scalar a1 = scalar(vectors.at("/inputs/share_polynomial_coefficients/0"));
    assertThat(HEX.formatHex(group.mulBase(secret).encode()))
        .isEqualTo(vectors.at("/inputs/group_public_key").asText());
    for (int i = 1; i <= 3; i++) {
      assertThat(HEX.formatHex(group.encodeScalar(secret.add(a1.mul(id(i))))))
          .isEqualTo(HEX.formatHex(group.encodeScalar(share(i))));
    }
  }

  @ParameterizedTest
  @MethodSource("suites")
  void roundOneNoncesCommitmentsAndBindingFactorsMatch(String name) throws Exception {
    load(name);
    GroupElement publicKey = group.decodeElement(hex(vectors.at("/inputs/group_public_key")));
    byte[] message = hex(vectors.at("/inputs/message"));
    List<Frost.Commitment> commitments = new ArrayList<>();
    for (JsonNode output : vectors.at("/round_one_outputs/outputs")) {
      int identifier = output.get("identifier").asInt();
      Scalar d = Frost.nonceGenerate(suite, hex(output.get("hiding_nonce_randomness")),
          share(identifier));
      Scalar e = Frost.nonceGenerate(suite, hex(output.get("binding_nonce_randomness")),
          share(identifier));
      assertThat(HEX.formatHex(group.encodeScalar(d)))
          .isEqualTo(output.get("hiding_nonce").asText());
      assertThat(HEX.formatHex(group.encodeScalar(e)))
          .isEqualTo(output.get("binding_nonce").asText());
      assertThat(HEX.formatHex(group.mulBase(d).encode()))
          .isEqualTo(output.get("hiding_nonce_commitment").asText());
      assertThat(HEX.formatHex(group.mulBase(e).encode()))
          .isEqualTo(output.get("binding_nonce_commitment").asText());
      commitments.add(new Frost.Commitment(id(identifier), group.mulBase(d), group.mulBase(e)));
    }
    List<Scalar> factors = Frost.computeBindingFactors(suite, publicKey, commitments, message);
    int i = 0;
    for (JsonNode output : vectors.at("/round_one_outputs/outputs")) {
      assertThat(HEX.formatHex(Frost.bindingFactorInput(suite, publicKey, commitments, message,
          commitments.get(i).identifier())))
          .isEqualTo(output.get("binding_factor_input").asText());
      assertThat(HEX.formatHex(group.encodeScalar(factors.get(i))))
          .isEqualTo(output.get("binding_factor").asText());
      i++;
    }
  }

  @ParameterizedTest
  @MethodSource("suites")
  void signatureSharesAndAggregateSignatureMatchAndVerify(String name) throws Exception {
    load(name);
    GroupElement publicKey = group.decodeElement(hex(vectors.at("/inputs/group_public_key")));
    byte[] message = hex(vectors.at("/inputs/message"));
    List<Frost.Commitment> commitments = new ArrayList<>();
    List<SigningNonces> nonces = new ArrayList<>();
    List<Integer> ids = new ArrayList<>();
    for (JsonNode output : vectors.at("/round_one_outputs/outputs")) {
      int identifier = output.get("identifier").asInt();
      SigningNonces n = SigningNonces.fromRandomness(suite, share(identifier),
          hex(output.get("hiding_nonce_randomness")), hex(output.get("binding_nonce_randomness")));
      nonces.add(n);
      ids.add(identifier);
      commitments.add(new Frost.Commitment(id(identifier), n.hidingCommitment(),
          n.bindingCommitment()));
    }
    List<Scalar> factors = Frost.computeBindingFactors(suite, publicKey, commitments, message);
    GroupElement r = Frost.computeGroupCommitment(group, commitments, factors);
    Scalar c = Frost.computeChallenge(suite, r, publicKey, message);
    List<Scalar> identifiers = commitments.stream().map(Frost.Commitment::identifier).toList();
    Scalar z = group.scalarField().zero();
    JsonNode expectedShares = vectors.at("/round_two_outputs/outputs");
    for (int i = 0; i < ids.size(); i++) {
      Scalar lambda = Lagrange.coefficientAtZero(identifiers.get(i), identifiers);
      Scalar zi = nonces.get(i).sign(factors.get(i), lambda, share(ids.get(i)), c);
      assertThat(HEX.formatHex(group.encodeScalar(zi)))
          .isEqualTo(expectedShares.get(i).get("sig_share").asText());
      assertThat(Frost.verifySignatureShare(group, commitments.get(i), factors.get(i), lambda,
          group.mulBase(share(ids.get(i))), c, zi)).isTrue();
      z = z.add(zi);
    }
    byte[] signature = suite.encodeSignature(r, z);
    assertThat(HEX.formatHex(signature)).isEqualTo(vectors.at("/final_output/sig").asText());
    assertThat(suite.verify(publicKey.encode(), message, signature)).isTrue();
    if (name.equals("ed25519")) {
      assertThat(Ed25519.verify(signature, 0, publicKey.encode(), 0, message, 0, message.length))
          .isTrue();
    }
    byte[] forged = signature.clone();
    forged[forged.length - 1] ^= 1;
    assertThat(suite.verify(publicKey.encode(), message, forged)).isFalse();
  }

  @ParameterizedTest
  @MethodSource("suites")
  void aNonceSignsOnlyOnce(String name) throws Exception {
    load(name);
    JsonNode output = vectors.at("/round_one_outputs/outputs/0");
    SigningNonces n = SigningNonces.fromRandomness(suite, share(1),
        hex(output.get("hiding_nonce_randomness")), hex(output.get("binding_nonce_randomness")));
    Scalar one = group.scalarField().one();
    n.sign(one, one, share(1), one);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> n.sign(one, one, share(1), one))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already used");
  }
}
