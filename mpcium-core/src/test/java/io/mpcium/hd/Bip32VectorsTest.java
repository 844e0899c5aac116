package io.mpcium.hd;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpcium.crypto.secp256k1.Secp256k1Group;
import io.mpcium.crypto.secp256k1.Secp256k1Point;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.crypto.digests.RIPEMD160Digest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * BIP32 test vectors 1 and 2 (vectors/hd/bip32-ckdpub.txt): for every step whose index is
 * non-hardened, CKDpub of the parent extended public key gives the child's key and chain code,
 * and the child's depth, parent fingerprint and index match too.
 */
class Bip32VectorsTest {
  private static final String ALPHABET =
      "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

  record Step(String vector, String path, String parent, String child) {
    @Override
    public String toString() {
      return "vector " + vector + " " + path;
    }
  }

  static List<Step> steps() throws Exception {
    List<Step> steps = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        Bip32VectorsTest.class.getResourceAsStream("/vectors/hd/bip32-ckdpub.txt"),
        StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.trim().split("\\s+");
        steps.add(new Step(f[0], f[1], f[2], f[3]));
      }
    }
    assertThat(steps).hasSize(6);
    return steps;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("steps")
  void ckdPubGivesTheChildExtendedPublicKey(Step step) throws Exception {
    byte[] parent = base58Check(step.parent());
    byte[] child = base58Check(step.child());
    Secp256k1Point parentKey = Secp256k1Group.INSTANCE.decodeElement(
        Arrays.copyOfRange(parent, 45, 78));
    byte[] parentChainCode = Arrays.copyOfRange(parent, 13, 45);
    String[] levels = step.path().split("/");
    long index = Long.parseLong(levels[levels.length - 1]);

    Derivation derived = Bip32.derive(parentKey, parentChainCode, DerivationPath.of(index));

    assertThat(derived.point().encode()).isEqualTo(Arrays.copyOfRange(child, 45, 78));
    assertThat(derived.chainCode()).isEqualTo(Arrays.copyOfRange(child, 13, 45));
    assertThat(child[4] & 0xff).isEqualTo((parent[4] & 0xff) + 1);
    assertThat(Arrays.copyOfRange(child, 5, 9)).isEqualTo(fingerprint(parentKey.encode()));
    assertThat(new BigInteger(1, Arrays.copyOfRange(child, 9, 13)).longValue()).isEqualTo(index);
    // δ: the child is the parent plus δ·G
    assertThat(parentKey.add(Secp256k1Group.INSTANCE.mulBase(derived.tweak())))
        .isEqualTo(derived.point());
    // The same through the scheme-level API a client uses.
    ChildKey viaApi = HdDerivation.derive(io.mpcium.KeyScheme.SECP256K1, parentKey.encode(),
        parentChainCode, DerivationPath.of(index));
    assertThat(viaApi.publicKey()).isEqualTo(derived.point().encode());
    assertThat(viaApi.chainCode()).isEqualTo(derived.chainCode());
  }

  private static byte[] fingerprint(byte[] compressed) throws Exception {
    byte[] sha = MessageDigest.getInstance("SHA-256").digest(compressed);
    RIPEMD160Digest ripemd = new RIPEMD160Digest();
    ripemd.update(sha, 0, sha.length);
    byte[] hash = new byte[20];
    ripemd.doFinal(hash, 0);
    return Arrays.copyOf(hash, 4);
  }

  /** Base58Check decoding of a 78-byte extended key, checksum verified. */
  private static byte[] base58Check(String text) throws Exception {
    BigInteger value = BigInteger.ZERO;
    for (char c : text.toCharArray()) {
      value = value.multiply(BigInteger.valueOf(58)).add(BigInteger.valueOf(ALPHABET.indexOf(c)));
    }
    byte[] raw = value.toByteArray();
    byte[] full = new byte[82];
    int copy = Math.min(raw.length, 82);
    System.arraycopy(raw, raw.length - copy, full, 82 - copy, copy);
    byte[] payload = Arrays.copyOf(full, 78);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    byte[] check = sha.digest(sha.digest(payload));
    assertThat(Arrays.copyOfRange(full, 78, 82)).isEqualTo(Arrays.copyOf(check, 4));
    assertThat(Arrays.copyOf(payload, 4)).isEqualTo(new byte[] {0x04, (byte) 0x88, (byte) 0xb2,
        0x1e});
    return payload;
  }
}
