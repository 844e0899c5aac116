package io.mpcium.spi;

import io.mpcium.VaultException;
import java.util.List;
import java.util.Optional;

/**
 * Durable, atomic, versioned storage of opaque records, keyed by {@code (keyId, version)}.
 *
 * <p>Records are ciphertext: the core's share vault encrypts every key share before it reaches a
 * key store, so an implementation never sees a secret. <b>Guarantees.</b> {@link #put} is atomic
 * (after a crash the record is either wholly there or absent) and never overwrites: a second put
 * of the same {@code (keyId, version)} is refused. Reads return exactly the bytes written.
 *
 * <p><b>Threading.</b> All methods are thread-safe and may block on I/O.
 */
public interface KeyStore extends AutoCloseable {

  /** Stores a new record; fails if {@code (keyId, version)} already exists. */
  void put(String keyId, int version, byte[] record) throws KeyStoreException;

  Optional<byte[]> get(String keyId, int version) throws KeyStoreException;

  /** The stored versions of a key, ascending; empty if the key is unknown. */
  List<Integer> versions(String keyId) throws KeyStoreException;

  /** Every key id with at least one stored version, sorted. */
  List<String> keyIds() throws KeyStoreException;

  /** Deletes one version; returns whether it existed. */
  boolean delete(String keyId, int version) throws KeyStoreException;

  /**
   * Replaces every record by {@code transform}'s result, all at once: after a crash or a failure
   * either every record has its new bytes or every record still has its old ones. How the vault
   * passphrase is rotated. {@code transform} is called once per record, may run under the
   * store's lock and must not call back into the store. If it throws, nothing is changed and
   * its exception propagates.
   *
   * <p>The default implementation refuses: a store that cannot do this atomically must not
   * pretend to.
   *
   * @return how many records were rewritten
   */
  default int rewriteAll(RecordTransform transform) throws KeyStoreException, VaultException {
    throw new KeyStoreException(getClass().getSimpleName()
        + " cannot rewrite its records atomically");
  }

  /** New bytes for one record, for {@link #rewriteAll}. */
  @FunctionalInterface
  interface RecordTransform {
    byte[] apply(String keyId, int version, byte[] record) throws VaultException;
  }

  @Override
  void close();
}
