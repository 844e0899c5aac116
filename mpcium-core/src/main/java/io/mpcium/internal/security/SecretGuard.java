package io.mpcium.internal.security;

import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Guards the secret arrays of one holder (an identity, an initiator key, a vault, a sealer):
 * any number of threads may use the secrets at once, {@link #destroy} waits for them and wipes
 * exactly once, and every use after that fails with {@link IllegalStateException}. Thread-safe.
 */
public final class SecretGuard {
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final String holder;
  private boolean destroyed;

  /** @param holder how error messages name the holder, e.g. {@code "identity of node0"} */
  public SecretGuard(String holder) {
    this.holder = holder;
  }

  /** Work that reads the secrets; may throw a checked exception of its own. */
  @FunctionalInterface
  public interface Use<T, E extends Exception> {
    T run() throws E;
  }

  /** Runs {@code use} while the secrets cannot be wiped; fails if they already were. */
  public <T, E extends Exception> T use(Use<T, E> use) throws E {
    lock.readLock().lock();
    try {
      requireLive();
      return use.run();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Fails fast if the secrets were wiped (for work that does not read them itself). */
  public void requireLive() {
    if (isDestroyed()) {
      throw new IllegalStateException(holder + " has been destroyed");
    }
  }

  /** Runs {@code wipe} once, after every use in progress has finished. Idempotent. */
  public void destroy(Runnable wipe) {
    lock.writeLock().lock();
    try {
      if (!destroyed) {
        destroyed = true;
        wipe.run();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  public boolean isDestroyed() {
    lock.readLock().lock();
    try {
      return destroyed;
    } finally {
      lock.readLock().unlock();
    }
  }
}
