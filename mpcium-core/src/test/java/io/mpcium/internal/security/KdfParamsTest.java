package io.mpcium.internal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpcium.internal.codec.ByteWriter;
import io.mpcium.internal.codec.MalformedMessageException;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class KdfParamsTest {
  private static final SecureRandom RNG = new SecureRandom();
  private static final byte[] SALT = new byte[16];

  @Test
  void defaultsAreScryptN15R8P1WithAFreshSalt() {
    KdfParams a = KdfParams.defaults(RNG);
    KdfParams b = KdfParams.defaults(RNG);
    assertThat(a.algorithm()).isEqualTo("scrypt");
    assertThat(a.n()).isEqualTo(1 << 15);
    assertThat(a.r()).isEqualTo(8);
    assertThat(a.p()).isEqualTo(1);
    assertThat(a.salt()).hasSize(16).isNotEqualTo(b.salt());
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void weakCostIsOnlyAvailableUnderTheTestingLabel() {
    assertThatThrownBy(() -> new KdfParams("scrypt", 1 << 13, 8, 1, SALT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("scrypt cost N must be a power of two of at least 16384, got 8192");
    assertThat(new KdfParams("scrypt", 1 << 14, 8, 1, SALT).n()).isEqualTo(1 << 14);
    KdfParams testing = KdfParams.forTesting(RNG);
    assertThat(testing.algorithm()).isEqualTo(KdfParams.SCRYPT_TESTING);
    assertThat(testing.n()).isEqualTo(1 << 10);
    assertThatThrownBy(() -> new KdfParams(KdfParams.SCRYPT_TESTING, 1 << 9, 8, 1, SALT))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsMalformedOrExcessiveParameters() {
    assertThatThrownBy(() -> new KdfParams("argon2id", 1 << 15, 8, 1, SALT))
        .hasMessageContaining("unknown KDF algorithm 'argon2id'");
    assertThatThrownBy(() -> new KdfParams("scrypt", (1 << 15) + 1, 8, 1, SALT))
        .hasMessageContaining("power of two");
    assertThatThrownBy(() -> new KdfParams("scrypt", 1 << 15, 0, 1, SALT))
        .hasMessageContaining("r=0");
    assertThatThrownBy(() -> new KdfParams("scrypt", 1 << 15, 8, 17, SALT))
        .hasMessageContaining("p=17");
    assertThatThrownBy(() -> new KdfParams("scrypt", 1 << 20, 8, 1, SALT))
        .hasMessageContaining("memory or work limit");
    assertThatThrownBy(() -> new KdfParams("scrypt", 1 << 18, 8, 16, SALT))
        .hasMessageContaining("memory or work limit");
    assertThatThrownBy(() -> new KdfParams("scrypt", 1 << 15, 8, 1, new byte[15]))
        .hasMessageContaining("salt must be 16 to 64 bytes, got 15");
    assertThatThrownBy(() -> new KdfParams("scrypt", Integer.MIN_VALUE, 8, 1, SALT))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void encodingRoundTripsAndRejectsInvalidValues() throws Exception {
    KdfParams params = KdfParams.defaults(RNG);
    assertThat(KdfParams.decode(params.encode())).isEqualTo(params);
    byte[] weak = new ByteWriter().string("scrypt").u32(1 << 10).u32(8).u32(1).bytes(SALT)
        .toByteArray();
    assertThatThrownBy(() -> KdfParams.decode(weak))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("invalid KDF parameters");
    byte[] huge = new ByteWriter().string("scrypt").u32(1 << 30).u32(8).u32(1).bytes(SALT)
        .toByteArray();
    assertThatThrownBy(() -> KdfParams.decode(huge)).isInstanceOf(MalformedMessageException.class);
  }

  @Test
  void saltIsCopiedInAndOut() {
    byte[] salt = new byte[16];
    KdfParams params = new KdfParams("scrypt", 1 << 14, 8, 1, salt);
    salt[0] = 1;
    assertThat(params.salt()[0]).isZero();
    params.salt()[1] = 1;
    assertThat(params.salt()[1]).isZero();
    assertThat(params).isEqualTo(new KdfParams("scrypt", 1 << 14, 8, 1, new byte[16]));
    assertThat(params.hashCode())
        .isEqualTo(new KdfParams("scrypt", 1 << 14, 8, 1, new byte[16]).hashCode());
    assertThat(params.toString()).isEqualTo("KdfParams[scrypt N=16384 r=8 p=1, 16-byte salt]");
  }

  @Test
  void differentSaltsGiveDifferentKeys() {
    byte[] pass = "pw".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    KdfParams a = KdfParams.forTesting(RNG);
    assertThat(a.derive(pass)).hasSize(32).isEqualTo(a.derive(pass))
        .isNotEqualTo(a.withFreshSalt(RNG).derive(pass));
  }
}
