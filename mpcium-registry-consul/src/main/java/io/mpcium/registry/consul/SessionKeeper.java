package io.mpcium.registry.consul;

import com.ecwid.consul.v1.QueryParams;
import com.ecwid.consul.v1.session.model.NewSession;
import com.ecwid.consul.v1.session.model.Session;
import io.mpcium.spi.RegistryException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Consul session that this registry's ready keys are tied to. Created on first use with a
 * TTL, {@code delete} behaviour and no lock delay; renewed every third of the TTL by a daemon
 * thread. If the node stops renewing (it died, or it lost Consul for longer than Consul's grace
 * of up to twice the TTL), Consul deletes the ready keys and every other node sees it not ready.
 *
 * <p>When renewing fails because Consul cannot be reached, the keeper retries with a short
 * back-off (100 ms doubling up to 1 s). When Consul answers that the session is gone (it expired,
 * or the agent lost its state), the keeper creates a new session and asks its {@link Recovery}
 * to write everything again.
 *
 * <p>Threading: every method, and the keeper's own work, runs while holding the lock given at
 * construction (the registry's), so the registry's state and the session change together.
 */
final class SessionKeeper implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SessionKeeper.class);
  private static final long FIRST_RETRY_MILLIS = 100;

  /** What the registry does with a new session after the previous one was lost. */
  interface Recovery {
    /** Whether anything needs a session now (some ready key is wanted). */
    boolean needsSession();

    /** Writes again, with {@code sessionId}, whatever the lost session held. */
    void recover(String sessionId) throws RegistryException;
  }

  private final ConsulHttp http;
  private final Duration ttl;
  private final String name;
  private final Object lock;
  private final Recovery recovery;
  private final ScheduledExecutorService timer;
  private final long retryCapMillis;

  private String sessionId;
  private boolean reachable = true;
  private long retryMillis = FIRST_RETRY_MILLIS;
  private ScheduledFuture<?> next;
  private boolean closed;

  SessionKeeper(ConsulHttp http, Duration ttl, String name, Object lock, Recovery recovery) {
    this.http = http;
    this.ttl = ttl;
    this.name = name;
    this.lock = lock;
    this.recovery = recovery;
    this.retryCapMillis = Math.max(FIRST_RETRY_MILLIS, Math.min(1_000, ttl.toMillis() / 3));
    this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "mpcium-consul-session-" + name);
      thread.setDaemon(true);
      return thread;
    });
  }

  /** The live session, created now if there is none. Call with the lock held. */
  String session() throws RegistryException {
    if (closed) {
      throw new IllegalStateException("the Consul registry is closed");
    }
    if (sessionId == null) {
      sessionId = create();
      schedule(renewMillis());
    }
    return sessionId;
  }

  /**
   * Consul refused to let the current session hold a key because the session no longer
   * exists: forget it so that {@link #session()} makes a new one. Call with the lock held.
   */
  void sessionLost() {
    sessionId = null;
  }

  /** Stops renewing and destroys the session, which deletes the keys it holds (best effort). */
  @Override
  public void close() {
    String last;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      if (next != null) {
        next.cancel(false);
      }
      last = sessionId;
      sessionId = null;
    }
    timer.shutdownNow();
    if (last != null) {
      try {
        http.call("destroy session " + last, c -> c.sessionDestroy(last, QueryParams.DEFAULT));
      } catch (RegistryException e) {
        log.warn("could not destroy Consul session {} ({}); its keys expire with its TTL",
            last, e.getMessage());
      }
    }
  }

  private void tick() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      try {
        if (sessionId != null && !renew(sessionId)) {
          log.warn("Consul session {} of {} expired; creating a new one", sessionId, name);
          sessionId = null;
        }
        if (sessionId == null && recovery.needsSession()) {
          String created = create();
          sessionId = created;
          recovery.recover(created);
        }
        if (!reachable) {
          log.info("Consul at {} is reachable again", http.address());
        }
        reachable = true;
        retryMillis = FIRST_RETRY_MILLIS;
        if (sessionId != null) {
          schedule(renewMillis());
        }
      } catch (RegistryException | RuntimeException e) {
        if (reachable) {
          log.warn("Consul at {}: {}; retrying", http.address(), e.getMessage());
        }
        reachable = false;
        schedule(retryMillis);
        retryMillis = Math.min(retryCapMillis, retryMillis * 2);
      }
    }
  }

  private boolean renew(String id) throws RegistryException {
    try {
      Session renewed = http.call("renew session " + id,
          c -> c.renewSession(id, QueryParams.DEFAULT).getValue());
      return renewed != null;
    } catch (RegistryException e) {
      if (ConsulHttp.isUnknownSession(e)) {
        return false;
      }
      throw e;
    }
  }

  private String create() throws RegistryException {
    NewSession spec = new NewSession();
    spec.setName(name);
    spec.setTtl(ttl.toSeconds() + "s");
    spec.setBehavior(Session.Behavior.DELETE);
    spec.setLockDelay(0);
    String id = http.call("create a session", c -> c.sessionCreate(spec, QueryParams.DEFAULT)
        .getValue());
    if (id == null || id.isEmpty()) {
      throw new RegistryException("Consul at " + http.address() + " created a session without "
          + "an id");
    }
    log.debug("Consul session {} created for {}", id, name);
    return id;
  }

  private void schedule(long delayMillis) {
    if (next != null) {
      next.cancel(false);
    }
    if (!closed) {
      next = timer.schedule(this::tick, delayMillis, TimeUnit.MILLISECONDS);
    }
  }

  private long renewMillis() {
    return Math.max(100, ttl.toMillis() / 3);
  }
}
