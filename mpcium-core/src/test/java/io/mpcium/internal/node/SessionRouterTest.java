package io.mpcium.internal.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpcium.PartyId;
import io.mpcium.spi.Envelope;
import io.mpcium.testing.ManualTime;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionRouterTest {
  private final ManualTime time = new ManualTime();

  private static Envelope envelope(int sessionByte, String from) {
    byte[] sessionId = new byte[32];
    sessionId[0] = (byte) sessionByte;
    return new Envelope("p", sessionId, 1, PartyId.of(from), Optional.empty(), new byte[0],
        new byte[] {1}, new byte[64]);
  }

  @Test
  void envelopesNotSignedByTheirSenderAreNotBuffered() {
    SessionRouter router = new SessionRouter(time, Duration.ofSeconds(10), e -> false);
    router.deliver(envelope(1, "a"));
    assertThat(router.pendingSessions()).isZero();
  }

  @Test
  void earlyEnvelopesAreBufferedBoundedPerSenderAndExpire() {
    SessionRouter router = new SessionRouter(time, Duration.ofSeconds(10), e -> true);
    for (int i = 0; i < 20; i++) {
      router.deliver(envelope(1, "a"));
    }
    router.deliver(envelope(2, "b"));
    router.deliver(envelope(1, "b"));
    assertThat(router.pendingSessions()).isEqualTo(2);
    assertThat(router.pendingEnvelopes()).isEqualTo(8 + 1 + 1);

    time.advance(Duration.ofSeconds(11));
    assertThat(router.pendingSessions()).isZero();
  }
}
