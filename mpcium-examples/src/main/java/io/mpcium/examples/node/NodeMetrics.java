package io.mpcium.examples.node;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mpcium.KeyScheme;
import io.mpcium.PartyId;
import io.mpcium.SessionListener;
import io.mpcium.spi.Transport;
import io.mpcium.spi.TransportException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A node's Prometheus metrics (Micrometer): requests coordinated here by operation, protocol
 * and outcome ({@code mpcium_sessions_started_total}, {@code mpcium_sessions_finished_total}
 * with {@code error_code}, the latency histogram {@code mpcium_session_duration_seconds}),
 * sessions running ({@code mpcium_sessions_active}), peers registered and ready ({@code
 * mpcium_peers_registered}, {@code mpcium_peers_ready}), and node-to-node frames and bytes in
 * and out ({@code mpcium_transport_messages_total}, {@code mpcium_transport_bytes_total}, see
 * {@link #meter(Transport)}). Thread-safe.
 */
public final class NodeMetrics implements SessionListener {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter framesOut;
  private final Counter framesIn;
  private final Counter bytesOut;
  private final Counter bytesIn;

  public NodeMetrics() {
    framesOut = Counter.builder("mpcium.transport.messages").tag("direction", "out")
        .description("Node-to-node frames sent").register(registry);
    framesIn = Counter.builder("mpcium.transport.messages").tag("direction", "in")
        .description("Node-to-node frames received").register(registry);
    bytesOut = Counter.builder("mpcium.transport.bytes").tag("direction", "out")
        .description("Node-to-node bytes sent").register(registry);
    bytesIn = Counter.builder("mpcium.transport.bytes").tag("direction", "in")
        .description("Node-to-node bytes received").register(registry);
  }

  /** The protocol that runs a scheme's sessions. */
  static String protocol(KeyScheme scheme) {
    return switch (scheme) {
      case SECP256K1 -> "dkls23";
      case ED25519 -> "frost_ed25519";
      default -> "frost_" + scheme.label().toLowerCase(Locale.ROOT);
    };
  }

  @Override
  public void started(Operation operation, KeyScheme scheme) {
    Counter.builder("mpcium.sessions.started")
        .description("Requests this node started coordinating")
        .tag("operation", operation.name().toLowerCase(Locale.ROOT))
        .tag("protocol", protocol(scheme)).register(registry).increment();
  }

  @Override
  public void finished(Operation operation, KeyScheme scheme, Optional<String> failure,
      Duration elapsed) {
    String op = operation.name().toLowerCase(Locale.ROOT);
    String outcome = failure.isEmpty() ? "succeeded" : "failed";
    Counter.builder("mpcium.sessions.finished")
        .description("Requests this node coordinated, by outcome and error code")
        .tag("operation", op).tag("protocol", protocol(scheme)).tag("outcome", outcome)
        .tag("error_code", failure.orElse("none")).register(registry).increment();
    Timer.builder("mpcium.session.duration").description("Request latency")
        .tag("operation", op).tag("protocol", protocol(scheme)).tag("outcome", outcome)
        .publishPercentileHistogram().register(registry).record(elapsed);
  }

  /** Gauges sampled at each scrape. */
  void gauges(Supplier<Number> activeSessions, Supplier<Number> peersReady,
      Supplier<Number> peersRegistered) {
    Gauge.builder("mpcium.sessions.active", () -> activeSessions.get())
        .description("Sessions running on this node").register(registry);
    Gauge.builder("mpcium.peers.ready", () -> peersReady.get())
        .description("Registered nodes that are ready").register(registry);
    Gauge.builder("mpcium.peers.registered", () -> peersRegistered.get())
        .description("Registered nodes").register(registry);
  }

  /** {@code transport}, counting the frames and bytes this node sends and receives. */
  public Transport meter(Transport transport) {
    return new Transport() {
      @Override
      public void send(PartyId from, PartyId to, byte[] frame) throws TransportException {
        transport.send(from, to, frame);
        framesOut.increment();
        bytesOut.increment(frame.length);
      }

      @Override
      public Subscription subscribe(PartyId self, FrameHandler handler)
          throws TransportException {
        return transport.subscribe(self, frame -> {
          framesIn.increment();
          bytesIn.increment(frame.length);
          handler.onFrame(frame);
        });
      }

      @Override
      public void close() {
        transport.close();
      }

      @Override
      public String toString() {
        return transport.toString();
      }
    };
  }

  /** The Prometheus text exposition of every metric. */
  public String scrape() {
    return registry.scrape();
  }
}
