package io.mpcium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpcium.spi.PeerInfo;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class NodeIdentityTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final PartyId NODE0 = PartyId.of("node0");
  private static final SecureRandom RNG = new SecureRandom();

  // RFC 8032 section 7.1, TEST 1 and TEST 2.
  private static final byte[] SEED_1 =
      HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  private static final byte[] PUB_1 =
      HEX.parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  private static final byte[] SIG_1 = HEX.parseHex(
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bac"
          + "c61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
  private static final byte[] SEED_2 =
      HEX.parseHex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb");
  private static final byte[] PUB_2 =
      HEX.parseHex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
  private static final byte[] SIG_2 = HEX.parseHex(
      "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e"
          + "458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
  // RFC 7748 section 6.1: Alice's X25519 key pair.
  private static final byte[] X_PRIV =
      HEX.parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
  private static final byte[] X_PUB =
      HEX.parseHex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
  /** Order of the Ed25519 base point. */
  private static final BigInteger L =
      BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));

  @Test
  void matchesRfc8032AndRfc7748Vectors() {
    NodeIdentity id = NodeIdentity.fromSeeds(NODE0, SEED_1, X_PRIV);
    assertThat(id.peerInfo().signingKey()).isEqualTo(PUB_1);
    assertThat(id.peerInfo().agreementKey()).isEqualTo(X_PUB);
    assertThat(id.sign(new byte[0])).isEqualTo(SIG_1);
    assertThat(NodeIdentity.verify(PUB_1, new byte[0], SIG_1)).isTrue();

    NodeIdentity id2 = NodeIdentity.fromSeeds(NODE0, SEED_2, X_PRIV);
    assertThat(id2.sign(new byte[] {0x72})).isEqualTo(SIG_2);
    assertThat(NodeIdentity.verify(PUB_2, new byte[] {0x72}, SIG_2)).isTrue();
  }

  @Test
  void verifyRejectsWrongKeyMessageOrSignature() {
    NodeIdentity a = NodeIdentity.generate(NODE0, RNG);
    NodeIdentity b = NodeIdentity.generate(PartyId.of("node1"), RNG);
    byte[] message = "transfer 1 BTC".getBytes(StandardCharsets.UTF_8);
    byte[] signature = a.sign(message);
    byte[] pub = a.peerInfo().signingKey();

    assertThat(NodeIdentity.verify(pub, message, signature)).isTrue();
    assertThat(NodeIdentity.verify(b.peerInfo().signingKey(), message, signature)).isFalse();
    for (int bit = 0; bit < message.length * 8; bit += 7) {
      assertThat(NodeIdentity.verify(pub, flip(message, bit), signature)).isFalse();
    }
    for (int bit = 0; bit < 512; bit++) {
      assertThat(NodeIdentity.verify(pub, message, flip(signature, bit))).isFalse();
    }
  }

  @Test
  void verifyReturnsFalseOnMalformedInputInsteadOfThrowing() {
    NodeIdentity a = NodeIdentity.generate(NODE0, RNG);
    byte[] m = {1, 2, 3};
    byte[] sig = a.sign(m);
    byte[] pub = a.peerInfo().signingKey();
    assertThat(NodeIdentity.verify(null, m, sig)).isFalse();
    assertThat(NodeIdentity.verify(pub, null, sig)).isFalse();
    assertThat(NodeIdentity.verify(pub, m, null)).isFalse();
    assertThat(NodeIdentity.verify(new byte[31], m, sig)).isFalse();
    assertThat(NodeIdentity.verify(pub, m, new byte[63])).isFalse();
    assertThat(NodeIdentity.verify(pub, m, new byte[65])).isFalse();
    assertThat(NodeIdentity.verify(new byte[32], m, sig)).isFalse();
    byte[] ff = new byte[32];
    java.util.Arrays.fill(ff, (byte) 0xff);
    assertThat(NodeIdentity.verify(ff, m, sig)).isFalse();
  }

  @Test
  void verifyIsStrictAboutNonCanonicalS() {
    // S + L is the same scalar mod L; RFC 8032 requires rejecting it.
    byte[] s = java.util.Arrays.copyOfRange(SIG_1, 32, 64);
    BigInteger sPlusL = littleEndian(s).add(L);
    byte[] malleated = SIG_1.clone();
    System.arraycopy(toLittleEndian32(sPlusL), 0, malleated, 32, 32);
    assertThat(malleated).isNotEqualTo(SIG_1);
    assertThat(NodeIdentity.verify(PUB_1, new byte[0], malleated)).isFalse();
  }

  @Test
  void verifyRejectsSmallOrderPublicKeys() {
    // A = identity, R = identity, S = 0 satisfies [S]B = R + [k]A for every message; a
    // lenient verifier accepts it, RFC 8032 strict verification with key validation must not.
    byte[] identity = new byte[32];
    identity[0] = 1;
    byte[] signature = new byte[64];
    signature[0] = 1;
    assertThat(NodeIdentity.verify(identity, "anything".getBytes(StandardCharsets.UTF_8),
        signature)).isFalse();
  }

  @Test
  void fromSeedsCopiesItsInputs() {
    byte[] seed = SEED_1.clone();
    byte[] x = X_PRIV.clone();
    NodeIdentity id = NodeIdentity.fromSeeds(NODE0, seed, x);
    java.util.Arrays.fill(seed, (byte) 0);
    java.util.Arrays.fill(x, (byte) 0);
    assertThat(id.sign(new byte[0])).isEqualTo(SIG_1);
    assertThat(id.exportSigningSeed()).isEqualTo(SEED_1);
    assertThat(id.exportAgreementKey()).isEqualTo(X_PRIV);
  }

  @Test
  void exportsAreCopiesAndRestoreTheSameIdentity() {
    NodeIdentity id = NodeIdentity.generate(NODE0, RNG);
    byte[] seed = id.exportSigningSeed();
    seed[0] ^= 1;
    assertThat(id.exportSigningSeed()).isNotEqualTo(seed);
    NodeIdentity restored =
        NodeIdentity.fromSeeds(NODE0, id.exportSigningSeed(), id.exportAgreementKey());
    assertThat(restored.peerInfo()).isEqualTo(id.peerInfo());
    assertThat(id.exportSigningSeed()).isNotEqualTo(id.exportAgreementKey());
  }

  @Test
  void rejectsWrongSizedSeedsNamingTheField() {
    assertThatThrownBy(() -> NodeIdentity.fromSeeds(NODE0, new byte[31], X_PRIV))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Ed25519 seed must be 32 bytes, got 31");
    assertThatThrownBy(() -> NodeIdentity.fromSeeds(NODE0, SEED_1, new byte[33]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("X25519 private key");
  }

  @Test
  void toStringShowsOnlyPublicData() {
    NodeIdentity id = NodeIdentity.fromSeeds(NODE0, SEED_1, X_PRIV);
    assertThat(id.toString())
        .isEqualTo("NodeIdentity[node0, ed25519=" + HEX.formatHex(PUB_1) + "]");
    assertThat(id.toString()).doesNotContain(HEX.formatHex(SEED_1)).doesNotContain(
        HEX.formatHex(X_PRIV));
  }

  @Test
  void destroyZeroesSecretsAndBlocksUse() {
    NodeIdentity id = NodeIdentity.fromSeeds(NODE0, SEED_1, X_PRIV);
    PeerInfo before = id.peerInfo();
    id.destroy();
    id.destroy();
    assertThat(id.isDestroyed()).isTrue();
    assertThatThrownBy(() -> id.sign(new byte[0]))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("identity of node0 has been destroyed");
    assertThatThrownBy(id::exportSigningSeed).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(id::exportAgreementKey).isInstanceOf(IllegalStateException.class);
    assertThat(id.peerInfo()).isEqualTo(before);
  }

  @Test
  void signsConcurrently() throws Exception {
    NodeIdentity id = NodeIdentity.generate(NODE0, RNG);
    byte[] pub = id.peerInfo().signingKey();
    Thread[] threads = new Thread[4];
    boolean[] ok = new boolean[threads.length];
    for (int t = 0; t < threads.length; t++) {
      int index = t;
      threads[t] = new Thread(() -> {
        boolean all = true;
        for (int i = 0; i < 50; i++) {
          byte[] m = {(byte) index, (byte) i};
          all &= NodeIdentity.verify(pub, m, id.sign(m));
        }
        ok[index] = all;
      });
      threads[t].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(ok).containsOnly(true);
  }

  static byte[] flip(byte[] data, int bit) {
    byte[] copy = data.clone();
    copy[bit / 8] ^= (byte) (1 << (bit % 8));
    return copy;
  }

  private static BigInteger littleEndian(byte[] le) {
    byte[] be = new byte[le.length];
    for (int i = 0; i < le.length; i++) {
      be[i] = le[le.length - 1 - i];
    }
    return new BigInteger(1, be);
  }

  private static byte[] toLittleEndian32(BigInteger value) {
    byte[] out = new byte[32];
    byte[] be = value.toByteArray();
    for (int i = 0; i < be.length && i < 32; i++) {
      out[i] = be[be.length - 1 - i];
    }
    return out;
  }
}
