package io.mpcium.internal.session;

import io.mpcium.Scheduler;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** The default {@link Scheduler}: one daemon thread, owned and shut down by its node. */
public final class ExecutorScheduler implements Scheduler, AutoCloseable {
  private final ScheduledExecutorService executor;

  public ExecutorScheduler(String threadName) {
    executor = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, threadName);
      thread.setDaemon(true);
      return thread;
    });
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    ScheduledFuture<?> future = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    return () -> future.cancel(false);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
