package io.mpcium.examples.keys;

import com.exceptionfactory.jagged.framework.stream.StandardDecryptingChannelFactory;
import com.exceptionfactory.jagged.framework.stream.StandardEncryptingChannelFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

/**
 * age (age-encryption.org/v1) files encrypted to a passphrase, as Mpcium's tools write and read
 * its {@code .age} key files ({@code age.NewScryptRecipient}): binary, not armored, a single
 * scrypt recipient. The format is Jagged's ({@code com.exceptionfactory.jagged}); the scrypt
 * stanza is {@link ScryptStanza}. Stateless and thread-safe.
 */
public final class AgeFiles {
  /** The scrypt work factor (log2 N) of new files: age's default. */
  public static final int DEFAULT_WORK_FACTOR = ScryptStanza.DEFAULT_WORK_FACTOR;

  private AgeFiles() { }

  /** Encrypts {@code plaintext} to {@code passphrase} with age's default work factor. */
  public static byte[] encrypt(byte[] plaintext, char[] passphrase, SecureRandom rng)
      throws GeneralSecurityException {
    return encrypt(plaintext, passphrase, DEFAULT_WORK_FACTOR, rng);
  }

  /** Encrypts with the given scrypt work factor (log2 N, 1-22). */
  public static byte[] encrypt(byte[] plaintext, char[] passphrase, int workFactor,
      SecureRandom rng) throws GeneralSecurityException {
    ScryptStanza stanza = ScryptStanza.writer(passphrase, workFactor, rng);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (WritableByteChannel channel = new StandardEncryptingChannelFactory()
        .newEncryptingChannel(Channels.newChannel(out), List.of(stanza))) {
      channel.write(ByteBuffer.wrap(plaintext));
    } catch (IOException e) {
      throw new GeneralSecurityException("age encryption failed: " + e.getMessage(), e);
    } finally {
      stanza.destroy();
    }
    return out.toByteArray();
  }

  /**
   * Decrypts an age file encrypted to a passphrase.
   *
   * @throws GeneralSecurityException for a wrong passphrase ("wrong passphrase"), a file that is
   *     not age or not encrypted to a passphrase, or a tampered file
   */
  public static byte[] decrypt(byte[] file, char[] passphrase) throws GeneralSecurityException {
    ScryptStanza stanza = ScryptStanza.reader(passphrase);
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    ByteBuffer buffer = ByteBuffer.allocate(8192);
    try (ReadableByteChannel channel = new StandardDecryptingChannelFactory()
        .newDecryptingChannel(Channels.newChannel(new java.io.ByteArrayInputStream(file)),
            List.of(stanza))) {
      while (channel.read(buffer) >= 0) {
        buffer.flip();
        plain.write(buffer.array(), 0, buffer.limit());
        buffer.clear();
      }
    } catch (IOException e) {
      Throwable cause = e.getCause() instanceof GeneralSecurityException g ? g : e;
      throw new GeneralSecurityException("not a readable age file: " + cause.getMessage(), e);
    } finally {
      stanza.destroy();
      Arrays.fill(buffer.array(), (byte) 0);
    }
    return plain.toByteArray();
  }
}
