package io.mpcium.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpcium.PartyId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Transport} must do. A transport module's test extends this class and says how
 * to make a fresh transport that nodes of one test share.
 */
public abstract class TransportContract {
  private static final PartyId A = PartyId.of("a");
  private static final PartyId B = PartyId.of("b");
  protected Transport transport;

  protected abstract Transport newTransport() throws Exception;

  @BeforeEach
  void open() throws Exception {
    transport = newTransport();
  }

  @AfterEach
  void close() {
    transport.close();
  }

  /** Collects frames and completes once {@code expected} have arrived. */
  private static final class Inbox implements Transport.FrameHandler {
    final List<byte[]> frames = new ArrayList<>();
    final CompletableFuture<List<byte[]>> full = new CompletableFuture<>();
    final int expected;

    Inbox(int expected) {
      this.expected = expected;
    }

    @Override
    public synchronized void onFrame(byte[] frame) {
      frames.add(frame);
      if (frames.size() == expected) {
        full.complete(List.copyOf(frames));
      }
    }
  }

  @Test
  void framesFromOneSenderArriveInOrderAndUnchanged() throws Exception {
    Inbox inbox = new Inbox(200);
    transport.subscribe(B, inbox);
    for (int i = 0; i < 200; i++) {
      transport.send(A, B, new byte[] {(byte) i, (byte) (i >> 8), 42});
    }
    List<byte[]> frames = inbox.full.get(30, TimeUnit.SECONDS);
    for (int i = 0; i < 200; i++) {
      assertThat(frames.get(i)).containsExactly((byte) i, (byte) (i >> 8), 42);
    }
  }

  @Test
  void aFrameIsACopyOfWhatWasSent() throws Exception {
    Inbox inbox = new Inbox(1);
    transport.subscribe(B, inbox);
    byte[] frame = {1, 2, 3};
    transport.send(A, B, frame);
    frame[0] = 7;
    assertThat(inbox.full.get(30, TimeUnit.SECONDS).get(0)).containsExactly(1, 2, 3);
  }

  @Test
  void aPartySubscribesOnceAndAClosedSubscriptionReceivesNothingMore() throws Exception {
    Inbox first = new Inbox(1);
    Transport.Subscription subscription = transport.subscribe(B, first);
    assertThatThrownBy(() -> transport.subscribe(B, new Inbox(1)))
        .isInstanceOf(TransportException.class);
    transport.send(A, B, new byte[] {1});
    first.full.get(30, TimeUnit.SECONDS);

    subscription.close();
    Inbox second = new Inbox(1);
    transport.subscribe(B, second);
    transport.send(A, B, new byte[] {2});
    assertThat(second.full.get(30, TimeUnit.SECONDS).get(0)).containsExactly(2);
    assertThat(first.frames).hasSize(1);
  }
}
