package io.mpcium.crypto.secp256k1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mpcium.crypto.InvalidEncodingException;
import io.mpcium.crypto.Scalar;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The BIP340 verifier against {@code bip-0340/test-vectors.csv} and the BIP341 tweak against
 * {@code bip-0341/wallet-test-vectors.json} (bitcoin/bips), both also run through the test
 * references (libsecp256k1 and {@link Bip340Reference}) so the vectors check them as well.
 */
class Bip340Test {
  private static final HexFormat HEX = HexFormat.of();
  private static final Secp256k1Group GROUP = Secp256k1Group.INSTANCE;

  record Bip340Vector(int index, String secretKey, byte[] publicKey, byte[] message,
      byte[] signature, boolean valid, String comment) { }

  static List<Bip340Vector> bip340Vectors() throws Exception {
    List<Bip340Vector> vectors = new ArrayList<>();
    try (InputStream in = Bip340Test.class.getResourceAsStream("/vectors/bip340/test-vectors.csv");
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
      String header = reader.readLine();
      assertThat(header).startsWith("index,secret key,public key,aux_rand,message,signature");
      String line;
      while ((line = reader.readLine()) != null) {
        String[] f = line.split(",", -1);
        vectors.add(new Bip340Vector(Integer.parseInt(f[0]), f[1], HEX.parseHex(f[2]),
            HEX.parseHex(f[4]), HEX.parseHex(f[5]), f[6].equals("TRUE"), f[7]));
      }
    }
    return vectors;
  }

  @Test
  void everyBip340VectorVerifiesAsPublished() throws Exception {
    List<Bip340Vector> vectors = bip340Vectors();
    assertThat(vectors).hasSize(19);
    assertThat(vectors).filteredOn(v -> !v.valid()).hasSizeGreaterThanOrEqualTo(10);
    assertThat(vectors).filteredOn(v -> v.message().length != 32).isNotEmpty();
    for (Bip340Vector v : vectors) {
      assertThat(Bip340.verify(v.publicKey(), v.message(), v.signature()))
          .as("vector %d (%s)", v.index(), v.comment()).isEqualTo(v.valid());
      assertThat(Bip340Reference.verify(v.publicKey(), v.message(), v.signature()))
          .as("reference, vector %d", v.index()).isEqualTo(v.valid());
      if (v.message().length == 32) {
        assertThat(Libsecp256k1.verifySchnorr(v.publicKey(), v.message(), v.signature()))
            .as("libsecp256k1, vector %d", v.index()).isEqualTo(v.valid());
      }
    }
  }

  @Test
  void signingVectorsHaveTheirPublicKeyAsTheXOnlyKeyOfTheSecret() throws Exception {
    for (Bip340Vector v : bip340Vectors()) {
      if (v.secretKey().isEmpty()) {
        continue;
      }
      Scalar secret = GROUP.decodeScalar(HEX.parseHex(v.secretKey()));
      assertThat(Bip340.xOnly(GROUP.mulBase(secret))).isEqualTo(v.publicKey());
      assertThat(Libsecp256k1.xOnlyPublicKey(HEX.parseHex(v.secretKey())))
          .isEqualTo(v.publicKey());
    }
  }

  @Test
  void liftXGivesTheEvenPointAndRejectsNonKeys() throws Exception {
    Secp256k1Point p = GROUP.mulBase(GROUP.scalarField().of(3));
    Secp256k1Point lifted = Bip340.liftX(Bip340.xOnly(p));
    assertThat(Bip340.hasEvenY(lifted)).isTrue();
    assertThat(lifted).isIn(p, p.negate());
    byte[] fieldSize = HEX.parseHex(
        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F");
    assertThatThrownBy(() -> Bip340.liftX(fieldSize)).isInstanceOf(InvalidEncodingException.class);
    byte[] notOnCurve = HEX.parseHex(
        "EEFDEA4CDB677750A420FEE807EACF21EB9898AE79B9768766E4FAA04A2D4A34");
    assertThatThrownBy(() -> Bip340.liftX(notOnCurve))
        .isInstanceOf(InvalidEncodingException.class);
    assertThatThrownBy(() -> Bip340.liftX(new byte[33]))
        .isInstanceOf(InvalidEncodingException.class);
    assertThat(Bip340.verify(new byte[31], new byte[32], new byte[64])).isFalse();
    assertThat(Bip340.verify(Bip340.xOnly(p), new byte[32], new byte[63])).isFalse();
  }

  @Test
  void taprootTweaksAndOutputKeysMatchBip341() throws Exception {
    JsonNode vectors;
    try (InputStream in =
        getClass().getResourceAsStream("/vectors/bip341/wallet-test-vectors.json")) {
      vectors = new ObjectMapper().readTree(in);
    }
    int withTree = 0;
    for (JsonNode v : vectors.get("scriptPubKey")) {
      byte[] internal = HEX.parseHex(v.at("/given/internalPubkey").asText());
      JsonNode root = v.at("/intermediary/merkleRoot");
      Optional<byte[]> merkleRoot =
          root.isNull() ? Optional.empty() : Optional.of(HEX.parseHex(root.asText()));
      withTree += merkleRoot.isPresent() ? 1 : 0;
      assertThat(HEX.formatHex(Taproot.tweak(internal, merkleRoot).toBE()))
          .isEqualTo(v.at("/intermediary/tweak").asText());
      String expected = v.at("/intermediary/tweakedPubkey").asText();
      assertThat(HEX.formatHex(Taproot.outputKey(internal, merkleRoot))).isEqualTo(expected);
      assertThat(HEX.formatHex(
          Libsecp256k1.taprootOutputKey(internal, merkleRoot.orElse(new byte[0]))))
          .isEqualTo(expected);
    }
    assertThat(withTree).isPositive().isLessThan(vectors.get("scriptPubKey").size());
  }

  @Test
  void taprootRejectsMalformedInputs() {
    assertThatThrownBy(() -> Taproot.tweak(new byte[31], Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Taproot.tweak(new byte[32], Optional.of(new byte[31])))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] fieldSize = HEX.parseHex(
        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F");
    assertThatThrownBy(() -> Taproot.outputKey(fieldSize, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
