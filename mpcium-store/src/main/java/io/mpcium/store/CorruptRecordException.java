package io.mpcium.store;

import io.mpcium.spi.KeyStoreException;

/**
 * A stored record's bytes no longer match the checksum written with them (a flipped bit on
 * disk, or an edit of the file). Only that record is affected: the store keeps serving the
 * others. Restore the record from a backup.
 */
public final class CorruptRecordException extends KeyStoreException {
  private static final long serialVersionUID = 1L;

  private final String keyId;
  private final int version;

  CorruptRecordException(String keyId, int version, String detail) {
    super("record " + keyId + " v" + version + " is corrupt: " + detail
        + "; restore it from a backup");
    this.keyId = keyId;
    this.version = version;
  }

  public String keyId() {
    return keyId;
  }

  public int version() {
    return version;
  }
}
