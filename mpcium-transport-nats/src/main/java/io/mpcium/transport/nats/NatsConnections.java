package io.mpcium.transport.nats;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens NATS connections with the settings every Mpcium component uses: reconnect forever
 * (every 500 ms with jitter), a 16 MiB reconnect buffer so that frames and results published
 * during a short outage are sent once the server is back, a 5 s dial timeout and a ping every
 * 20 s with at most 3 outstanding. Subscriptions are restored by the client after a reconnect.
 */
public final class NatsConnections {
  private static final Logger log = LoggerFactory.getLogger(NatsConnections.class);
  /** Bytes buffered while disconnected, as in Mpcium's Go nodes. */
  public static final long RECONNECT_BUFFER = 16L * 1024 * 1024;

  private NatsConnections() { }

  /** The options used by {@link #connect}; callers may extend them. */
  public static Options.Builder options(String url, String connectionName) {
    Objects.requireNonNull(url, "url");
    return new Options.Builder()
        .server(url)
        .connectionName(connectionName)
        .maxReconnects(-1)
        .reconnectWait(Duration.ofMillis(500))
        .reconnectJitter(Duration.ofMillis(100))
        .reconnectBufferSize(RECONNECT_BUFFER)
        .connectionTimeout(Duration.ofSeconds(5))
        .pingInterval(Duration.ofSeconds(20))
        .maxPingsOut(3)
        .connectionListener(listener(connectionName))
        .errorListener(new ErrorListener() { });
  }

  /** Connects to {@code url}; fails at once if the server cannot be reached. */
  public static Connection connect(String url, String connectionName)
      throws IOException, InterruptedException {
    try {
      return Nats.connect(options(url, connectionName).build());
    } catch (IOException e) {
      throw new IOException("could not connect to NATS at " + url + ": " + e.getMessage(), e);
    }
  }

  private static ConnectionListener listener(String name) {
    return (connection, event) -> {
      switch (event) {
        case DISCONNECTED -> log.warn("{}: disconnected from NATS; reconnecting", name);
        case RECONNECTED -> log.info("{}: reconnected to NATS", name);
        case CLOSED -> log.debug("{}: NATS connection closed", name);
        default -> log.debug("{}: NATS {}", name, event);
      }
    };
  }
}
