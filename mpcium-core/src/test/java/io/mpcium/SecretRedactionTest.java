package io.mpcium;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpcium.crypto.Polynomial;
import io.mpcium.crypto.Scalar;
import io.mpcium.internal.security.KdfParams;
import io.mpcium.internal.security.ShareVault;
import io.mpcium.protocol.ProtocolFixtures;
import io.mpcium.protocol.dkg.DkgMessage;
import io.mpcium.protocol.dkg.KeyShare;
import io.mpcium.protocol.frost.Ed25519Sha512;
import io.mpcium.protocol.frost.SigningNonces;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** No secret-holding type shows its secret in {@code toString}. */
class SecretRedactionTest {
  private final SecureRandom rng = new SecureRandom();

  private static void assertHides(Object holder, Scalar secret) {
    String text = String.valueOf(holder);
    assertThat(text)
        .doesNotContain(HexFormat.of().formatHex(secret.toLE()))
        .doesNotContain(HexFormat.of().formatHex(secret.toBE()))
        .doesNotContain(secret.toBigInteger().toString())
        .doesNotContain(secret.toBigInteger().toString(16));
  }

  private static void assertHides(Object holder, byte[] secret) {
    String text = String.valueOf(holder);
    assertThat(text).doesNotContain(HexFormat.of().formatHex(secret))
        .doesNotContain(new BigInteger(1, secret).toString());
  }

  @Test
  void scalarsAndPolynomialsRedactThemselves() {
    Scalar secret = Ed25519Sha512.INSTANCE.group().scalarField().random(rng);
    assertHides(secret, secret);
    assertThat(secret.toString()).contains("redacted");
    assertHides(Polynomial.of(List.of(secret)), secret);
    assertHides(new DkgMessage.Share(secret), secret);
  }

  @Test
  void keySharesAndNoncesRedactThemselves() {
    KeyShare share = ProtocolFixtures.keygen(3, 2, rng).values().iterator().next();
    assertHides(share, share.secretShare());
    assertThat(share.toString()).contains("redacted");
    SigningNonces nonces =
        SigningNonces.fromRandomness(Ed25519Sha512.INSTANCE, share.secretShare(),
            new byte[32], new byte[32]);
    Scalar d = io.mpcium.protocol.frost.Frost.nonceGenerate(Ed25519Sha512.INSTANCE,
        new byte[32], share.secretShare());
    assertHides(nonces, d);
  }

  @Test
  void identitiesInitiatorsAndVaultsRedactThemselves() {
    NodeIdentity identity = NodeIdentity.generate(PartyId.of("node0"), rng);
    assertHides(identity, identity.exportSigningSeed());
    assertHides(identity, identity.exportAgreementKey());

    Initiator initiator = Initiator.generateEd25519(rng);
    assertThat(initiator.toString()).isEqualTo("Initiator[" + initiator.publicKey() + "]");

    char[] passphrase = "hunter2-very-secret".toCharArray();
    ShareVault vault = ShareVault.open(passphrase, KdfParams.forTesting(rng), rng);
    assertThat(vault.toString()).doesNotContain("hunter2");
  }
}
