package io.mpcium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpcium.hd.DerivationPath;
import io.mpcium.internal.codec.MalformedMessageException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The derivation path of a {@link SignRequest}: signed (native), encoded, decoded strictly. */
class SignRequestPathTest {
  private static final DerivationPath PATH = DerivationPath.of(44, 60, 0, 0, 7);

  @Test
  void nativeRequestsSignThePath_andMasterRequestsKeepTheirBytes() throws Exception {
    SignRequest master = new SignRequest("r1", "w", KeyScheme.SECP256K1, new byte[32]);
    SignRequest child = master.withDerivationPath(PATH);
    assertThat(master.derivationPath()).isEqualTo(DerivationPath.MASTER);
    assertThat(child.signingBytes()).startsWith(master.signingBytes())
        .hasSize(master.signingBytes().length + 4 + 5 * 4);
    assertThat(child.withDerivationPath(DerivationPath.of(44, 60, 0, 0, 8)).signingBytes())
        .isNotEqualTo(child.signingBytes());
    assertThat(child).isNotEqualTo(master);
    assertThat(child.toString()).contains("path m/44/60/0/0/7");
    assertThat(Request.decode(child.encode())).isEqualTo(child);
    assertThat(Request.decode(master.encode())).isEqualTo(master);
    SignRequest schnorr = new SignRequest("r2", "w", KeyScheme.SCHNORR, new byte[5])
        .withTaprootTweak(TaprootTweak.keyPathOnly()).withDerivationPath(PATH);
    assertThat(Request.decode(schnorr.encode())).isEqualTo(schnorr);
  }

  @Test
  void mpciumRequestsDoNotSignThePath_butCarryIt() throws Exception {
    SignRequest master = SignRequest.mpcium("tx", "w", KeyScheme.ED25519, new byte[] {1}, "sol");
    SignRequest child = master.withDerivationPath(PATH);
    assertThat(child.signingBytes()).isEqualTo(master.signingBytes());
    assertThat(child.encode()).isNotEqualTo(master.encode());
    Request decoded = Request.decode(child.encode());
    assertThat(decoded).isEqualTo(child);
    assertThat(((SignRequest) decoded).derivationPath()).isEqualTo(PATH);
  }

  @Test
  void encodedHardenedOrOversizedPathsAreRejected() {
    SignRequest child = new SignRequest("r1", "w", KeyScheme.ED25519, new byte[3])
        .withDerivationPath(DerivationPath.of(7));
    byte[] encoded = child.encode();
    byte[] hardened = encoded.clone();
    hardened[hardened.length - 4] = (byte) 0x80;
    assertThatThrownBy(() -> Request.decode(hardened))
        .isInstanceOf(MalformedMessageException.class).hasMessageContaining("hardened");
    byte[] deep = encoded.clone();
    deep[deep.length - 6] = 1; // depth 256
    deep[deep.length - 5] = 0;
    assertThatThrownBy(() -> Request.decode(deep))
        .isInstanceOf(MalformedMessageException.class).hasMessageContaining("depth");
    byte[] truncated = Arrays.copyOf(encoded, encoded.length - 2);
    assertThatThrownBy(() -> Request.decode(truncated))
        .isInstanceOf(MalformedMessageException.class);
  }
}
