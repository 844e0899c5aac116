package io.mpcium.transport.nats;

import io.mpcium.PartyId;
import io.mpcium.spi.Transport;
import io.mpcium.spi.TransportException;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Transport} over core NATS. A frame for party {@code P} is published on subject
 * {@code <prefix>.<token(P)>} (default prefix {@value #DEFAULT_PREFIX}), where the token is the
 * party id with {@code '.'} replaced by {@code '~'} (party ids never contain {@code '~'}, so
 * the mapping is one-to-one). The message body is the frame, unchanged; there are no headers.
 *
 * <p><b>Delivery.</b> At most once, like core NATS: frames published while the connection is
 * down are kept in the client's reconnect buffer ({@link NatsConnections#RECONNECT_BUFFER}) and
 * sent after the reconnect, and subscriptions are restored, so a session survives a short
 * outage as long as no frame was lost in the server itself; a lost frame makes its session time
 * out. Frames from one connection to one subject keep their order. A frame larger than the
 * server's {@code max_payload} (1 MiB by default; DKLs23 frames are tens of KiB) is refused
 * with a {@link TransportException} rather than silently dropped.
 *
 * <p><b>Threading.</b> Thread-safe. Each subscription has one jnats dispatcher thread that calls
 * its handler for one frame at a time, in order; no thread is created per message. The
 * transport does not own the connection unless built with {@link #owning}.
 */
public final class NatsTransport implements Transport {
  private static final Logger log = LoggerFactory.getLogger(NatsTransport.class);
  /** Default subject prefix of node-to-node frames. */
  public static final String DEFAULT_PREFIX = "mpcium.p2p";
  private static final Duration SUBSCRIBE_FLUSH = Duration.ofSeconds(5);

  private final Connection connection;
  private final String prefix;
  private final boolean ownsConnection;
  private final Map<PartyId, Dispatcher> subscriptions = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private NatsTransport(Connection connection, String prefix, boolean ownsConnection) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.prefix = checkPrefix(prefix);
    this.ownsConnection = ownsConnection;
  }

  /** A transport on a connection that the caller keeps and closes. */
  public static NatsTransport over(Connection connection) {
    return new NatsTransport(connection, DEFAULT_PREFIX, false);
  }

  /** A transport on a connection that the caller keeps, with its own subject prefix. */
  public static NatsTransport over(Connection connection, String prefix) {
    return new NatsTransport(connection, prefix, false);
  }

  /** A transport that closes {@code connection} when it is closed. */
  public static NatsTransport owning(Connection connection) {
    return new NatsTransport(connection, DEFAULT_PREFIX, true);
  }

  /** The subject on which frames for {@code party} are published. */
  public String subject(PartyId party) {
    return prefix + "." + party.value().replace('.', '~');
  }

  @Override
  public void send(PartyId from, PartyId to, byte[] frame) throws TransportException {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(frame, "frame");
    if (closed || connection.getStatus() == Connection.Status.CLOSED) {
      throw new TransportException("NATS transport is closed");
    }
    long max = connection.getMaxPayload();
    if (max > 0 && frame.length > max) {
      throw new TransportException("frame of " + frame.length + " bytes from " + from + " to "
          + to + " exceeds the NATS server's max_payload of " + max + " bytes");
    }
    try {
      // jnats keeps a reference until its writer thread sends it: publish a private copy.
      connection.publish(subject(to), frame.clone());
    } catch (IllegalStateException e) {
      throw new TransportException("could not publish a frame to " + to + ": " + e.getMessage(),
          e);
    }
  }

  @Override
  public Subscription subscribe(PartyId self, FrameHandler handler) throws TransportException {
    Objects.requireNonNull(handler, "handler");
    if (closed) {
      throw new TransportException("NATS transport is closed");
    }
    Dispatcher dispatcher = connection.createDispatcher(message -> {
      try {
        handler.onFrame(message.getData());
      } catch (RuntimeException e) {
        log.error("frame handler of {} failed", self, e);
      }
    });
    if (subscriptions.putIfAbsent(self, dispatcher) != null) {
      connection.closeDispatcher(dispatcher);
      throw new TransportException(self + " is already subscribed on this transport");
    }
    try {
      dispatcher.subscribe(subject(self));
      // The subscription is registered on the server once the flush returns.
      connection.flush(SUBSCRIBE_FLUSH);
    } catch (TimeoutException e) {
      log.warn("{}: subscription not confirmed within {} (disconnected?); it is restored on "
          + "reconnect", self, SUBSCRIBE_FLUSH);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      unsubscribe(self, dispatcher);
      throw new TransportException("interrupted while subscribing " + self, e);
    } catch (RuntimeException e) {
      unsubscribe(self, dispatcher);
      throw new TransportException("could not subscribe " + self + ": " + e.getMessage(), e);
    }
    return () -> unsubscribe(self, dispatcher);
  }

  private void unsubscribe(PartyId self, Dispatcher dispatcher) {
    if (subscriptions.remove(self, dispatcher)) {
      try {
        connection.closeDispatcher(dispatcher);
      } catch (IllegalStateException e) {
        log.debug("dispatcher of {} already closed: {}", self, e.getMessage());
      }
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    subscriptions.forEach(this::unsubscribe);
    if (ownsConnection) {
      try {
        connection.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String toString() {
    return "NatsTransport[" + prefix + ", " + connection.getConnectedUrl() + "]";
  }

  private static String checkPrefix(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    if (!prefix.matches("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*")) {
      throw new IllegalArgumentException("subject prefix must be dot-separated tokens of "
          + "[A-Za-z0-9_-], got '" + prefix + "'");
    }
    return prefix;
  }
}
