package io.mpcium.hd;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpcium.KeyScheme;
import io.mpcium.crypto.Group;
import io.mpcium.crypto.ed25519.Ed25519Group;
import io.mpcium.crypto.secp256k1.Secp256k1Group;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mpcium's own derivation vectors (vectors/hd/mpcium-ckd.tsv, produced by interop/ckd-vectors
 * running fystack/mpcium pkg/ckdutil and fystack/tss-lib crypto/ckd): the child public key as a
 * Mpcium client derives it, the child chain code and the total share tweak δ as a Mpcium node
 * computes it, for secp256k1 and Ed25519, three chain codes, three master keys and eight paths.
 */
class MpciumCkdVectorsTest {
  private static final HexFormat HEX = HexFormat.of();

  record Vector(KeyScheme scheme, String chainCode, String master, String masterKey, String path,
      String child, String childChainCode, String delta) {
    @Override
    public String toString() {
      return scheme.label() + " cc=" + chainCode.substring(0, 8) + " " + master + " " + path;
    }
  }

  static List<Vector> vectors() throws Exception {
    List<Vector> vectors = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        MpciumCkdVectorsTest.class.getResourceAsStream("/vectors/hd/mpcium-ckd.tsv"),
        StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t");
        vectors.add(new Vector(KeyScheme.fromLabel(f[0]), f[1], f[2], f[3],
            f[4].equals("-") ? "" : f[4], f[5], f[6], f[7]));
      }
    }
    assertThat(vectors).hasSize(2 * 3 * 3 * 8);
    return vectors;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void derivesWhatMpciumDerives(Vector v) {
    ChildKey child = HdDerivation.derive(v.scheme(), HEX.parseHex(v.masterKey()),
        HEX.parseHex(v.chainCode()), DerivationPath.parse(v.path()));
    assertThat(HEX.formatHex(child.publicKey())).isEqualTo(v.child());
    assertThat(HEX.formatHex(child.chainCode())).isEqualTo(v.childChainCode());
    assertThat(HEX.formatHex(child.tweak().toBE())).isEqualTo(v.delta());
    assertThat(HEX.formatHex(child.parentPublicKey())).isEqualTo(v.masterKey());
    Group group = v.scheme() == KeyScheme.ED25519 ? Ed25519Group.INSTANCE
        : Secp256k1Group.INSTANCE;
    // child = parent + δ·G: what adding δ to every share signs for
    assertThat(child.point().encode()).isEqualTo(HEX.parseHex(v.child()));
    try {
      assertThat(group.decodeElement(HEX.parseHex(v.masterKey()))
          .add(group.mulBase(child.tweak()))).isEqualTo(child.point());
    } catch (io.mpcium.crypto.InvalidEncodingException e) {
      throw new AssertionError(e);
    }
  }

  /** The rows of mpcium-features.md §4's table, which the Go run confirmed. */
  @Test
  void theReferenceTableRows() {
    ChildKey secp = HdDerivation.derive(KeyScheme.SECP256K1, HEX.parseHex(
        "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"), HEX.parseHex(
        "aaa9a8a7a6a5a4a3a2a1a09f9e9d9c9b9a999897969594939291908f8e8d8c8b"),
        DerivationPath.of(44, 60, 0, 0, 0));
    assertThat(HEX.formatHex(secp.publicKey()))
        .isEqualTo("02fd1192261b41954263f63859950b69b256088477137e8f1ef96c48eb6ec2da9f");
    assertThat(HEX.formatHex(secp.tweak().toBE()))
        .isEqualTo("6a46d629b698d338d0d1bf78fee97d159eb9e5b68f6ee6bfc12c6a12f4f096e9");
    byte[] b = HEX.parseHex("5866666666666666666666666666666666666666666666666666666666666666");
    byte[] cc = HEX.parseHex("0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20");
    ChildKey ed = HdDerivation.derive(KeyScheme.ED25519, b, cc, DerivationPath.of(44, 501, 0, 0));
    assertThat(HEX.formatHex(ed.publicKey()))
        .isEqualTo("dd8c985814d89a8ac48ab01ca5f065107add1b26a27e82d3930f80d26efb50cc");
    assertThat(HEX.formatHex(ed.tweak().toBE()))
        .isEqualTo("0e8d1bb2d1bf3ef4a7d85b8114aae5c3895b72a4052004e77df9eccdd455ce9f");
    assertThat(HEX.formatHex(HdDerivation.derive(KeyScheme.ED25519, b, cc,
        DerivationPath.of(44, 501, 1, 0)).publicKey()))
        .isEqualTo("68538c4932025f674e773e153fa2f5edfb38166786b5bd03e507c1fee3772b59");
  }
}
