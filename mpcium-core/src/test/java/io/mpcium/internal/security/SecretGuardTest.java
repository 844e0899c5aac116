package io.mpcium.internal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SecretGuardTest {

  @Test
  void aCheckedExceptionOfTheUsePassesThrough() {
    SecretGuard guard = new SecretGuard("vault");
    assertThatThrownBy(() -> guard.use(() -> {
      throw new java.security.GeneralSecurityException("bad tag");
    })).isInstanceOf(java.security.GeneralSecurityException.class).hasMessage("bad tag");
  }

  @Test
  void destroyWipesOnceAndLaterUsesFailNamingTheHolder() {
    SecretGuard guard = new SecretGuard("identity of node0");
    AtomicInteger wipes = new AtomicInteger();
    assertThat(guard.use(() -> 42)).isEqualTo(42);

    guard.destroy(wipes::incrementAndGet);
    guard.destroy(wipes::incrementAndGet);

    assertThat(wipes).hasValue(1);
    assertThat(guard.isDestroyed()).isTrue();
    assertThatThrownBy(() -> guard.use(() -> 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("identity of node0 has been destroyed");
    assertThatThrownBy(guard::requireLive).isInstanceOf(IllegalStateException.class);
  }
}
