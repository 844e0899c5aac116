package io.mpcium.protocol.dkls23;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpcium.crypto.Group;
import io.mpcium.crypto.Scalar;
import io.mpcium.crypto.ed25519.Ed25519Group;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class OtExtensionTest {
  private final SecureRandom rng = new SecureRandom();

  /** Base-OT outputs as a dealer would hand them out: for tests of the layers above. */
  record Seeds(byte[] seeds0, byte[] seeds1, long[] delta, byte[] chosen) {
    static Seeds random(SecureRandom rng) {
      byte[] s0 = new byte[Kos.KAPPA * 32];
      byte[] s1 = new byte[Kos.KAPPA * 32];
      rng.nextBytes(s0);
      rng.nextBytes(s1);
      long[] delta = new long[Kos.STRING_LONGS];
      for (int k = 0; k < delta.length; k++) {
        delta[k] = rng.nextLong();
      }
      byte[] chosen = new byte[Kos.KAPPA * 32];
      for (int i = 0; i < Kos.KAPPA; i++) {
        boolean bit = Multiplication.bit(delta, i);
        System.arraycopy(bit ? s1 : s0, 32 * i, chosen, 32 * i, 32);
      }
      return new Seeds(s0, s1, delta, chosen);
    }
  }

  private byte[] random32() {
    byte[] b = new byte[32];
    rng.nextBytes(b);
    return b;
  }

  @Test
  void gf128TableProductMatchesTheBitSerialProduct() {
    for (int k = 0; k < 200; k++) {
      long aLo = rng.nextLong();
      long aHi = rng.nextLong();
      long bLo = rng.nextLong();
      long bHi = rng.nextLong();
      long[] acc = new long[2];
      Gf128.mulPublicAcc(aLo, aHi, bLo, bHi, acc, 0);
      assertThat(acc).containsExactly(Gf128.mulSlow(aLo, aHi, bLo, bHi));
      // commutative, and 1 is the unit
      assertThat(Gf128.mulSlow(bLo, bHi, aLo, aHi)).containsExactly(acc);
      assertThat(Gf128.mulSlow(aLo, aHi, 1, 0)).containsExactly(aLo, aHi);
    }
    // x^127 · x = x^128 = x^7 + x^2 + x + 1
    assertThat(Gf128.mulSlow(0, 1L << 63, 2, 0)).containsExactly(0x87L, 0L);
    long[] acc = new long[2];
    Gf128.mulPublicAcc(0, 1L << 63, 2, 0, acc, 0);
    assertThat(acc).containsExactly(0x87L, 0L);
  }

  @Test
  void transposeMovesEveryBit() {
    int rows = 256;
    int rowLongs = 10;
    long[] in = new long[rows * rowLongs];
    for (int i = 0; i < in.length; i++) {
      in[i] = rng.nextLong();
    }
    long[] out = BitMatrix.transpose(in, rows, rowLongs, 512);
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < 512; j++) {
        long a = (in[i * rowLongs + (j >>> 6)] >>> (j & 63)) & 1;
        long b = (out[j * 4 + (i >>> 6)] >>> (i & 63)) & 1;
        assertThat(b).isEqualTo(a);
      }
    }
  }

  @Test
  void extendedOtsSatisfyTheCorrelation() {
    Seeds s = Seeds.random(rng);
    long[] beta = new long[Kos.BATCH / 64];
    for (int k = 0; k < beta.length; k++) {
      beta[k] = rng.nextLong();
    }
    byte[] context = random32();
    Kos.Receiver r = Kos.receive(s.seeds0(), s.seeds1(), beta, context, rng);
    assertThat(r.message()).hasSize(Kos.MESSAGE_BYTES);
    long[] q = Kos.send(s.delta(), s.chosen(), r.message(), context);
    assertThat(q).isNotNull();
    for (int j = 0; j < Kos.BATCH; j++) {
      long mask = Multiplication.bit(beta, j) ? -1L : 0L;
      for (int k = 0; k < Kos.STRING_LONGS; k++) {
        assertThat(q[j * 4 + k]).isEqualTo(r.t()[j * 4 + k] ^ (mask & s.delta()[k]));
      }
    }
  }

  @Test
  void anyFlippedBitOfTheReceiverMessageFailsTheCheck() {
    Seeds s = Seeds.random(rng);
    long[] beta = new long[Kos.BATCH / 64];
    byte[] context = random32();
    Kos.Receiver r = Kos.receive(s.seeds0(), s.seeds1(), beta, context, rng);
    // a bit in u, in ŷ and in a t̂ row
    for (int position : new int[] {0, 7 * 8 + 3, Kos.KAPPA * Kos.ROW_BYTES * 8 - 1,
        Kos.KAPPA * Kos.ROW_BYTES * 8 + 5, Kos.MESSAGE_BYTES * 8 - 1}) {
      byte[] tampered = r.message().clone();
      tampered[position >>> 3] ^= (byte) (1 << (position & 7));
      assertThat(Kos.send(s.delta(), s.chosen(), tampered, context)).isNull();
    }
    // a different session context (a replay into another session) fails too
    assertThat(Kos.send(s.delta(), s.chosen(), r.message(), random32())).isNull();
    assertThat(Kos.send(s.delta(), s.chosen(), r.message(), context)).isNotNull();
  }

  @Test
  void multiplicationGivesAdditiveSharesOfTheProducts() throws Exception {
    Group group = Ed25519Group.INSTANCE;
    Seeds s = Seeds.random(rng);
    Scalar[] gadget = Multiplication.gadget(group.scalarField(), random32());
    byte[] prgContext = random32();
    byte[] mulContext = random32();
    Multiplication.ReceiverStart start = Multiplication.receiverStart(group.scalarField(), gadget,
        s.seeds0(), s.seeds1(), prgContext, rng);
    Scalar[] a = {group.scalarField().random(rng), group.scalarField().random(rng)};
    Multiplication.SenderResult sent = Multiplication.send(group, gadget, s.delta(), s.chosen(),
        prgContext, mulContext, a, start.message(), rng);
    assertThat(sent).isNotNull();
    Scalar[] d = Multiplication.receiverFinish(group, gadget, start.state(), mulContext,
        sent.message());
    assertThat(d).isNotNull();
    Scalar b = start.state().b();
    for (int k = 0; k < 2; k++) {
      assertThat(sent.c()[k].add(d[k])).isEqualTo(a[k].mul(b));
    }
  }

  @Test
  void aTamperedTransferValueOrCheckFailsTheReceiversCheck() throws Exception {
    Group group = Ed25519Group.INSTANCE;
    Seeds s = Seeds.random(rng);
    Scalar[] gadget = Multiplication.gadget(group.scalarField(), random32());
    byte[] prgContext = random32();
    byte[] mulContext = random32();
    Scalar[] a = {group.scalarField().random(rng), group.scalarField().random(rng)};
    int len = group.scalarLength();
    // flip a low bit of τ (first and last), of η̃ and of μ
    for (int offset : new int[] {0, (Multiplication.BATCH * 3 - 1) * len,
        Multiplication.BATCH * 3 * len, Multiplication.senderMessageLength(group) - 1}) {
      Multiplication.ReceiverStart start = Multiplication.receiverStart(group.scalarField(),
          gadget, s.seeds0(), s.seeds1(), prgContext, rng);
      Multiplication.SenderResult sent = Multiplication.send(group, gadget, s.delta(),
          s.chosen(), prgContext, mulContext, a, start.message(), rng);
      byte[] tampered = sent.message();
      tampered[offset] ^= 1;
      assertThat(Multiplication.receiverFinish(group, gadget, start.state(), mulContext,
          tampered)).as("offset %d", offset).isNull();
    }
  }

  @Test
  void prfScalarsAreTheHashReducedModuloTheOrder() {
    io.mpcium.crypto.ScalarField field =
        io.mpcium.crypto.secp256k1.Secp256k1Group.INSTANCE.scalarField();
    assertThat(Prf.narrow(field)).isTrue();
    assertThat(Prf.narrow(Ed25519Group.INSTANCE.scalarField())).isFalse();
    Prf prf = new Prf(random32());
    for (int k = 0; k < 300; k++) {
      byte[] input = random32();
      Scalar[] out = new Scalar[3];
      prf.scalars(field, input, out, 0, 3);
      for (int c = 0; c < 3; c++) {
        byte[] h = new byte[32];
        prf.hash(input, 0, input.length, 2 * c, h, 0);
        assertThat(out[c].toBigInteger())
            .isEqualTo(new java.math.BigInteger(1, h).mod(field.modulus()));
      }
    }
    // values at and above the order wrap
    java.math.BigInteger n = field.modulus();
    for (java.math.BigInteger v : List.of(n, n.add(java.math.BigInteger.ONE),
        java.math.BigInteger.ONE.shiftLeft(256).subtract(java.math.BigInteger.ONE),
        n.subtract(java.math.BigInteger.ONE))) {
      byte[] be = new byte[32];
      byte[] raw = v.toByteArray();
      System.arraycopy(raw, Math.max(0, raw.length - 32), be, Math.max(0, 32 - raw.length),
          Math.min(32, raw.length));
      assertThat(Prf.reduceForTest(field, be).toBigInteger()).isEqualTo(v.mod(n));
    }
  }

  @Test
  void taggedHashIsInjectiveOverComponentBoundaries() {
    byte[] abc = TaggedHash.of("t").bytes("ab".getBytes()).bytes("c".getBytes()).digest();
    byte[] abc2 = TaggedHash.of("t").bytes("a".getBytes()).bytes("bc".getBytes()).digest();
    byte[] tag = TaggedHash.of("ta").bytes("b".getBytes()).digest();
    byte[] tag2 = TaggedHash.of("t").bytes("ab".getBytes()).digest();
    assertThat(abc).isNotEqualTo(abc2);
    assertThat(tag).isNotEqualTo(tag2);
    assertThat(TaggedHash.of("t").bytes("ab".getBytes()).bytes("c".getBytes()).digest())
        .isEqualTo(abc);
    assertThat(Arrays.equals(TaggedHash.of("t").digest(), TaggedHash.of("u").digest())).isFalse();
  }
}
