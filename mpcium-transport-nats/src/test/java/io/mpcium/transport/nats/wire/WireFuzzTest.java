package io.mpcium.transport.nats.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * Mpcium's client JSON, fuzzed with Jazzer: the requests a gateway reads (keygen, signing,
 * reshare) and the results a client reads. Each parser must return or reject with {@link
 * MalformedMpciumMessageException}, and a parsed request must re-serialize to the bytes its
 * initiator signature covers without failing. A normal build runs the seeds in {@code
 * WireFuzzTestInputs/}; {@code scripts/fuzz} fuzzes {@link #everyMessage}.
 */
class WireFuzzTest {

  @FuzzTest
  void generateKey(byte[] json) {
    try {
      GenerateKeyMessage message = GenerateKeyMessage.parse(json);
      assertThat(message.raw()).isNotNull();
    } catch (MalformedMpciumMessageException expected) {
      // rejected with the typed error
    }
  }

  @FuzzTest
  void signTx(byte[] json) {
    try {
      SignTxMessage message = SignTxMessage.parse(json);
      assertThat(message.raw()).isNotNull();
    } catch (MalformedMpciumMessageException expected) {
      // rejected with the typed error
    }
  }

  @FuzzTest
  void resharing(byte[] json) {
    try {
      ResharingMessage message = ResharingMessage.parse(json);
      assertThat(message.raw()).isNotNull();
    } catch (MalformedMpciumMessageException expected) {
      // rejected with the typed error
    }
  }

  @FuzzTest
  void results(byte[] json) {
    try {
      KeygenResultEvent.parse(json);
    } catch (MalformedMpciumMessageException expected) {
      // rejected with the typed error
    }
    try {
      SigningResultEvent.parse(json);
    } catch (MalformedMpciumMessageException expected) {
      // rejected with the typed error
    }
    try {
      ResharingResultEvent.parse(json);
    } catch (MalformedMpciumMessageException expected) {
      // rejected with the typed error
    }
  }

  /** All targets in one, for a bounded fuzzing run: byte 0 chooses the parser. */
  @FuzzTest(maxDuration = "20s")
  void everyMessage(byte[] data) {
    if (data.length == 0) {
      return;
    }
    byte[] json = Arrays.copyOfRange(data, 1, data.length);
    switch (Math.floorMod(data[0], 4)) {
      case 0 -> generateKey(json);
      case 1 -> signTx(json);
      case 2 -> resharing(json);
      default -> results(json);
    }
  }
}
