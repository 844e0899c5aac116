package io.mpcium.inmemory;

import io.mpcium.PartyId;
import io.mpcium.spi.Transport;
import io.mpcium.spi.TransportException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default {@link Transport}: every node of one JVM shares one instance, which hands
 * frames from sender to receiver through per-receiver queues.
 *
 * <p>Frames are copied on send, so nodes share no mutable state. Each subscriber's handler runs
 * on a pooled daemon thread, one frame at a time and in order; different subscribers run in
 * parallel. A {@link FrameInterceptor} can drop, duplicate, reorder-by-holding or alter frames,
 * for fault-injection tests. Thread-safe.
 */
public final class InMemoryTransport implements Transport {
  private static final Logger log = LoggerFactory.getLogger(InMemoryTransport.class);
  private final Map<PartyId, Mailbox> mailboxes = new ConcurrentHashMap<>();
  private final ExecutorService executor;
  private final FrameInterceptor interceptor;
  private volatile boolean closed;

  /** A transport that delivers every frame unchanged. */
  public InMemoryTransport() {
    this(FrameInterceptor.PASS_THROUGH);
  }

  /** A transport whose frames pass through {@code interceptor} first (fault injection). */
  public InMemoryTransport(FrameInterceptor interceptor) {
    this.interceptor = Objects.requireNonNull(interceptor, "interceptor");
    this.executor = Executors.newCachedThreadPool(new DaemonThreads());
  }

  @Override
  public void send(PartyId from, PartyId to, byte[] frame) throws TransportException {
    if (closed) {
      throw new TransportException("transport is closed");
    }
    Mailbox mailbox = mailboxes.get(to);
    if (mailbox == null) {
      throw new TransportException("no route to " + to + ": it is not subscribed");
    }
    for (byte[] delivered : interceptor.intercept(from, to, frame.clone())) {
      mailbox.enqueue(delivered);
    }
  }

  @Override
  public Subscription subscribe(PartyId self, FrameHandler handler) throws TransportException {
    if (closed) {
      throw new TransportException("transport is closed");
    }
    Mailbox mailbox = new Mailbox(handler);
    if (mailboxes.putIfAbsent(self, mailbox) != null) {
      throw new TransportException(self + " is already subscribed");
    }
    return () -> mailboxes.remove(self, mailbox);
  }

  @Override
  public void close() {
    closed = true;
    mailboxes.clear();
    executor.shutdownNow();
  }

  /** Decides what becomes of each frame: deliver it, drop it, or deliver other frames. */
  @FunctionalInterface
  public interface FrameInterceptor {
    FrameInterceptor PASS_THROUGH = (from, to, frame) -> List.of(frame);

    /** Returns the frames to deliver to {@code to}, in order (empty to drop). */
    List<byte[]> intercept(PartyId from, PartyId to, byte[] frame);
  }

  /** One receiver's ordered queue, drained by at most one pooled thread at a time. */
  private final class Mailbox implements Runnable {
    private final FrameHandler handler;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private boolean draining;

    Mailbox(FrameHandler handler) {
      this.handler = handler;
    }

    void enqueue(byte[] frame) throws TransportException {
      synchronized (this) {
        queue.add(frame);
        if (draining) {
          return;
        }
        draining = true;
      }
      try {
        executor.execute(this);
      } catch (RuntimeException e) {
        throw new TransportException("transport is closed", e);
      }
    }

    @Override
    public void run() {
      while (true) {
        byte[] frame;
        synchronized (this) {
          frame = queue.poll();
          if (frame == null) {
            draining = false;
            return;
          }
        }
        try {
          handler.onFrame(frame);
        } catch (RuntimeException e) {
          // The handler broke its contract; keep delivering rather than go deaf.
          log.error("frame handler failed; frame dropped", e);
        } catch (Error e) {
          synchronized (this) {
            draining = false;
          }
          throw e;
        }
      }
    }
  }

  private static final class DaemonThreads implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, "mpcium-inmemory-transport-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }
  }
}
