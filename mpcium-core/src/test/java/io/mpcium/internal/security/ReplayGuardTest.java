package io.mpcium.internal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpcium.Initiator;
import io.mpcium.RequestPolicy;
import io.mpcium.UnauthorizedRequestException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReplayGuardTest {
  private static final Duration WINDOW = Duration.ofMinutes(10);

  /** A clock that moves only when told to. */
  static final class MutableClock extends Clock {
    private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final MutableClock clock = new MutableClock();

  @Test
  void secondUseIsRefused() {
    ReplayGuard guard = new ReplayGuard(clock, WINDOW, 100);
    assertThat(guard.firstUse("req-1")).isTrue();
    assertThat(guard.firstUse("req-1")).isFalse();
    assertThat(guard.firstUse("req-2")).isTrue();
    clock.advance(Duration.ofMinutes(5));
    assertThat(guard.firstUse("req-1")).isFalse();
  }

  @Test
  void idsExpireExactlyAfterTheWindow() {
    ReplayGuard guard = new ReplayGuard(clock, WINDOW, 100);
    assertThat(guard.firstUse("req-1")).isTrue();
    clock.advance(WINDOW.minusNanos(1));
    assertThat(guard.firstUse("req-1")).isFalse();
    assertThat(guard.size()).isEqualTo(1);
    clock.advance(Duration.ofNanos(1));
    assertThat(guard.size()).isZero();
    assertThat(guard.firstUse("req-1")).isTrue();
    assertThat(guard.firstUse("req-1")).isFalse();
  }

  @Test
  void memoryIsBoundedByForgettingTheOldest() {
    ReplayGuard guard = new ReplayGuard(clock, WINDOW, 3);
    for (String id : new String[] {"a", "b", "c", "d"}) {
      assertThat(guard.firstUse(id)).isTrue();
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(guard.size()).isEqualTo(3);
    assertThat(guard.firstUse("a")).isTrue(); // "a" was forgotten to make room for "d"
    assertThat(guard.firstUse("c")).isFalse();
    assertThat(guard.firstUse("d")).isFalse();
    assertThat(guard.size()).isEqualTo(3);
  }

  @Test
  void aClockSteppingBackDoesNotReopenIds() {
    ReplayGuard guard = new ReplayGuard(clock, WINDOW, 10);
    assertThat(guard.firstUse("x")).isTrue();
    clock.advance(Duration.ofMinutes(-30));
    assertThat(guard.firstUse("x")).isFalse();
  }

  @Test
  void concurrentCallersAdmitEachIdExactlyOnce() throws Exception {
    ReplayGuard guard = new ReplayGuard(clock, WINDOW, 10_000);
    AtomicInteger admitted = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    Thread[] threads = new Thread[8];
    for (int t = 0; t < threads.length; t++) {
      threads[t] = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        for (int i = 0; i < 1000; i++) {
          if (guard.firstUse("id-" + i)) {
            admitted.incrementAndGet();
          }
        }
      });
      threads[t].start();
    }
    start.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(admitted.get()).isEqualTo(1000);
  }

  @Test
  void rejectsBadConfiguration() {
    assertThatThrownBy(() -> new ReplayGuard(clock, Duration.ZERO, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ReplayGuard(clock, WINDOW, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void gateChecksTheSignatureBeforeSpendingTheId() {
    Initiator initiator = Initiator.generateEd25519(new SecureRandom());
    RequestGate gate = new RequestGate(RequestPolicy.builder()
        .initiator(initiator.publicKey()).replayWindow(WINDOW).build(), clock);
    byte[] request = {1, 2, 3};
    byte[] signature = initiator.sign(request);

    assertThatThrownBy(() -> gate.admit("req-9", request, new byte[64]))
        .isInstanceOf(UnauthorizedRequestException.class)
        .hasMessageContaining(UnauthorizedRequestException.BAD_SIGNATURE);
    assertThatCode(() -> gate.admit("req-9", request, signature)).doesNotThrowAnyException();
    assertThatThrownBy(() -> gate.admit("req-9", request, signature))
        .isInstanceOf(UnauthorizedRequestException.class)
        .hasMessage("request 'req-9' refused: request id already used");
    clock.advance(WINDOW);
    assertThatCode(() -> gate.admit("req-9", request, signature)).doesNotThrowAnyException();
  }
}
