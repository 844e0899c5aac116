package io.mpcium.store;

import java.io.IOException;

/**
 * A backup could not be written or restored: a file is truncated, malformed or corrupted, it
 * belongs to another node, backups are missing from a chain, or the restore target is in use.
 * The message names the file or directory. Nothing was changed.
 */
public final class BackupException extends IOException {
  private static final long serialVersionUID = 1L;

  public BackupException(String message) {
    super(message);
  }

  public BackupException(String message, Throwable cause) {
    super(message, cause);
  }
}
