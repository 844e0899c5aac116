package io.mpcium.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** RFC 9380 Appendix K.1 and K.2: expand_message_xmd(SHA-256), short and long (hashed) DST. */
class ExpandMessageXmdTest {

  @Test
  void matchesEveryRfc9380Vector() throws Exception {
    JsonNode vectors;
    try (InputStream in = getClass().getResourceAsStream(
        "/vectors/rfc9380/expand-message-xmd-sha256.json")) {
      vectors = new ObjectMapper().readTree(in);
    }
    int checked = 0;
    for (JsonNode suite : vectors.get("suites")) {
      byte[] dst = suite.get("DST").asText().getBytes(StandardCharsets.US_ASCII);
      for (JsonNode vector : suite.get("vectors")) {
        byte[] msg = vector.get("msg").asText().getBytes(StandardCharsets.US_ASCII);
        byte[] out = ExpandMessageXmd.sha256(msg, dst, vector.get("len_in_bytes").asInt());
        assertThat(HexFormat.of().formatHex(out))
            .as("%s, msg %s", suite.get("title").asText(), vector.get("msg").asText())
            .isEqualTo(vector.get("uniform_bytes").asText());
        checked++;
      }
    }
    assertThat(checked).isEqualTo(20);
  }

  @Test
  void lengthsOutsideTheDefinedRangeAreRefused() {
    byte[] dst = "DST".getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> ExpandMessageXmd.sha256(new byte[0], dst, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ExpandMessageXmd.sha256(new byte[0], dst, 255 * 32 + 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ExpandMessageXmd.sha256(new byte[0], dst, 255 * 32)).hasSize(8160);
  }
}
