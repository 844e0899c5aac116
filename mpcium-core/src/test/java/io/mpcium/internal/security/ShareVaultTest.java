package io.mpcium.internal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mpcium.VaultException;
import io.mpcium.WrongPassphraseException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ShareVaultTest {
  private static final SecureRandom RNG = new SecureRandom();
  private static final String PASSPHRASE = "correct horse battery staple";
  private static final String RECORD = "ecdsa:wallet-123";

  private KdfParams params;
  private ShareVault vault;
  private byte[] share;

  @BeforeEach
  void setUp() {
    params = KdfParams.forTesting(RNG);
    vault = ShareVault.open(PASSPHRASE.toCharArray(), params, RNG);
    share = new byte[64];
    RNG.nextBytes(share);
  }

  @Test
  void roundTrip() throws Exception {
    byte[] sealed = vault.seal(RECORD, 1, share);
    assertThat(vault.open(RECORD, 1, sealed)).isEqualTo(share);
    assertThat(vault.open(RECORD, 2, vault.seal(RECORD, 2, new byte[0]))).isEmpty();
  }

  @Test
  void sealedRecordIsSelfDescribingAndHidesThePlaintext() {
    byte[] sealed = vault.seal(RECORD, 1, share);
    assertThat(Arrays.copyOf(sealed, 5)).isEqualTo(new byte[] {'M', 'P', 'C', 'V', 1});
    byte[] kdf = params.encode();
    assertThat(Arrays.copyOfRange(sealed, 5, 5 + kdf.length)).isEqualTo(kdf);
    assertThat(sealed).hasSize(5 + kdf.length + 12 + 4 + share.length + 16);
    for (int i = 0; i + 8 <= share.length; i++) {
      assertThat(indexOf(sealed, Arrays.copyOfRange(share, i, i + 8))).isEqualTo(-1);
    }
    assertThat(vault.seal(RECORD, 1, share)).isNotEqualTo(sealed);
  }

  @Test
  void wrongPassphraseFailsClearlyAndLeavesTheRecordUnchanged() {
    byte[] sealed = vault.seal(RECORD, 7, share);
    byte[] copy = sealed.clone();
    ShareVault wrong = ShareVault.open("Correct horse battery staple".toCharArray(), params, RNG);
    WrongPassphraseException e = catchThrowableOfType(WrongPassphraseException.class,
        () -> wrong.open(RECORD, 7, sealed));
    assertThat(e).hasMessage("record ecdsa:wallet-123 v7 does not open with this vault"
        + " passphrase (wrong passphrase or tampered record)");
    assertThat(sealed).isEqualTo(copy);
    assertThat(wrong.foreignKeyCount()).isZero();
    assertThat(e.getMessage()).doesNotContain(PASSPHRASE)
        .doesNotContain(HexFormat.of().formatHex(share));
  }

  @Test
  void everyFlippedByteIsRejected() {
    byte[] sealed = vault.seal(RECORD, 1, share);
    for (int i = 0; i < sealed.length; i++) {
      byte[] tampered = sealed.clone();
      tampered[i] ^= 0x01;
      int index = i;
      assertThatThrownBy(() -> vault.open(RECORD, 1, tampered))
          .as("flipped byte %d", index)
          .isInstanceOf(VaultException.class)
          .hasMessageStartingWith("record ecdsa:wallet-123 v1 ");
    }
  }

  @Test
  void ciphertextFlipIsReportedAsWrongPassphraseOrTampering() {
    byte[] sealed = vault.seal(RECORD, 1, share);
    sealed[sealed.length - 20] ^= 0x40;
    assertThatThrownBy(() -> vault.open(RECORD, 1, sealed))
        .isInstanceOf(WrongPassphraseException.class);
  }

  @Test
  void recordMovedToAnotherIdOrVersionDoesNotOpen() {
    byte[] sealed = vault.seal(RECORD, 1, share);
    assertThatThrownBy(() -> vault.open("eddsa:wallet-123", 1, sealed))
        .isInstanceOf(WrongPassphraseException.class)
        .hasMessageStartingWith("record eddsa:wallet-123 v1 does not open");
    assertThatThrownBy(() -> vault.open(RECORD, 2, sealed))
        .isInstanceOf(WrongPassphraseException.class)
        .hasMessageStartingWith("record ecdsa:wallet-123 v2 does not open");
  }

  @Test
  void malformedRecordsNameTheRecordAndAreNotBlamedOnThePassphrase() {
    byte[] sealed = vault.seal(RECORD, 1, share);
    assertThatThrownBy(() -> vault.open(RECORD, 1, Arrays.copyOf(sealed, sealed.length - 1)))
        .isInstanceOf(VaultException.class)
        .isNotInstanceOf(WrongPassphraseException.class)
        .hasMessageStartingWith("record ecdsa:wallet-123 v1 is malformed");
    assertThatThrownBy(() -> vault.open(RECORD, 1, Arrays.copyOf(sealed, sealed.length + 1)))
        .isInstanceOf(VaultException.class)
        .hasMessageContaining("trailing");
    assertThatThrownBy(() -> vault.open(RECORD, 1, new byte[0]))
        .isInstanceOf(VaultException.class)
        .hasMessageContaining("malformed");
    byte[] badMagic = sealed.clone();
    badMagic[0] = 'X';
    assertThatThrownBy(() -> vault.open(RECORD, 1, badMagic))
        .isInstanceOf(VaultException.class)
        .hasMessage("record ecdsa:wallet-123 v1 is not a vault record (bad magic)");
    byte[] badFormat = sealed.clone();
    badFormat[4] = 2;
    assertThatThrownBy(() -> vault.open(RECORD, 1, badFormat))
        .hasMessage("record ecdsa:wallet-123 v1 has unknown vault format 2");
  }

  @Test
  void aVaultReopenedWithTheStoredParamsOpensOldRecords() throws Exception {
    byte[] sealed = vault.seal(RECORD, 1, share);
    byte[] storedParams = vault.params().encode();
    vault.destroy();

    char[] typed = PASSPHRASE.toCharArray();
    ShareVault later = ShareVault.open(typed, KdfParams.decode(storedParams), RNG);
    Arrays.fill(typed, '\0'); // the vault keeps its own copy
    assertThat(later.open(RECORD, 1, sealed)).isEqualTo(share);
  }

  @Test
  void recordsWrittenUnderOtherParamsStillOpen() throws Exception {
    byte[] oldRecord = vault.seal(RECORD, 1, share);
    ShareVault newer = ShareVault.open(PASSPHRASE.toCharArray(), params.withFreshSalt(RNG), RNG);
    assertThat(newer.params()).isNotEqualTo(params);
    assertThat(newer.foreignKeyCount()).isZero();
    assertThat(newer.open(RECORD, 1, oldRecord)).isEqualTo(share);
    assertThat(newer.foreignKeyCount()).isEqualTo(1);
    assertThat(newer.open(RECORD, 1, oldRecord)).isEqualTo(share);
    assertThat(newer.foreignKeyCount()).isEqualTo(1);
    // New records are written under the newer vault's own parameters.
    byte[] fresh = newer.seal(RECORD, 2, share);
    assertThat(indexOf(fresh, newer.params().encode())).isEqualTo(5);
    assertThat(vault.open(RECORD, 2, fresh)).isEqualTo(share);
  }

  @Test
  void keysForForeignParamsAreCachedOnlyAfterTheyAuthenticate() {
    byte[] oldRecord = vault.seal(RECORD, 1, share);
    ShareVault wrong =
        ShareVault.open("wrong".toCharArray(), KdfParams.forTesting(RNG), RNG);
    assertThatThrownBy(() -> wrong.open(RECORD, 1, oldRecord))
        .isInstanceOf(WrongPassphraseException.class);
    assertThat(wrong.foreignKeyCount()).isZero();
  }

  @Test
  void toStringAndMessagesContainNoSecrets() {
    String text = vault.toString();
    assertThat(text).startsWith("ShareVault[KdfParams[scrypt-testing-only N=1024 r=8 p=1")
        .doesNotContain(PASSPHRASE);
    byte[] sealed = vault.seal(RECORD, 1, share);
    ShareVault wrong = ShareVault.open("nope".toCharArray(), params, RNG);
    VaultException e = catchThrowableOfType(VaultException.class,
        () -> wrong.open(RECORD, 1, sealed));
    assertThat(e.getMessage()).doesNotContain(PASSPHRASE).doesNotContain("nope")
        .doesNotContain(HexFormat.of().formatHex(share));
  }

  @Test
  void destroyBlocksFurtherUse() {
    byte[] sealed = vault.seal(RECORD, 1, share);
    vault.destroy();
    assertThat(vault.isDestroyed()).isTrue();
    assertThat(vault.toString()).endsWith(", destroyed]");
    assertThatThrownBy(() -> vault.seal(RECORD, 1, share))
        .isInstanceOf(IllegalStateException.class).hasMessage("share vault has been destroyed");
    assertThatThrownBy(() -> vault.open(RECORD, 1, sealed))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> ShareVault.open(new char[0], params, RNG))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be empty");
    assertThatThrownBy(() -> ShareVault.open(new char[] {'\uD800'}, params, RNG))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid Unicode");
    assertThatThrownBy(() -> vault.seal("", 1, share))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> vault.seal(RECORD, -1, share))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version");
  }

  @Test
  void productionDefaultsWork() throws Exception {
    KdfParams defaults = KdfParams.defaults(RNG);
    ShareVault strong = ShareVault.open(PASSPHRASE.toCharArray(), defaults, RNG);
    byte[] sealed = strong.seal(RECORD, 1, share);
    assertThat(strong.open(RECORD, 1, sealed)).isEqualTo(share);
    assertThat(KdfParams.decode(Arrays.copyOfRange(sealed, 5, 5 + defaults.encode().length)))
        .isEqualTo(defaults);
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
