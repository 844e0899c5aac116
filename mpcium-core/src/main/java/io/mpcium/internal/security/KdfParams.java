package io.mpcium.internal.security;

import io.mpcium.internal.codec.ByteReader;
import io.mpcium.internal.codec.ByteWriter;
import io.mpcium.internal.codec.MalformedMessageException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * How a vault turns its passphrase into a key: scrypt with cost {@code n}, block size {@code r},
 * parallelism {@code p} and a random {@code salt}. Stored with every sealed record, so records
 * describe themselves. Immutable; the salt is copied in and out.
 *
 * <p>Two algorithm ids exist. {@value #SCRYPT} requires {@code n >= 2^14} (the default is
 * {@code n = 2^15, r = 8, p = 1}). {@value #SCRYPT_TESTING} is the same function with a floor
 * of {@code 2^10}, labelled so that weak test parameters can never pass as production ones; it
 * is only created by {@link #forTesting}. Upper bounds (at most 256 MiB of memory and bounded
 * work) stop a tampered record from exhausting the machine that opens it.
 */
public record KdfParams(String algorithm, int n, int r, int p, byte[] salt) {
  /** scrypt with production cost floors. */
  public static final String SCRYPT = "scrypt";
  /** scrypt with a cost floor low enough for fast tests. Never use it for real shares. */
  public static final String SCRYPT_TESTING = "scrypt-testing-only";

  public static final int DEFAULT_N = 1 << 15;
  public static final int DEFAULT_R = 8;
  public static final int DEFAULT_P = 1;
  public static final int MIN_N = 1 << 14;
  public static final int TESTING_N = 1 << 10;
  public static final int SALT_LENGTH = 16;
  static final int KEY_LENGTH = 32;
  private static final int MAX_SALT = 64;
  private static final int MAX_N_TIMES_R = 1 << 21;
  private static final int MAX_WORK = 1 << 23;

  public KdfParams {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(salt, "salt");
    int floor;
    if (algorithm.equals(SCRYPT)) {
      floor = MIN_N;
    } else if (algorithm.equals(SCRYPT_TESTING)) {
      floor = TESTING_N;
    } else {
      throw new IllegalArgumentException("unknown KDF algorithm '" + algorithm
          + "' (supported: " + SCRYPT + ")");
    }
    if (n < floor || Integer.bitCount(n) != 1) {
      throw new IllegalArgumentException(
          algorithm + " cost N must be a power of two of at least " + floor + ", got " + n);
    }
    if (r < 1 || r > 64 || p < 1 || p > 16) {
      throw new IllegalArgumentException(
          algorithm + " needs 1 <= r <= 64 and 1 <= p <= 16, got r=" + r + " p=" + p);
    }
    if ((long) n * r > MAX_N_TIMES_R || (long) n * r * p > MAX_WORK) {
      throw new IllegalArgumentException(algorithm + " parameters N=" + n + " r=" + r + " p=" + p
          + " exceed the memory or work limit (N*r <= 2^21, N*r*p <= 2^23)");
    }
    if (salt.length < SALT_LENGTH || salt.length > MAX_SALT) {
      throw new IllegalArgumentException("KDF salt must be " + SALT_LENGTH + " to " + MAX_SALT
          + " bytes, got " + salt.length);
    }
    salt = salt.clone();
  }

  /** Production defaults (scrypt N=2^15, r=8, p=1) with a fresh 16-byte salt. */
  public static KdfParams defaults(SecureRandom rng) {
    return new KdfParams(SCRYPT, DEFAULT_N, DEFAULT_R, DEFAULT_P, freshSalt(rng));
  }

  /** Cheap parameters (N=2^10) for tests only, labelled {@value #SCRYPT_TESTING}. */
  public static KdfParams forTesting(SecureRandom rng) {
    return new KdfParams(SCRYPT_TESTING, TESTING_N, DEFAULT_R, DEFAULT_P, freshSalt(rng));
  }

  /** The same cost with a fresh salt: for a new vault that keeps an existing cost setting. */
  public KdfParams withFreshSalt(SecureRandom rng) {
    return new KdfParams(algorithm, n, r, p, freshSalt(rng));
  }

  @Override
  public byte[] salt() {
    return salt.clone();
  }

  /** Self-describing binary form, as stored in sealed records. */
  public byte[] encode() {
    ByteWriter out = new ByteWriter(64);
    writeTo(out);
    return out.toByteArray();
  }

  public static KdfParams decode(byte[] encoded) throws MalformedMessageException {
    ByteReader in = new ByteReader(encoded);
    KdfParams params = readFrom(in);
    in.end();
    return params;
  }

  void writeTo(ByteWriter out) {
    out.string(algorithm).u32(n).u32(r).u32(p).bytes(salt);
  }

  static KdfParams readFrom(ByteReader in) throws MalformedMessageException {
    String algorithm = in.string(32);
    int n = in.u32();
    int r = in.u32();
    int p = in.u32();
    byte[] salt = in.bytes(MAX_SALT);
    try {
      return new KdfParams(algorithm, n, r, p, salt);
    } catch (IllegalArgumentException e) {
      throw new MalformedMessageException("invalid KDF parameters: " + e.getMessage());
    }
  }

  /** A 32-byte key from the passphrase (UTF-8). The caller owns and should zero the result. */
  byte[] derive(byte[] passphrase) {
    return SCrypt.generate(passphrase, salt, n, r, p, KEY_LENGTH);
  }

  private static byte[] freshSalt(SecureRandom rng) {
    Objects.requireNonNull(rng, "rng");
    byte[] salt = new byte[SALT_LENGTH];
    rng.nextBytes(salt);
    return salt;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof KdfParams k && algorithm.equals(k.algorithm) && n == k.n && r == k.r
        && p == k.p && Arrays.equals(salt, k.salt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(algorithm, n, r, p, Arrays.hashCode(salt));
  }

  @Override
  public String toString() {
    return "KdfParams[" + algorithm + " N=" + n + " r=" + r + " p=" + p + ", "
        + salt.length + "-byte salt]";
  }
}
