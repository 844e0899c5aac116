package io.mpcium.store;

import io.mpcium.Scheduler;
import io.mpcium.VaultException;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backs up one {@link MapDbKeyStore} into one directory every {@code period}, and on demand
 * ({@link #backupNow()}), with {@link Backups}' format and rules (incremental, nothing written
 * when nothing changed). The backup key is derived once, when the scheduler starts; a failed
 * run is logged (without secrets), remembered in {@link #lastFailure()} and retried at the
 * next period.
 *
 * <p>Thread-safe: scheduled and on-demand runs never overlap. Time is injected: pass the
 * node's {@link Scheduler} and {@link Clock}.
 */
public final class BackupScheduler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BackupScheduler.class);

  private final Backups.Writer writer;
  private final Scheduler scheduler;
  private final Duration period;
  private final String name;
  private Scheduler.Cancellable next = () -> { };
  private Optional<String> lastFailure = Optional.empty();
  private boolean closed;

  private BackupScheduler(Backups.Writer writer, Scheduler scheduler, Duration period,
      String name) {
    this.writer = writer;
    this.scheduler = scheduler;
    this.period = period;
    this.name = name;
  }

  /**
   * Checks the passphrase against the store, derives the backup key and schedules the first
   * run one {@code period} from now. The passphrase array is not kept.
   *
   * @throws io.mpcium.WrongPassphraseException if the passphrase is not the store's
   */
  public static BackupScheduler start(MapDbKeyStore store, Path dir, char[] passphrase,
      Duration period, Scheduler scheduler, Clock clock) throws VaultException, IOException {
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(scheduler, "scheduler");
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("backup period must be positive, got " + period);
    }
    BackupScheduler started = new BackupScheduler(
        Backups.Writer.open(store, dir, passphrase, new SecureRandom(), clock), scheduler,
        period, "node " + store.nodeId() + " to " + dir);
    started.schedule();
    return started;
  }

  /** Runs a backup now; empty if nothing changed since the last one. */
  public synchronized Optional<Backups.Created> backupNow() throws IOException {
    if (closed) {
      throw new IllegalStateException("backups of " + name + " are stopped");
    }
    return writer.backup(false);
  }

  /** Why the last scheduled run failed; empty once a run succeeds. */
  public synchronized Optional<String> lastFailure() {
    return lastFailure;
  }

  private synchronized void schedule() {
    if (!closed) {
      next = scheduler.schedule(period, this::run);
    }
  }

  private void run() {
    synchronized (this) {
      if (closed) {
        return;
      }
      try {
        Optional<Backups.Created> created = writer.backup(false);
        created.ifPresent(c -> log.info("backup of {}: {} {} ({} records)", name, c.kind(),
            c.file().getFileName(), c.records()));
        lastFailure = Optional.empty();
      } catch (IOException | RuntimeException e) {
        lastFailure = Optional.of(String.valueOf(e.getMessage()));
        log.warn("backup of {} failed, retrying in {}: {}", name, period, e.getMessage());
      }
    }
    schedule();
  }

  /** Stops the schedule and wipes the backup key. Idempotent. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      next.cancel();
      writer.close();
    }
  }
}
