package io.mpcium.internal.security;

import io.mpcium.VaultException;
import io.mpcium.WrongPassphraseException;
import io.mpcium.internal.codec.ByteReader;
import io.mpcium.internal.codec.ByteWriter;
import io.mpcium.internal.codec.MalformedMessageException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.security.auth.Destroyable;

/**
 * Encrypts key shares before they reach any {@code KeyStore}, under a key derived from the vault
 * passphrase.
 *
 * <p>The passphrase goes through scrypt once, when the vault is opened ({@link KdfParams}).
 * Each record is AES-256-GCM with a fresh random 96-bit nonce; the associated data binds the
 * format, the record id, the record version and the KDF parameters, so a record moved to another
 * id or version, or altered in any byte, does not open. Record layout ({@link ByteWriter}):
 * {@code "MPCV" | u8 format=1 | kdf(algorithm, N, r, p, salt) | nonce[12]
 * | bytes(ciphertext||tag)}.
 * A record written under other KDF parameters (an older vault setting) still opens: its key is
 * derived from the record's own parameters, and cached once it has authenticated a record.
 *
 * <p>The vault keeps its own UTF-8 copy of the passphrase (needed for such records) and the
 * derived keys; {@link #destroy()} zeroes them. The caller's {@code char[]} is not retained and
 * may be wiped right after {@link #open(char[], KdfParams, SecureRandom)} returns.
 *
 * <p>Thread-safe: seal and open may run concurrently; destroy waits for them.
 */
public final class ShareVault implements Destroyable {
  static final byte[] MAGIC = {'M', 'P', 'C', 'V'};
  static final int FORMAT = 1;
  static final int NONCE_LENGTH = 12;
  static final int TAG_LENGTH = 16;
  private static final int MAX_RECORD_ID = 1024;
  private static final int MAX_CACHED_KEYS = 8;
  private static final String CIPHER = "AES/GCM/NoPadding";

  private final byte[] passphrase;
  private final KdfParams params;
  private final byte[] masterKey;
  private final ConcurrentHashMap<KdfParams, byte[]> otherKeys = new ConcurrentHashMap<>();
  private final SecureRandom rng;
  private final SecretGuard guard = new SecretGuard("share vault");

  private ShareVault(byte[] passphrase, KdfParams params, SecureRandom rng) {
    this.passphrase = passphrase;
    this.params = params;
    this.rng = rng;
    this.masterKey = params.derive(passphrase);
  }

  /**
   * Opens a vault: derives the master key from {@code passphrase} with {@code params} (the
   * slow step). Use {@link KdfParams#defaults} for a new vault and the stored {@link #params()}
   * to reopen an existing one.
   *
   * @throws IllegalArgumentException if the passphrase is empty or not valid Unicode
   */
  public static ShareVault open(char[] passphrase, KdfParams params, SecureRandom rng) {
    Objects.requireNonNull(passphrase, "passphrase");
    Objects.requireNonNull(params, "params");
    Objects.requireNonNull(rng, "rng");
    if (passphrase.length == 0) {
      throw new IllegalArgumentException("vault passphrase must not be empty");
    }
    return new ShareVault(utf8(passphrase), params, rng);
  }

  /**
   * The KDF parameters a sealed record was written under, read without any key: how a node
   * reopens its vault with the parameters (and salt) its existing records use.
   *
   * @throws VaultException if the bytes are not a vault record
   */
  public static KdfParams paramsOf(byte[] sealed) throws VaultException {
    try {
      ByteReader in = new ByteReader(sealed);
      if (!Arrays.equals(in.raw(MAGIC.length), MAGIC)) {
        throw new VaultException("not a vault record (bad magic)");
      }
      int format = in.u8();
      if (format != FORMAT) {
        throw new VaultException("unknown vault format " + format);
      }
      return KdfParams.readFrom(in);
    } catch (MalformedMessageException e) {
      throw new VaultException("malformed vault record: " + e.getMessage());
    }
  }

  /** The KDF parameters (including salt) this vault seals under; public, safe to store. */
  public KdfParams params() {
    return params;
  }

  /** Encrypts {@code plaintext} as record {@code recordId} version {@code version}. */
  public byte[] seal(String recordId, int version, byte[] plaintext) {
    checkRecord(recordId, version);
    Objects.requireNonNull(plaintext, "plaintext");
    byte[] nonce = new byte[NONCE_LENGTH];
    rng.nextBytes(nonce);
    byte[] ciphertext;
    try {
      ciphertext = guard.use(() -> {
        Cipher cipher = Cipher.getInstance(CIPHER);
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(masterKey, "AES"),
            new GCMParameterSpec(TAG_LENGTH * 8, nonce));
        cipher.updateAAD(associatedData(recordId, version, params));
        return cipher.doFinal(plaintext);
      });
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM encryption failed", e);
    }
    ByteWriter out = new ByteWriter(ciphertext.length + 96).raw(MAGIC).u8(FORMAT);
    params.writeTo(out);
    return out.raw(nonce).bytes(ciphertext).toByteArray();
  }

  /**
   * Decrypts a record sealed by a vault with the same passphrase as {@code recordId} version
   * {@code version}. {@code sealed} is not modified.
   *
   * @throws WrongPassphraseException if the record does not authenticate (wrong passphrase,
   *     tampered record, or a record stored under another id or version)
   * @throws VaultException if the record is malformed
   */
  public byte[] open(String recordId, int version, byte[] sealed) throws VaultException {
    checkRecord(recordId, version);
    Objects.requireNonNull(sealed, "sealed");
    String name = "record " + recordId + " v" + version;
    KdfParams recordParams;
    byte[] nonce;
    byte[] ciphertext;
    try {
      ByteReader in = new ByteReader(sealed);
      if (!Arrays.equals(in.raw(MAGIC.length), MAGIC)) {
        throw new VaultException(name + " is not a vault record (bad magic)");
      }
      int format = in.u8();
      if (format != FORMAT) {
        throw new VaultException(name + " has unknown vault format " + format);
      }
      recordParams = KdfParams.readFrom(in);
      nonce = in.raw(NONCE_LENGTH);
      ciphertext = in.bytes(ByteReader.MAX_FIELD);
      in.end();
    } catch (MalformedMessageException e) {
      throw new VaultException(name + " is malformed: " + e.getMessage());
    }
    if (ciphertext.length < TAG_LENGTH) {
      throw new VaultException(name + " is malformed: ciphertext shorter than the GCM tag");
    }
    try {
      return guard.use(() -> decrypt(recordId, version, recordParams, nonce, ciphertext));
    } catch (AEADBadTagException e) {
      throw new WrongPassphraseException(name + " does not open with this vault passphrase"
          + " (wrong passphrase or tampered record)");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM decryption failed", e);
    }
  }

  /** Decrypts with the key of the record's own KDF parameters; caller holds the guard. */
  private byte[] decrypt(String recordId, int version, KdfParams recordParams, byte[] nonce,
      byte[] ciphertext) throws GeneralSecurityException {
    boolean own = recordParams.equals(params);
    byte[] key = own ? masterKey : otherKeys.get(recordParams);
    boolean fresh = key == null;
    if (fresh) {
      key = recordParams.derive(passphrase);
    }
    try {
      Cipher cipher = Cipher.getInstance(CIPHER);
      cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
          new GCMParameterSpec(TAG_LENGTH * 8, nonce));
      cipher.updateAAD(associatedData(recordId, version, recordParams));
      byte[] plaintext = cipher.doFinal(ciphertext);
      // Cache a key for foreign parameters only once it has authenticated a record, and only
      // a few, so that hostile records cannot grow the cache.
      if (fresh && otherKeys.size() < MAX_CACHED_KEYS
          && otherKeys.putIfAbsent(recordParams, key) == null) {
        fresh = false;
      }
      return plaintext;
    } finally {
      if (fresh) {
        Arrays.fill(key, (byte) 0);
      }
    }
  }

  /** Zeroes the passphrase copy and every derived key. Idempotent. */
  @Override
  public void destroy() {
    guard.destroy(() -> {
      Arrays.fill(passphrase, (byte) 0);
      Arrays.fill(masterKey, (byte) 0);
      otherKeys.values().forEach(k -> Arrays.fill(k, (byte) 0));
      otherKeys.clear();
    });
  }

  @Override
  public boolean isDestroyed() {
    return guard.isDestroyed();
  }

  /** Number of cached keys for records written under other KDF parameters; for tests. */
  int foreignKeyCount() {
    return otherKeys.size();
  }

  @Override
  public String toString() {
    return "ShareVault[" + params + (isDestroyed() ? ", destroyed" : "") + "]";
  }

  private static byte[] associatedData(String recordId, int version, KdfParams kdf) {
    ByteWriter aad = new ByteWriter(128).raw(MAGIC).u8(FORMAT).string(recordId).u32(version);
    kdf.writeTo(aad);
    return aad.toByteArray();
  }

  private static void checkRecord(String recordId, int version) {
    Objects.requireNonNull(recordId, "recordId");
    if (recordId.isEmpty() || recordId.length() > MAX_RECORD_ID) {
      throw new IllegalArgumentException(
          "record id must be 1 to " + MAX_RECORD_ID + " characters, got " + recordId.length());
    }
    if (version < 0) {
      throw new IllegalArgumentException("record version must not be negative, got " + version);
    }
  }

  private static byte[] utf8(char[] chars) {
    CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer buffer = null;
    try {
      buffer = encoder.encode(CharBuffer.wrap(chars));
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("vault passphrase is not valid Unicode");
    } finally {
      if (buffer != null && buffer.hasArray()) {
        Arrays.fill(buffer.array(), (byte) 0);
      }
    }
  }
}
