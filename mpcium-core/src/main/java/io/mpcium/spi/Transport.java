package io.mpcium.spi;

import io.mpcium.PartyId;

/**
 * Moves opaque frames (encoded, signed {@link Envelope}s) between nodes. Knows nothing about
 * protocols, sessions or cryptography: authenticity and confidentiality come from the envelope,
 * so a transport may be untrusted.
 *
 * <p><b>Guarantees.</b> At most once, best effort: a frame may be lost (the session then times
 * out), but frames from one sender to one receiver are delivered in the order sent. A transport
 * never changes a frame; if it does, the receiver rejects it.
 *
 * <p><b>Threading.</b> All methods are thread-safe. {@link #send} does not block on the
 * receiver. A subscription's handler is called by one transport thread at a time (never
 * concurrently with itself), so it sees frames in order; it must return quickly and must not
 * throw.
 */
public interface Transport extends AutoCloseable {

  /** Sends one frame from {@code from} to {@code to}. */
  void send(PartyId from, PartyId to, byte[] frame) throws TransportException;

  /**
   * Receives the frames addressed to {@code self} until the subscription is closed. At most one
   * subscription per party at a time.
   */
  Subscription subscribe(PartyId self, FrameHandler handler) throws TransportException;

  /** Releases the transport's resources; later sends fail. */
  @Override
  void close();

  /** Receives frames for one party. */
  @FunctionalInterface
  interface FrameHandler {
    void onFrame(byte[] frame);
  }

  /** An active subscription; closing it stops delivery. Idempotent. */
  interface Subscription extends AutoCloseable {
    @Override
    void close();
  }
}
