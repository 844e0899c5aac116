package io.mpcium.hd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DerivationPathTest {

  @Test
  void parsesCommaAndSlashFormsAndPrintsBip32Notation() {
    DerivationPath path = DerivationPath.parse("44,60,0,0,7");
    assertThat(path).isEqualTo(DerivationPath.parse("m/44/60/0/0/7"))
        .isEqualTo(DerivationPath.parse("44/60/0/0/7")).isEqualTo(DerivationPath.of(44, 60, 0, 0, 7))
        .isEqualTo(DerivationPath.of(List.of(44L, 60L, 0L, 0L, 7L)));
    assertThat(path.toString()).isEqualTo("m/44/60/0/0/7");
    assertThat(path.depth()).isEqualTo(5);
    assertThat(path.indices()).containsExactly(44L, 60L, 0L, 0L, 7L);
    assertThat(DerivationPath.parse("m")).isSameAs(DerivationPath.MASTER);
    assertThat(DerivationPath.parse("")).isSameAs(DerivationPath.MASTER);
    assertThat(DerivationPath.MASTER.toString()).isEqualTo("m");
    assertThat(DerivationPath.of(2147483647L).index(0)).isEqualTo(Integer.MAX_VALUE);
    assertThat(path.child(8)).isEqualTo(DerivationPath.of(44, 60, 0, 0, 7, 8));
  }

  @Test
  void hardenedIndicesAreRejectedWithAClearError() {
    assertThatThrownBy(() -> DerivationPath.of(44, 0x8000_0000L, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("index 2147483648 at position 1 is hardened")
        .hasMessageContaining("non-hardened");
    assertThatThrownBy(() -> DerivationPath.of(4294967295L))
        .hasMessageContaining("hardened");
    assertThatThrownBy(() -> DerivationPath.parse("m/44'/60'/0'"))
        .hasMessageContaining("44' at position 0 is hardened");
    assertThatThrownBy(() -> DerivationPath.parse("44h/1")).hasMessageContaining("hardened");
    assertThatThrownBy(() -> DerivationPath.parse("2147483648")).hasMessageContaining("hardened");
  }

  @Test
  void badInputIsRejected() {
    assertThatThrownBy(() -> DerivationPath.of(-1)).hasMessageContaining("negative");
    assertThatThrownBy(() -> DerivationPath.of(new long[256]))
        .hasMessageContaining("at most 255");
    assertThat(DerivationPath.of(new long[255]).depth()).isEqualTo(255);
    assertThatThrownBy(() -> DerivationPath.parse("44,,0")).hasMessageContaining("not a decimal");
    assertThatThrownBy(() -> DerivationPath.parse("44,x")).hasMessageContaining("not a decimal");
    assertThatThrownBy(() -> DerivationPath.parse("+4")).hasMessageContaining("not a decimal");
    assertThatThrownBy(() -> DerivationPath.parse("99999999999"))
        .hasMessageContaining("not a decimal");
  }
}
