package io.mpcium.examples.keys;

import com.exceptionfactory.jagged.FileKey;
import com.exceptionfactory.jagged.RecipientStanza;
import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.exceptionfactory.jagged.RecipientStanzaWriter;
import com.exceptionfactory.jagged.UnsupportedRecipientStanzaException;
import com.exceptionfactory.jagged.framework.codec.CanonicalBase64;
import com.exceptionfactory.jagged.framework.crypto.CipherKey;
import com.exceptionfactory.jagged.framework.crypto.EncryptedFileKey;
import com.exceptionfactory.jagged.framework.crypto.FileKeyDecryptorFactory;
import com.exceptionfactory.jagged.framework.crypto.FileKeyEncryptorFactory;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * The age {@code scrypt} recipient stanza (age-encryption.org/v1, "The scrypt recipient type"),
 * as a {@link RecipientStanzaWriter} and {@link RecipientStanzaReader} for the Jagged age
 * framework, which does everything else (header, header MAC, payload STREAM). Jagged's own
 * scrypt module is not available from Maven Central here; this class is only the stanza:
 *
 * <pre>-> scrypt &lt;base64 16-byte salt&gt; &lt;log2 N&gt;
 * base64(ChaCha20-Poly1305(key = scrypt(passphrase, "age-encryption.org/v1/scrypt" || salt,
 *        N, r = 8, p = 1, 32 bytes), nonce = 0, file key))</pre>
 *
 * <p>Reading follows the spec's rules: a scrypt stanza must be the only stanza, the salt
 * exactly 16 canonical base64 bytes, the work factor a decimal without leading zeros and at
 * most {@link #MAX_WORK_FACTOR} (as age's reference implementation), the body 32 bytes. The
 * passphrase is copied as UTF-8 and wiped after use. Not thread-safe.
 */
final class ScryptStanza implements RecipientStanzaWriter, RecipientStanzaReader {
  static final String TYPE = "scrypt";
  /** age's default for new files (2^18). */
  static final int DEFAULT_WORK_FACTOR = 18;
  /** The largest work factor accepted when decrypting, as age's reference implementation. */
  static final int MAX_WORK_FACTOR = 22;
  private static final byte[] LABEL = "age-encryption.org/v1/scrypt"
      .getBytes(StandardCharsets.US_ASCII);
  private static final int SALT_LENGTH = 16;
  private static final int BODY_LENGTH = 32;

  private final char[] passphrase;
  private final int workFactor;
  private final SecureRandom rng;

  private ScryptStanza(char[] passphrase, int workFactor, SecureRandom rng) {
    if (passphrase.length == 0) {
      throw new IllegalArgumentException("the passphrase must not be empty");
    }
    this.passphrase = passphrase.clone();
    this.workFactor = workFactor;
    this.rng = rng;
  }

  static ScryptStanza writer(char[] passphrase, int workFactor, SecureRandom rng) {
    if (workFactor < 1 || workFactor > MAX_WORK_FACTOR) {
      throw new IllegalArgumentException("work factor must be 1-" + MAX_WORK_FACTOR);
    }
    return new ScryptStanza(passphrase, workFactor, rng);
  }

  static ScryptStanza reader(char[] passphrase) {
    return new ScryptStanza(passphrase, 0, null);
  }

  @Override
  public Iterable<RecipientStanza> getRecipientStanzas(FileKey fileKey)
      throws GeneralSecurityException {
    byte[] salt = new byte[SALT_LENGTH];
    rng.nextBytes(salt);
    CipherKey wrapKey = new CipherKey(wrapKey(salt, workFactor));
    try {
      EncryptedFileKey body = new FileKeyEncryptorFactory().newFileKeyEncryptor()
          .getEncryptedFileKey(fileKey, wrapKey);
      List<String> arguments = List.of(CanonicalBase64.getEncoder().encodeToString(salt),
          Integer.toString(workFactor));
      return List.of(new Stanza(TYPE, arguments, body.getEncoded()));
    } finally {
      wrapKey.destroy();
    }
  }

  @Override
  public FileKey getFileKey(Iterable<RecipientStanza> stanzas) throws GeneralSecurityException {
    List<RecipientStanza> all = new ArrayList<>();
    stanzas.forEach(all::add);
    List<RecipientStanza> scrypt = all.stream().filter(s -> TYPE.equals(s.getType())).toList();
    if (scrypt.isEmpty()) {
      throw new UnsupportedRecipientStanzaException("not encrypted with a passphrase "
          + "(no scrypt recipient)");
    }
    if (all.size() != 1) {
      throw new GeneralSecurityException("an scrypt recipient must be the only recipient");
    }
    RecipientStanza stanza = scrypt.get(0);
    List<String> arguments = stanza.getArguments();
    if (arguments.size() != 2) {
      throw new GeneralSecurityException("scrypt recipient: expected salt and work factor");
    }
    byte[] salt;
    try {
      salt = CanonicalBase64.getDecoder().decode(arguments.get(0)
          .getBytes(StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      throw new GeneralSecurityException("scrypt recipient: the salt is not canonical base64");
    }
    if (salt.length != SALT_LENGTH) {
      throw new GeneralSecurityException("scrypt recipient: the salt must be 16 bytes");
    }
    String factor = arguments.get(1);
    if (!factor.matches("[1-9][0-9]{0,1}")) {
      throw new GeneralSecurityException("scrypt recipient: bad work factor '" + factor + "'");
    }
    int logN = Integer.parseInt(factor);
    if (logN > MAX_WORK_FACTOR) {
      throw new GeneralSecurityException("scrypt recipient: work factor " + logN
          + " is above the limit " + MAX_WORK_FACTOR);
    }
    if (stanza.getBody().length != BODY_LENGTH) {
      throw new GeneralSecurityException("scrypt recipient: the body must be 32 bytes");
    }
    CipherKey wrapKey = new CipherKey(wrapKey(salt, logN));
    try {
      return new FileKeyDecryptorFactory().newFileKeyDecryptor()
          .getFileKey(new EncryptedFileKey(stanza.getBody()), wrapKey);
    } catch (GeneralSecurityException e) {
      throw new WrongAgePassphraseException();
    } finally {
      wrapKey.destroy();
    }
  }

  private byte[] wrapKey(byte[] salt, int logN) {
    byte[] password = utf8(passphrase);
    byte[] fullSalt = new byte[LABEL.length + salt.length];
    System.arraycopy(LABEL, 0, fullSalt, 0, LABEL.length);
    System.arraycopy(salt, 0, fullSalt, LABEL.length, salt.length);
    try {
      return SCrypt.generate(password, fullSalt, 1 << logN, 8, 1, 32);
    } finally {
      Arrays.fill(password, (byte) 0);
    }
  }

  private static byte[] utf8(char[] chars) {
    java.nio.ByteBuffer encoded = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(chars));
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);
    if (encoded.hasArray()) {
      Arrays.fill(encoded.array(), (byte) 0);
    }
    return bytes;
  }

  /** Wipes the passphrase copy. */
  void destroy() {
    Arrays.fill(passphrase, '\0');
  }

  private record Stanza(String type, List<String> arguments, byte[] body)
      implements RecipientStanza {
    @Override
    public String getType() {
      return type;
    }

    @Override
    public List<String> getArguments() {
      return arguments;
    }

    @Override
    public byte[] getBody() {
      return body.clone();
    }
  }

  /** The passphrase does not open the file (the wrapped file key failed authentication). */
  static final class WrongAgePassphraseException extends GeneralSecurityException {
    private static final long serialVersionUID = 1L;

    WrongAgePassphraseException() {
      super("wrong passphrase");
    }
  }
}
