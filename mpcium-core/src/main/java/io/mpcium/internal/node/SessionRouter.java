package io.mpcium.internal.node;

import io.mpcium.internal.session.SessionDriver;
import io.mpcium.protocol.ProtocolAbort;
import io.mpcium.spi.Envelope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes envelopes to the active session with their session id. Envelopes for a session that
 * has not started here yet (its proposal is still on the way) wait in a bounded buffer for at
 * most one round timeout; envelopes for a session that ended are dropped. Every session is
 * removed when it ends, whatever the outcome. Thread-safe; sessions are called outside the lock.
 */
final class SessionRouter {
  private static final Logger log = LoggerFactory.getLogger(SessionRouter.class);
  private static final int MAX_PENDING_SESSIONS = 128;
  private static final int MAX_PENDING_PER_SENDER = 8;
  private static final long MAX_PENDING_BYTES = 64L * 1024 * 1024;
  private static final int REMEMBERED_ENDED = 4096;

  private final Clock clock;
  private final Duration pendingLifetime;
  private final Predicate<Envelope> authentic;
  private long pendingBytes;
  private final Map<String, SessionDriver<?>> active = new HashMap<>();
  private final LinkedHashMap<String, Pending> pending = new LinkedHashMap<>();
  private final LinkedHashMap<String, Boolean> ended = new LinkedHashMap<>(64, 0.75f, false) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > REMEMBERED_ENDED;
    }
  };

  private record Pending(Instant created, List<Envelope> envelopes) { }

  /**
   * @param authentic whether an envelope is signed by the registered node it names: only such
   *     envelopes are buffered for a session that has not started here, so strangers cannot
   *     fill the buffer or crowd out real messages
   */
  SessionRouter(Clock clock, Duration pendingLifetime, Predicate<Envelope> authentic) {
    this.clock = clock;
    this.pendingLifetime = pendingLifetime;
    this.authentic = authentic;
  }

  static String key(byte[] sessionId) {
    return HexFormat.of().formatHex(sessionId);
  }

  /** Whether a session with this id is active or has ended here. */
  synchronized boolean known(byte[] sessionId) {
    String key = key(sessionId);
    return active.containsKey(key) || ended.containsKey(key);
  }

  /** Makes a started session reachable and hands it the envelopes that arrived early. */
  void register(SessionDriver<?> driver) {
    List<Envelope> early;
    synchronized (this) {
      String key = key(driver.context().sessionId());
      if (active.putIfAbsent(key, driver) != null || ended.containsKey(key)) {
        throw new IllegalStateException("session " + driver.context().shortId()
            + " already exists");
      }
      Pending waiting = pending.remove(key);
      early = waiting == null ? List.of() : waiting.envelopes();
      release(early);
    }
    early.forEach(driver::deliver);
  }

  void deliver(Envelope envelope) {
    String key = key(envelope.sessionId());
    SessionDriver<?> driver;
    synchronized (this) {
      driver = active.get(key);
      if (driver == null && ended.containsKey(key)) {
        return;
      }
    }
    if (driver != null) {
      driver.deliver(envelope);
      return;
    }
    // Checked outside the lock: a signature check is the expensive part.
    if (!authentic.test(envelope)) {
      log.warn("dropped an envelope for unknown session {} not signed by its sender {}",
          key.substring(0, 8), envelope.from());
      return;
    }
    synchronized (this) {
      driver = active.get(key);
      if (driver == null) {
        if (!ended.containsKey(key)) {
          buffer(key, envelope);
        }
        return;
      }
    }
    driver.deliver(envelope);
  }

  /** Ends a session, active or not yet started here, with the given reason. */
  void abort(byte[] sessionId, ProtocolAbort reason) {
    SessionDriver<?> driver;
    synchronized (this) {
      String key = key(sessionId);
      Pending waiting = pending.remove(key);
      if (waiting != null) {
        release(waiting.envelopes());
      }
      driver = active.get(key);
      if (driver == null) {
        ended.put(key, Boolean.TRUE);
        return;
      }
    }
    driver.abort(reason);
  }

  /** Called by a session when it ends. */
  synchronized void ended(SessionDriver<?> driver) {
    String key = key(driver.context().sessionId());
    active.remove(key, driver);
    ended.put(key, Boolean.TRUE);
    if (active.isEmpty()) {
      notifyAll();
    }
  }

  /**
   * Waits until {@code notBefore}, then until no session is active, but not past {@code
   * deadline} (both {@link System#nanoTime} values). Returns the number of sessions still
   * active.
   */
  synchronized int awaitIdle(long notBefore, long deadline) throws InterruptedException {
    long left;
    while ((left = Math.min(notBefore, deadline) - System.nanoTime()) > 0) {
      java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    while (!active.isEmpty() && (left = deadline - System.nanoTime()) > 0) {
      java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return active.size();
  }

  synchronized int activeSessions() {
    return active.size();
  }

  synchronized int pendingSessions() {
    expire();
    return pending.size();
  }

  /** Envelopes waiting for sessions that have not started here; for tests. */
  synchronized int pendingEnvelopes() {
    expire();
    return pending.values().stream().mapToInt(p -> p.envelopes().size()).sum();
  }

  void abortAll(ProtocolAbort reason) {
    List<SessionDriver<?>> drivers;
    synchronized (this) {
      drivers = new ArrayList<>(active.values());
      pending.clear();
      pendingBytes = 0;
    }
    drivers.forEach(d -> d.abort(reason));
  }

  private void buffer(String key, Envelope envelope) {
    expire();
    Pending waiting = pending.get(key);
    if (waiting == null) {
      if (pending.size() >= MAX_PENDING_SESSIONS) {
        log.warn("dropped an envelope for unknown session {}: too many sessions pending",
            key.substring(0, 8));
        return;
      }
      waiting = new Pending(clock.instant(), new ArrayList<>());
      pending.put(key, waiting);
    }
    long fromSender = waiting.envelopes().stream()
        .filter(e -> e.from().equals(envelope.from())).count();
    int size = envelope.payload().length + envelope.echo().length;
    if (fromSender >= MAX_PENDING_PER_SENDER || pendingBytes + size > MAX_PENDING_BYTES) {
      log.warn("dropped an envelope from {} for unknown session {}: its buffer is full",
          envelope.from(), key.substring(0, 8));
      return;
    }
    waiting.envelopes().add(envelope);
    pendingBytes += size;
  }

  private void expire() {
    Instant cutoff = clock.instant().minus(pendingLifetime);
    Iterator<Pending> it = pending.values().iterator();
    while (it.hasNext()) {
      Pending waiting = it.next();
      if (waiting.created().isBefore(cutoff)) {
        release(waiting.envelopes());
        it.remove();
      }
    }
  }

  private void release(List<Envelope> envelopes) {
    for (Envelope e : envelopes) {
      pendingBytes -= e.payload().length + e.echo().length;
    }
  }
}
