package io.mpcium.testing;

import io.mpcium.PartyId;
import io.mpcium.internal.codec.MalformedMessageException;
import io.mpcium.spi.Envelope;
import io.mpcium.spi.Transport;
import io.mpcium.spi.TransportException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiPredicate;

/**
 * Wraps a transport and reports every frame after its receiver has finished handling it, so a
 * test can wait for "node0 has processed node1's round 1 message" without sleeping.
 */
public final class ObservedTransport implements Transport {
  private final Transport delegate;
  private final List<Watch> watches = new CopyOnWriteArrayList<>();
  private final List<Runnable> afterEachFrame = new CopyOnWriteArrayList<>();

  private record Watch(BiPredicate<PartyId, Envelope> condition, CompletableFuture<Void> done) { }

  public ObservedTransport(Transport delegate) {
    this.delegate = delegate;
  }

  /** Completes once a receiver has handled an envelope matching {@code condition}. */
  public CompletableFuture<Void> processed(BiPredicate<PartyId, Envelope> condition) {
    Watch watch = new Watch(condition, new CompletableFuture<>());
    watches.add(watch);
    return watch.done();
  }

  /** Runs {@code listener} after every frame any receiver has handled, matched or not. */
  public void afterEachFrame(Runnable listener) {
    afterEachFrame.add(listener);
  }

  @Override
  public void send(PartyId from, PartyId to, byte[] frame) throws TransportException {
    delegate.send(from, to, frame);
  }

  @Override
  public Subscription subscribe(PartyId self, FrameHandler handler) throws TransportException {
    return delegate.subscribe(self, frame -> {
      try {
        handler.onFrame(frame);
      } finally {
        afterEachFrame.forEach(Runnable::run);
      }
      Envelope envelope;
      try {
        envelope = Envelope.decode(frame);
      } catch (MalformedMessageException e) {
        return;
      }
      for (Watch watch : watches) {
        if (watch.condition().test(self, envelope)) {
          watch.done().complete(null);
          watches.remove(watch);
        }
      }
    });
  }

  @Override
  public void close() {
    delegate.close();
  }
}
