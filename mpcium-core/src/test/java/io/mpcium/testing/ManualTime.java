package io.mpcium.testing;

import io.mpcium.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A clock and scheduler that move only when a test calls {@link #advance}: timeouts fire without
 * sleeping. Tasks due by the new time run in the calling thread, in deadline order. Thread-safe.
 */
public final class ManualTime extends Clock implements Scheduler {
  private final PriorityQueue<Task> tasks = new PriorityQueue<>();
  private Instant now;
  private long sequence;

  public ManualTime() {
    this(Instant.parse("2026-01-01T00:00:00Z"));
  }

  public ManualTime(Instant start) {
    this.now = start;
  }

  private final class Task implements Comparable<Task>, Cancellable {
    final Instant due;
    final long order;
    final Runnable action;
    boolean cancelled;

    Task(Instant due, long order, Runnable action) {
      this.due = due;
      this.order = order;
      this.action = action;
    }

    @Override
    public int compareTo(Task other) {
      int byDue = due.compareTo(other.due);
      return byDue != 0 ? byDue : Long.compare(order, other.order);
    }

    @Override
    public void cancel() {
      synchronized (ManualTime.this) {
        cancelled = true;
        tasks.remove(this);
      }
    }
  }

  @Override
  public synchronized Cancellable schedule(Duration delay, Runnable action) {
    Task task = new Task(now.plus(delay), sequence++, action);
    tasks.add(task);
    return task;
  }

  /** Moves time forward and runs every task that is due, including tasks they schedule. */
  public void advance(Duration duration) {
    Instant target;
    synchronized (this) {
      target = now.plus(duration);
    }
    while (true) {
      List<Task> due = new ArrayList<>();
      synchronized (this) {
        Task head = tasks.peek();
        if (head == null || head.due.isAfter(target)) {
          now = target;
          return;
        }
        now = head.due;
        due.add(tasks.poll());
      }
      due.forEach(task -> task.action.run());
    }
  }

  public synchronized int pendingTasks() {
    return tasks.size();
  }

  @Override
  public synchronized Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("ManualTime is always UTC");
  }
}
