package io.mpcium.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class GoJsonTest {

  @Test
  void reproducesMpciumsWorkedSignTxExample() {
    // mpcium-features.md §2.8: the bytes a Go client signs for this SignTxMessage.
    String json = GoJson.object()
        .string("key_type", "secp256k1")
        .string("wallet_id", "wallet-123")
        .string("network_internal_code", "BTC")
        .string("tx_id", "tx-456")
        .bytes("tx", "transaction-data".getBytes(StandardCharsets.US_ASCII))
        .toJson();
    assertThat(json).isEqualTo("{\"key_type\":\"secp256k1\",\"wallet_id\":\"wallet-123\","
        + "\"network_internal_code\":\"BTC\",\"tx_id\":\"tx-456\","
        + "\"tx\":\"dHJhbnNhY3Rpb24tZGF0YQ==\"}");
  }

  @Test
  void escapesLikeGo() {
    assertThat(GoJson.quote("<a>&\"\\/\n\r\t\b\f\u0001\u001f\u2028\u2029é😀"))
        .isEqualTo("\"\\u003ca\\u003e\\u0026\\\"\\\\/\\n\\r\\t\\b\\f\\u0001\\u001f"
            + "\\u2028\\u2029é😀\"");
    assertThat(GoJson.quote("x\ud800y")).isEqualTo("\"x\\ufffdy\"");
  }

  @Test
  void nilSlicesAreNullAndEmptyBytesAreEmptyStrings() {
    assertThat(GoJson.object().bytes("a", null).bytes("b", new byte[0])
        .strings("c", null).strings("d", List.of("x", "y")).number("n", 2).bool("t", true)
        .toJson())
        .isEqualTo("{\"a\":null,\"b\":\"\",\"c\":null,\"d\":[\"x\",\"y\"],\"n\":2,\"t\":true}");
  }
}
