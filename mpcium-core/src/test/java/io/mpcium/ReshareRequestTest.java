package io.mpcium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReshareRequestTest {
  private static final List<PartyId> NODES = List.of(PartyId.of("node2"), PartyId.of("node0"),
      PartyId.of("node1"));

  @Test
  void mpciumFormSignsMpciumsGoJsonWithTssLibsThreshold() throws Exception {
    ReshareRequest request = ReshareRequest.mpcium("s-1", "w1", KeyScheme.SECP256K1,
        List.of(PartyId.of("node0"), PartyId.of("node1"), PartyId.of("node2")), 1);
    assertThat(request.newThreshold()).isEqualTo(2);
    assertThat(new String(request.signingBytes(), StandardCharsets.UTF_8)).isEqualTo(
        "{\"session_id\":\"s-1\",\"node_ids\":[\"node0\",\"node1\",\"node2\"],"
            + "\"new_threshold\":1,\"key_type\":\"secp256k1\",\"wallet_id\":\"w1\"}");
    assertThat(Request.decode(request.encode())).isEqualTo(request);
  }

  @Test
  void nativeFormRoundTripsAndKeepsTheCommitteeSorted() throws Exception {
    ReshareRequest request = new ReshareRequest("r", "w", KeyScheme.ED25519, NODES, 3);
    assertThat(request.newParticipants()).extracting(PartyId::value)
        .containsExactly("node0", "node1", "node2");
    assertThat(Request.decode(request.encode())).isEqualTo(request);
    assertThat(request.signingBytes()).isNotEqualTo(
        new ReshareRequest("r", "w", KeyScheme.ED25519, NODES, 2).signingBytes());
    assertThat(request.signingBytes()).isNotEqualTo(new ReshareRequest("r", "w",
        KeyScheme.ED25519, NODES.subList(0, 2), 2).signingBytes());
  }

  @Test
  void refreshKeepsTheKeysCommitteeAndThreshold() {
    KeyGenResult key = new KeyGenResult("w", KeyScheme.SCHNORR, new byte[32], 4, 2, NODES.stream()
        .sorted().toList());
    ReshareRequest refresh = ReshareRequest.refresh("r", key);
    assertThat(refresh.newParticipants()).isEqualTo(key.participants());
    assertThat(refresh.newThreshold()).isEqualTo(2);
    assertThat(refresh.scheme()).isEqualTo(KeyScheme.SCHNORR);
  }

  @Test
  void badCommitteesAndThresholdsAreRefused() {
    assertThatThrownBy(() -> new ReshareRequest("r", "w", KeyScheme.ED25519,
        List.of(PartyId.of("a"), PartyId.of("a")), 2)).hasMessageContaining("listed twice");
    assertThatThrownBy(() -> new ReshareRequest("r", "w", KeyScheme.ED25519,
        List.of(PartyId.of("a")), 1)).hasMessageContaining("at least 2 participants");
    assertThatThrownBy(() -> new ReshareRequest("r", "w", KeyScheme.ED25519, NODES, 4))
        .hasMessageContaining("new threshold 4 out of range for 3 participants");
    assertThatThrownBy(() -> new ReshareRequest("r", "w", KeyScheme.ED25519, NODES, 1))
        .hasMessageContaining("at least 2 signers");
  }
}
