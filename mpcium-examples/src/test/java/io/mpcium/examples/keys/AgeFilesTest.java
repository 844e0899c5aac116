package io.mpcium.examples.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * age files encrypted to a passphrase: our writer and reader against each other and against the
 * reference age tool, both ways, at age's default work factor.
 */
class AgeFilesTest {
  private static final String PASSPHRASE = "correct horse battery!";
  private final SecureRandom rng = new SecureRandom();

  @TempDir
  Path dir;

  @Test
  void roundTripsAndRefusesAWrongPassphraseOrATamperedFile() throws Exception {
    byte[] plain = "0123456789abcdef".repeat(8).getBytes(StandardCharsets.US_ASCII);
    byte[] file = AgeFiles.encrypt(plain, PASSPHRASE.toCharArray(), 10, rng);
    assertThat(new String(file, 0, 22, StandardCharsets.US_ASCII))
        .isEqualTo("age-encryption.org/v1\n");
    assertThat(new String(file, StandardCharsets.ISO_8859_1)).contains("\n-> scrypt ")
        .doesNotContain("0123456789abcdef");
    assertThat(AgeFiles.decrypt(file, PASSPHRASE.toCharArray())).isEqualTo(plain);

    assertThatThrownBy(() -> AgeFiles.decrypt(file, "another passphrase".toCharArray()))
        .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("wrong passphrase")
        .hasMessageNotContaining(PASSPHRASE);
    byte[] tampered = file.clone();
    tampered[tampered.length - 3] ^= 1;
    assertThatThrownBy(() -> AgeFiles.decrypt(tampered, PASSPHRASE.toCharArray()))
        .isInstanceOf(GeneralSecurityException.class);
    assertThatThrownBy(() -> AgeFiles.decrypt(plain, PASSPHRASE.toCharArray()))
        .isInstanceOf(GeneralSecurityException.class);
  }

  @Test
  void theReferenceAgeToolDecryptsOurFiles() throws Exception {
    byte[] plain = new byte[5000];
    rng.nextBytes(plain);
    Path encrypted = Files.write(dir.resolve("ours.age"),
        AgeFiles.encrypt(plain, PASSPHRASE.toCharArray(), rng));
    Path decrypted = dir.resolve("ours.out");
    AgeCli.decrypt(encrypted, decrypted, PASSPHRASE);
    assertThat(Files.readAllBytes(decrypted)).isEqualTo(plain);
  }

  @Test
  void weDecryptTheReferenceAgeToolsFiles() throws Exception {
    byte[] plain = new byte[70_000]; // more than one 64 KiB payload chunk
    rng.nextBytes(plain);
    Path in = Files.write(dir.resolve("plain.bin"), plain);
    Path encrypted = dir.resolve("theirs.age");
    AgeCli.encrypt(in, encrypted, PASSPHRASE);
    assertThat(AgeFiles.decrypt(Files.readAllBytes(encrypted), PASSPHRASE.toCharArray()))
        .isEqualTo(plain);
    assertThatThrownBy(() -> AgeFiles.decrypt(Files.readAllBytes(encrypted),
        "not the passphrase".toCharArray())).hasMessageContaining("wrong passphrase");
  }
}
