package io.mpcium.examples.node;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's operations endpoint (JDK HTTP server), Mpcium's {@code healthcheck.*}:
 *
 * <ul>
 *   <li>{@code /health}: Mpcium's JSON {@code {"status":"ready|not_ready","live":true,
 *       "ready":..,"details":{"nats_connected":..,"consul_connected":..,"peers_ready_count":
 *       "r/n","all_peers_ready":..,"majority_ready":..}}}, 200 when NATS is connected, the
 *       peer registry answers and a majority (t+1 nodes) is ready, else 503;
 *   <li>{@code /livez}: liveness for Kubernetes, 200 while the process serves (also while it
 *       drains);
 *   <li>{@code /readyz}: readiness, 200 as {@code /health} and only while the node takes new
 *       work (503 from the start of a graceful shutdown);
 *   <li>{@code /metrics}: Prometheus text format.
 * </ul>
 *
 * Any method; unknown paths get 404. Requests are served by two daemon threads; the status is
 * computed per request. Thread-safe.
 */
public final class HealthServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HealthServer.class);

  /** A node's health as {@code /health} reports it. */
  public record Health(boolean natsConnected, boolean registryConnected, int peersReady,
      int peersRegistered, int majority, boolean draining) {
    public boolean majorityReady() {
      return peersReady >= majority;
    }

    public boolean allPeersReady() {
      return peersRegistered > 0 && peersReady >= peersRegistered;
    }

    /** Mpcium's condition for 200. */
    public boolean healthy() {
      return natsConnected && registryConnected && majorityReady();
    }

    String json() {
      return "{\"status\":\"" + (healthy() ? "ready" : "not_ready") + "\",\"live\":true,"
          + "\"ready\":" + healthy() + ",\"details\":{\"nats_connected\":" + natsConnected
          + ",\"consul_connected\":" + registryConnected + ",\"peers_ready_count\":\""
          + peersReady + "/" + peersRegistered + "\",\"all_peers_ready\":" + allPeersReady()
          + ",\"majority_ready\":" + majorityReady() + "}}";
    }
  }

  private final HttpServer server;
  private final ExecutorService threads;

  private HealthServer(HttpServer server, ExecutorService threads) {
    this.server = server;
    this.threads = threads;
  }

  /**
   * Serves on {@code address} ({@code host:port}, {@code :port} for every interface, port 0 for
   * any free port).
   */
  public static HealthServer start(String address, Supplier<Health> health,
      Supplier<String> metrics) throws IOException {
    HttpServer server = HttpServer.create(socket(address), 16);
    ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "mpcium-health-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(threads);
    server.createContext("/", exchange -> {
      try (exchange) {
        String path = exchange.getRequestURI().getPath();
        switch (path) {
          case "/health" -> {
            Health h = health.get();
            send(exchange, h.healthy() ? 200 : 503, "application/json", h.json());
          }
          case "/livez" -> send(exchange, 200, "application/json", "{\"live\":true}");
          case "/readyz" -> {
            Health h = health.get();
            boolean ready = h.healthy() && !h.draining();
            send(exchange, ready ? 200 : 503, "application/json", "{\"ready\":" + ready
                + (h.draining() ? ",\"draining\":true" : "") + "}");
          }
          case "/metrics" -> send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
              metrics.get());
          default -> send(exchange, 404, "text/plain", "not found\n");
        }
      } catch (RuntimeException e) {
        log.warn("health endpoint failed: {}", e.toString());
      }
    });
    server.start();
    return new HealthServer(server, threads);
  }

  private static InetSocketAddress socket(String address) {
    String a = address == null || address.isBlank() ? ":8080" : address.strip();
    int colon = a.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("healthcheck.address must be host:port or :port, got '"
          + a + "'");
    }
    int port;
    try {
      port = Integer.parseInt(a.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("healthcheck.address: bad port in '" + a + "'");
    }
    String host = a.substring(0, colon);
    return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** The port it listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
