package io.mpcium.registry.consul;

import com.ecwid.consul.v1.QueryParams;
import com.ecwid.consul.v1.Response;
import io.mpcium.PartyId;
import io.mpcium.spi.RegistryException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the {@code ready/} directory with Consul blocking queries (each waits up to the
 * configured time for the directory's index to move, so a change arrives as soon as Consul has
 * it and nothing is polled on a timer) and tells its listeners the set of ready nodes whenever it
 * changes. After a failure it starts over with a plain read (a restarted agent's index may have
 * gone backwards), retrying with a back-off of 100 ms doubling up to 1 s, and tells its listeners
 * the set it then finds even if it did not change, so they learn that Consul is back.
 *
 * <p>Threading: one daemon thread, started with the first listener, runs the queries and calls
 * the listeners in order; a listener must not block for long.
 */
final class ReadinessWatch implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ReadinessWatch.class);

  /** Maps the node ids under {@code ready/} to node names. */
  interface Names {
    Set<PartyId> ofReadyKeys(List<String> keys) throws RegistryException;
  }

  private final ConsulHttp http;
  private final String directory;
  private final long waitSeconds;
  private final Names names;
  private final List<Consumer<Set<PartyId>>> listeners = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService thread;

  // Touched only by the watch thread.
  private long index;
  private long retryMillis = 100;
  private Set<PartyId> last;
  private boolean resync;

  private volatile boolean started;
  private volatile boolean closed;

  ReadinessWatch(ConsulHttp http, String directory, Duration wait, Names names, String label) {
    this.http = http;
    this.directory = directory;
    this.waitSeconds = wait.toSeconds();
    this.names = names;
    this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread t = new Thread(runnable, "mpcium-consul-watch-" + label);
      t.setDaemon(true);
      return t;
    });
  }

  /** Adds a listener; it hears the current set first, then every change. */
  ConsulPeerRegistry.Subscription add(Consumer<Set<PartyId>> listener) {
    if (closed) {
      throw new IllegalStateException("the Consul registry is closed");
    }
    listeners.add(listener);
    synchronized (this) {
      if (!started) {
        started = true;
        submit(this::query, 0);
      } else {
        submit(() -> {
          if (last != null) {
            deliver(listener, last);
          }
        }, 0);
      }
    }
    return () -> listeners.remove(listener);
  }

  @Override
  public void close() {
    closed = true;
    listeners.clear();
    thread.shutdownNow();
  }

  private void query() {
    if (closed) {
      return;
    }
    try {
      QueryParams blocking = QueryParams.Builder.builder()
          .setIndex(index).setWaitTime(waitSeconds).build();
      Response<List<String>> response = http.call("watch " + directory,
          c -> c.getKVKeysOnly(directory, null, null, blocking));
      long newIndex = response.getConsulIndex() == null ? 0 : response.getConsulIndex();
      // Consul's rules for blocking clients: an index that went backwards starts over, and an
      // index must stay above zero.
      index = newIndex < index ? 0 : Math.max(1, newIndex);
      List<String> keys = response.getValue() == null ? List.of() : response.getValue();
      Set<PartyId> ready = Set.copyOf(names.ofReadyKeys(keys));
      retryMillis = 100;
      if (resync || !ready.equals(last)) {
        resync = false;
        last = ready;
        for (Consumer<Set<PartyId>> listener : listeners) {
          deliver(listener, ready);
        }
      }
      submit(this::query, 0);
    } catch (RegistryException | RuntimeException e) {
      if (closed) {
        return;
      }
      log.debug("watch of {} failed ({}); retrying in {} ms", directory, e.getMessage(),
          retryMillis);
      index = 0;
      resync = true;
      submit(this::query, retryMillis);
      retryMillis = Math.min(1_000, retryMillis * 2);
    }
  }

  private static void deliver(Consumer<Set<PartyId>> listener, Set<PartyId> ready) {
    try {
      listener.accept(ready);
    } catch (RuntimeException e) {
      log.error("a readiness listener failed", e);
    }
  }

  private void submit(Runnable task, long delayMillis) {
    try {
      thread.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // Closed meanwhile.
    }
  }
}
