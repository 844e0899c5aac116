package io.mpcium.internal.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpcium.KeyGenResult;
import io.mpcium.WrongPassphraseException;
import io.mpcium.internal.security.ShareVault;
import io.mpcium.protocol.dkg.KeyShare;
import io.mpcium.protocol.frost.Ed25519Sha512;
import io.mpcium.testing.TestCluster;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What a key store holds is ciphertext: useless without the node's vault passphrase. */
class KeyStorageTest {
  private final SecureRandom rng = new SecureRandom();

  @Test
  void aStoredShareIsNotReadableWithoutThePassphrase() throws Exception {
    try (TestCluster cluster = new TestCluster(3, 2)) {
      KeyGenResult key = cluster.generate(0, "w").get(30, TimeUnit.SECONDS);
      byte[] record = cluster.store(1).get("ed25519:w", 1).orElseThrow();

      ShareVault wrong = ShareVault.open("guess".toCharArray(), ShareVault.paramsOf(record), rng);
      assertThatThrownBy(() -> wrong.open("ed25519:w", 1, record))
          .isInstanceOf(WrongPassphraseException.class)
          .hasMessageContaining("ed25519:w");

      ShareVault right =
          ShareVault.open(TestCluster.PASSPHRASE, ShareVault.paramsOf(record), rng);
      KeyShare share = KeyShare.decode(Ed25519Sha512.INSTANCE.group(),
          right.open("ed25519:w", 1, record));
      assertThat(share.publicKey().encode()).isEqualTo(key.publicKey());
      String secretHex = HexFormat.of().formatHex(share.secretShare().toLE());
      assertThat(HexFormat.of().formatHex(record)).doesNotContain(secretHex);
      assertThat(HexFormat.of().formatHex(record))
          .doesNotContain(HexFormat.of().formatHex(key.publicKey()));
    }
  }

  @Test
  void aStoredShareMovedToAnotherKeyDoesNotOpen() throws Exception {
    try (TestCluster cluster = new TestCluster(3, 2)) {
      cluster.generate(0, "a").get(30, TimeUnit.SECONDS);
      byte[] record = cluster.store(2).get("ed25519:a", 1).orElseThrow();
      ShareVault vault =
          ShareVault.open(TestCluster.PASSPHRASE, ShareVault.paramsOf(record), rng);
      assertThatThrownBy(() -> vault.open("ed25519:b", 1, record))
          .isInstanceOf(WrongPassphraseException.class);
      assertThatThrownBy(() -> vault.open("ed25519:a", 2, record))
          .isInstanceOf(WrongPassphraseException.class);
    }
  }
}
