package io.mpcium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RequestPolicyTest {
  private static final SecureRandom RNG = new SecureRandom();
  private static final byte[] REQUEST =
      "{\"tx_id\":\"tx-1\",\"tx\":\"AAEC\"}".getBytes(StandardCharsets.UTF_8);

  @Test
  void acceptsASignatureFromAnyConfiguredInitiator() {
    Initiator ed = Initiator.generateEd25519(RNG);
    Initiator p256 = Initiator.generateP256(RNG);
    RequestPolicy policy = RequestPolicy.builder()
        .initiator(ed.publicKey())
        .initiator(p256.publicKey())
        .replayWindow(Duration.ofMinutes(5))
        .build();
    assertThat(policy.initiators()).containsExactly(ed.publicKey(), p256.publicKey());
    assertThat(policy.replayWindow()).isEqualTo(Duration.ofMinutes(5));
    assertThatCode(() -> policy.authorize("tx-1", REQUEST, ed.sign(REQUEST)))
        .doesNotThrowAnyException();
    assertThatCode(() -> policy.authorize("tx-1", REQUEST, p256.sign(REQUEST)))
        .doesNotThrowAnyException();
  }

  @Test
  void refusesOtherSignersAndTamperedRequestsNamingTheRequest() {
    Initiator trusted = Initiator.generateEd25519(RNG);
    Initiator stranger = Initiator.generateEd25519(RNG);
    RequestPolicy policy = RequestPolicy.builder().initiator(trusted.publicKey()).build();

    assertThatThrownBy(() -> policy.authorize("tx-1", REQUEST, stranger.sign(REQUEST)))
        .isInstanceOf(UnauthorizedRequestException.class)
        .hasMessage("request 'tx-1' refused: signature does not verify under any initiator key")
        .satisfies(e -> {
          UnauthorizedRequestException u = (UnauthorizedRequestException) e;
          assertThat(u.requestId()).isEqualTo("tx-1");
          assertThat(u.reason()).isEqualTo(UnauthorizedRequestException.BAD_SIGNATURE);
        });
    byte[] tampered = REQUEST.clone();
    tampered[5] ^= 1;
    assertThatThrownBy(() -> policy.authorize("tx-1", tampered, trusted.sign(REQUEST)))
        .isInstanceOf(UnauthorizedRequestException.class);
    assertThatThrownBy(() -> policy.authorize("tx-1", REQUEST, new byte[0]))
        .isInstanceOf(UnauthorizedRequestException.class)
        .hasMessage("request 'tx-1' refused: request is not signed");
    assertThatThrownBy(() -> policy.authorize("tx-1", REQUEST, new byte[] {0x30, 0}))
        .isInstanceOf(UnauthorizedRequestException.class);
  }

  @Test
  void requestIdsFromOutsideAreSanitisedInMessages() {
    UnauthorizedRequestException e =
        new UnauthorizedRequestException("a\nb" + "x".repeat(200), "request id already used");
    assertThat(e.getMessage()).startsWith("request 'a?bxxx").contains("...' refused: ")
        .doesNotContain("\n").hasSizeLessThan(150);
    assertThat(e.requestId()).startsWith("a\nb");
  }

  @Test
  void builderFailsFast() {
    assertThatThrownBy(() -> RequestPolicy.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("at least one initiator key");
    assertThatThrownBy(() -> RequestPolicy.builder().initiator(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> RequestPolicy.builder().replayWindow(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    assertThatThrownBy(() -> RequestPolicy.builder().replayWindow(Duration.ofDays(400)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RequestPolicy.builder().maxTrackedRequests(0))
        .isInstanceOf(IllegalArgumentException.class);
    RequestPolicy defaults =
        RequestPolicy.builder().initiator(Initiator.generateEd25519(RNG).publicKey()).build();
    assertThat(defaults.replayWindow()).isEqualTo(RequestPolicy.DEFAULT_REPLAY_WINDOW);
    assertThat(defaults.maxTrackedRequests())
        .isEqualTo(RequestPolicy.DEFAULT_MAX_TRACKED_REQUESTS);
  }
}
