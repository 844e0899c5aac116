package io.mpcium.protocol.dkls23;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpcium.internal.codec.MalformedMessageException;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EndemicOtTest {
  private static final EndemicOt.Suite SUITE = EndemicOt.Suite.SECP256K1;
  private final SecureRandom rng = new SecureRandom();
  private final byte[] context = new byte[32];

  EndemicOtTest() {
    rng.nextBytes(context);
  }

  @Test
  void theReceiverGetsExactlyTheChosenKeys() throws Exception {
    EndemicOt.Sender sender = EndemicOt.sender(SUITE, rng);
    EndemicOt.Receiver receiver = EndemicOt.receiver(SUITE, context, rng);
    byte[][] keys = EndemicOt.senderKeys(SUITE, sender, context, receiver.message);
    byte[] chosen = EndemicOt.receiverKeys(SUITE, receiver, context, sender.message);
    int ones = 0;
    for (int i = 0; i < EndemicOt.COUNT; i++) {
      int c = (int) ((receiver.choice[i >>> 6] >>> (i & 63)) & 1);
      ones += c;
      byte[] mine = Arrays.copyOfRange(chosen, 32 * i, 32 * i + 32);
      assertThat(mine).isEqualTo(Arrays.copyOfRange(keys[c], 32 * i, 32 * i + 32));
      assertThat(mine).isNotEqualTo(Arrays.copyOfRange(keys[1 - c], 32 * i, 32 * i + 32));
    }
    assertThat(ones).isBetween(1, EndemicOt.COUNT - 1);
    // every key differs from every other
    java.util.Set<String> all = new java.util.HashSet<>();
    for (int e = 0; e < 2; e++) {
      for (int i = 0; i < EndemicOt.COUNT; i++) {
        all.add(java.util.HexFormat.of().formatHex(keys[e], 32 * i, 32 * i + 32));
      }
    }
    assertThat(all).hasSize(2 * EndemicOt.COUNT);
  }

  @Test
  void theFixedPointTablesAgreeWithTheConstantTimeMultiplier() {
    io.mpcium.crypto.secp256k1.Secp256k1Group g =
        io.mpcium.crypto.secp256k1.Secp256k1Group.INSTANCE;
    io.mpcium.crypto.GroupElement p = g.mulBase(g.scalarField().random(rng));
    java.util.function.Function<io.mpcium.crypto.Scalar, byte[]> tables =
        EndemicOt.Suite.SECP256K1.fixedBase().apply(p);
    for (int i = 0; i < 20; i++) {
      io.mpcium.crypto.Scalar k = g.scalarField().random(rng);
      assertThat(tables.apply(k)).isEqualTo(g.mul(p, k).encode());
    }
    assertThat(tables.apply(g.scalarField().one())).isEqualTo(p.encode());
  }

  @Test
  void aDifferentContextGivesUnrelatedKeys() throws Exception {
    EndemicOt.Sender sender = EndemicOt.sender(SUITE, rng);
    EndemicOt.Receiver receiver = EndemicOt.receiver(SUITE, context, rng);
    byte[] other = context.clone();
    other[0] ^= 1;
    byte[][] keys = EndemicOt.senderKeys(SUITE, sender, other, receiver.message);
    byte[] chosen = EndemicOt.receiverKeys(SUITE, receiver, context, sender.message);
    assertThat(Arrays.copyOf(chosen, 32)).isNotIn(Arrays.copyOf(keys[0], 32),
        Arrays.copyOf(keys[1], 32));
  }

  @Test
  void invalidRepeatedOrIdentityPointsAreRejected() throws Exception {
    EndemicOt.Sender sender = EndemicOt.sender(SUITE, rng);
    EndemicOt.Receiver receiver = EndemicOt.receiver(SUITE, context, rng);
    byte[] m = receiver.message;
    byte[] badPrefix = m.clone();
    badPrefix[33 * 5] = 0x04;
    byte[] identity = m.clone();
    Arrays.fill(identity, 0, 33, (byte) 0);
    byte[] offCurve = m.clone();
    offCurve[33 * 7 + 32] ^= 1;
    byte[] repeatedPair = m.clone();
    System.arraycopy(m, 0, repeatedPair, 33, 33);
    byte[] repeatedAcross = m.clone();
    System.arraycopy(m, 0, repeatedAcross, 66 * 3, 66);
    for (byte[] tampered : new byte[][] {badPrefix, identity, repeatedPair, repeatedAcross,
        Arrays.copyOf(m, m.length - 1)}) {
      assertThatThrownBy(() -> EndemicOt.senderKeys(SUITE, sender, context, tampered))
          .isInstanceOf(MalformedMessageException.class);
    }
    // a flipped x bit is either not on the curve or no longer yields the receiver's key
    try {
      byte[][] keys = EndemicOt.senderKeys(SUITE, sender, context, offCurve);
      byte[] chosen = EndemicOt.receiverKeys(SUITE, receiver, context, sender.message);
      int i = 7 / 2;
      assertThat(Arrays.copyOfRange(chosen, 32 * i, 32 * i + 32))
          .isNotIn(Arrays.copyOfRange(keys[0], 32 * i, 32 * i + 32),
              Arrays.copyOfRange(keys[1], 32 * i, 32 * i + 32));
    } catch (MalformedMessageException expected) {
      assertThat(expected).hasMessageContaining("invalid point");
    }
    byte[] zeroSender = new byte[33];
    assertThatThrownBy(() -> EndemicOt.receiverKeys(SUITE, receiver, context, zeroSender))
        .isInstanceOf(MalformedMessageException.class);
    byte[] flipped = sender.message.clone();
    flipped[0] = 0x05;
    assertThatThrownBy(() -> EndemicOt.receiverKeys(SUITE, receiver, context, flipped))
        .isInstanceOf(MalformedMessageException.class);
  }
}
