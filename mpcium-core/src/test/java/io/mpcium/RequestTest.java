package io.mpcium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpcium.internal.codec.MalformedMessageException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestTest {

  @Test
  void keyGenRequest_keepsSchemesInDeclarationOrder_andRoundTrips() throws Exception {
    List<KeyScheme> reversed = new ArrayList<>(List.of(KeyScheme.values()));
    java.util.Collections.reverse(reversed);
    KeyGenRequest request = new KeyGenRequest("r-1", "w-1", reversed);
    assertThat(request.schemes()).containsExactly(KeyScheme.values());
    assertThat(KeyGenRequest.allSchemes("r-1", "w-1")).isEqualTo(request);
    assertThat(Request.decode(request.encode())).isEqualTo(request);
  }

  @Test
  void keyGenRequest_refusesNoSchemeAndRepeats() {
    assertThatThrownBy(() -> new KeyGenRequest("r", "w", List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
    assertThatThrownBy(() -> new KeyGenRequest("r", "w", List.of(KeyScheme.ED25519,
        KeyScheme.ED25519))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("twice");
  }

  @Test
  void signingBytes_differBySchemeSetAndKind() {
    byte[] one = new KeyGenRequest("r", "w", KeyScheme.ED25519).signingBytes();
    byte[] sign = new SignRequest("r", "w", KeyScheme.ED25519, new byte[0]).signingBytes();
    assertThat(one).isNotEqualTo(sign);
  }

  @Test
  void decode_rejectsUnknownSchemes() {
    byte[] encoded = new KeyGenRequest("r", "w", KeyScheme.ED25519).encode();
    // the scheme label is the last string: corrupt its last character
    encoded[encoded.length - 1] = 'X';
    assertThatThrownBy(() -> Request.decode(encoded))
        .isInstanceOf(MalformedMessageException.class);
  }
}
