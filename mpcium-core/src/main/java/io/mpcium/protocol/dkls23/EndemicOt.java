package io.mpcium.protocol.dkls23;

import io.mpcium.crypto.Group;
import io.mpcium.crypto.GroupElement;
import io.mpcium.crypto.InvalidEncodingException;
import io.mpcium.crypto.Scalar;
import io.mpcium.crypto.secp256k1.Secp256k1FixedBase;
import io.mpcium.crypto.secp256k1.Secp256k1HashToCurve;
import io.mpcium.internal.codec.MalformedMessageException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;

/**
 * Batched endemic oblivious transfer, Masny–Rindal (eprint 2019/706, Fig. 8, instantiated with
 * Diffie–Hellman key agreement and a random-oracle hash to the group {@code H_G}), {@link #COUNT}
 * instances in one round, both messages independent so they travel together.
 *
 * <ul>
 *   <li>Sender: {@code b ← Z_q*}, sends {@code B = b·G} (one point for the batch).
 *   <li>Receiver, instance {@code i} with choice {@code c}: fresh {@code a_i ← Z_q*}, {@code A_i =
 *       a_i·G}, a uniformly random point {@code r_{1−c} = H_G(random seed)} and {@code r_c = A_i
 *       − H_G(i, r_{1−c})}; sends {@code (r_0, r_1)} (ordered without branching on {@code c}).
 *   <li>Sender keys: {@code k_e = H(i, e, r_0, r_1, B, b·(r_e + H_G(i, r_{1−e})))}; receiver key
 *       {@code k_c = H(i, c, r_0, r_1, B, a_i·B)}.
 * </ul>
 *
 * The receiver's scalars come from the CSPRNG, never from received data (the "Devious Transfer"
 * pitfall). Every received point is decoded strictly (on the curve, not the identity); the
 * sender also rejects {@code r_0 = r_1}, a point repeated anywhere in the batch, and {@code r_e +
 * H_G(…) = O}. Every hash binds the pair context (session id and ordered pair of indices) and
 * the instance index. Secret-scalar multiplications are constant time. Stateless.
 */
final class EndemicOt {
  static final int COUNT = Kos.KAPPA;
  private static final String TAG_KEY = "mpcium/dkls23/ot/base/key/v1";
  private static final String DST_POINT = "MPCIUM-DKLS23-V01-OT-secp256k1_XMD:SHA-256_SSWU_RO_";

  /**
   * The group, its hash onto the group, and a constant-time multiplier for a fixed point (the
   * receiver multiplies the sender's one point by 256 secret scalars, so precomputed tables pay
   * off); the multiplier returns the product's encoding.
   */
  record Suite(Group group, Function<byte[], GroupElement> hashToGroup,
      Function<GroupElement, Function<Scalar, byte[]>> fixedBase) {
    static final Suite SECP256K1;

    static {
      Secp256k1HashToCurve h2c = new Secp256k1HashToCurve(DST_POINT);
      SECP256K1 = new Suite(io.mpcium.crypto.secp256k1.Secp256k1Group.INSTANCE, h2c::hash,
          point -> {
            Secp256k1FixedBase table = Secp256k1FixedBase.of(point);
            return k -> table.mul(k).encode();
          });
    }

    int receiverMessageLength() {
      return COUNT * 2 * group.elementLength();
    }
  }

  private EndemicOt() { }

  /** The sender's secret {@code b} and its message {@code B}. */
  static final class Sender {
    final Scalar b;
    final byte[] message;

    Sender(Scalar b, byte[] message) {
      this.b = b;
      this.message = message;
    }

    void destroy() {
      b.destroy();
    }
  }

  static Sender sender(Suite suite, SecureRandom rng) {
    Scalar b = suite.group().scalarField().random(rng);
    return new Sender(b, suite.group().mulBase(b).encode());
  }

  /** The receiver's secret choice bits and scalars, and its message. */
  static final class Receiver {
    final long[] choice;
    final Scalar[] a;
    final byte[] message;

    Receiver(long[] choice, Scalar[] a, byte[] message) {
      this.choice = choice;
      this.a = a;
      this.message = message;
    }

    void destroy() {
      Arrays.fill(choice, 0);
      for (Scalar s : a) {
        s.destroy();
      }
    }
  }

  /** Receiver with uniformly random choice bits (used as {@code Δ} by OT extension). */
  static Receiver receiver(Suite suite, byte[] context, SecureRandom rng) {
    Group group = suite.group();
    int len = group.elementLength();
    long[] choice = new long[COUNT / 64];
    for (int k = 0; k < choice.length; k++) {
      choice[k] = rng.nextLong();
    }
    Scalar[] a = new Scalar[COUNT];
    byte[] message = new byte[COUNT * 2 * len];
    byte[] seed = new byte[32];
    for (int i = 0; i < COUNT; i++) {
      a[i] = group.scalarField().random(rng);
      rng.nextBytes(seed);
      GroupElement other = suite.hashToGroup().apply(seed);
      byte[] otherBytes = other.encode();
      byte[] chosenBytes = group.mulBase(a[i]).subtract(hashPoint(suite, context, i, otherBytes))
          .encode();
      // (r_0, r_1) = c ? (other, chosen) : (chosen, other), without a branch on c
      byte mask = (byte) -(int) ((choice[i >>> 6] >>> (i & 63)) & 1);
      int off = i * 2 * len;
      for (int k = 0; k < len; k++) {
        byte swap = (byte) ((chosenBytes[k] ^ otherBytes[k]) & mask);
        message[off + k] = (byte) (chosenBytes[k] ^ swap);
        message[off + len + k] = (byte) (otherBytes[k] ^ swap);
      }
    }
    return new Receiver(choice, a, message);
  }

  /** The sender's keys {@code (k0_i, k1_i)}, {@code 2 × COUNT × 32} bytes. */
  static byte[][] senderKeys(Suite suite, Sender sender, byte[] context, byte[] receiverMessage)
      throws MalformedMessageException {
    Group group = suite.group();
    int len = group.elementLength();
    if (receiverMessage.length != suite.receiverMessageLength()) {
      throw new MalformedMessageException("base OT message has " + receiverMessage.length
          + " bytes, expected " + suite.receiverMessageLength());
    }
    Set<ByteBuffer> seen = new HashSet<>();
    byte[][] keys = {new byte[COUNT * 32], new byte[COUNT * 32]};
    for (int i = 0; i < COUNT; i++) {
      byte[][] r = new byte[2][];
      GroupElement[] points = new GroupElement[2];
      for (int e = 0; e < 2; e++) {
        int off = (2 * i + e) * len;
        r[e] = Arrays.copyOfRange(receiverMessage, off, off + len);
        try {
          points[e] = group.decodeElement(r[e]);
        } catch (InvalidEncodingException ex) {
          throw new MalformedMessageException("base OT instance " + i + " holds an invalid point: "
              + ex.getMessage());
        }
        if (!seen.add(ByteBuffer.wrap(r[e]))) {
          throw new MalformedMessageException("base OT instance " + i + " repeats a point");
        }
      }
      for (int e = 0; e < 2; e++) {
        GroupElement x = points[e].add(hashPoint(suite, context, i, r[1 - e]));
        if (x.isIdentity()) {
          throw new MalformedMessageException("base OT instance " + i + " degenerates");
        }
        byte[] key = key(context, i, e, r[0], r[1], sender.message,
            group.mul(x, sender.b).encode());
        System.arraycopy(key, 0, keys[e], 32 * i, 32);
      }
    }
    return keys;
  }

  /** The receiver's keys {@code k_{c_i}}, {@code COUNT × 32} bytes. */
  static byte[] receiverKeys(Suite suite, Receiver receiver, byte[] context, byte[] senderMessage)
      throws MalformedMessageException {
    Group group = suite.group();
    GroupElement b;
    try {
      b = group.decodeElement(senderMessage);
    } catch (InvalidEncodingException e) {
      throw new MalformedMessageException("base OT sender point is invalid: " + e.getMessage());
    }
    int len = group.elementLength();
    byte[] keys = new byte[COUNT * 32];
    Function<Scalar, byte[]> timesB = suite.fixedBase().apply(b);
    for (int i = 0; i < COUNT; i++) {
      int off = i * 2 * len;
      byte[] r0 = Arrays.copyOfRange(receiver.message, off, off + len);
      byte[] r1 = Arrays.copyOfRange(receiver.message, off + len, off + 2 * len);
      int c = (int) ((receiver.choice[i >>> 6] >>> (i & 63)) & 1);
      byte[] key = key(context, i, c, r0, r1, senderMessage, timesB.apply(receiver.a[i]));
      System.arraycopy(key, 0, keys, 32 * i, 32);
    }
    return keys;
  }

  private static GroupElement hashPoint(Suite suite, byte[] context, int instance, byte[] point) {
    byte[] msg = TaggedHash.of(DST_POINT).bytes(context).u32(instance).bytes(point).digest();
    return suite.hashToGroup().apply(msg);
  }

  private static byte[] key(byte[] context, int instance, int choice, byte[] r0, byte[] r1,
      byte[] senderPoint, byte[] shared) {
    byte[] key = TaggedHash.of(TAG_KEY).bytes(context).u32(instance).u32(choice).bytes(r0)
        .bytes(r1).bytes(senderPoint).bytes(shared).digest();
    Arrays.fill(shared, (byte) 0);
    return key;
  }
}
