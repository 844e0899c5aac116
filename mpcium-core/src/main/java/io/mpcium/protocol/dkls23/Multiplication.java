package io.mpcium.protocol.dkls23;

import io.mpcium.crypto.Group;
import io.mpcium.crypto.InvalidEncodingException;
import io.mpcium.crypto.Scalar;
import io.mpcium.crypto.ScalarField;
import io.mpcium.internal.codec.MalformedMessageException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Random vector OLE, DKLs23 (eprint 2023/765) Protocol 5.2 with {@code ℓ = 2} sender inputs and
 * {@code ρ = 1} check column, on {@link Kos} OT extension: the sender inputs {@code (a_0, a_1)},
 * the receiver gets a random {@code b}, and they end with {@code c_k + d_k = a_k·b}.
 *
 * <ol>
 *   <li>Receiver: random {@code β ∈ {0,1}^ξ}, {@code b = Σ_j β_j·g_j} for the public gadget
 *       {@code g}; OT extension with choice {@code β}.
 *   <li>Sender: random OTs {@code (v0_j, v1_j) ∈ Z_q^3} from the hashed rows, random {@code η};
 *       sends {@code τ_j = v1_j − v0_j + (a_0, a_1, η)}, {@code η̃ = η + θ_0·a_0 + θ_1·a_1}
 *       with {@code θ} hashed from all {@code τ}, and {@code μ = H(c̃_j)_j} where {@code c̃_j =
 *       v0_{j,2} + θ·v0_{j,0..1}}. Output {@code c_k = Σ_j g_j·v0_{j,k}}.
 *   <li>Receiver: {@code d_j = β_j·τ_j − v_{β_j, j}}, checks {@code μ = H(β_j·η̃ − d̃_j)_j}
 *       (fails only if the sender used inconsistent inputs: ban it), outputs {@code d_k = Σ_j
 *       g_j·d_{j,k}}.
 * </ol>
 *
 * Sign convention: {@code c_j = v0_j}, {@code d_j = β_j·τ_j − v_{β_j}}, so {@code c_j + d_j =
 * β_j·(a_0, a_1, η)}. Stateless.
 */
final class Multiplication {
  static final int INPUTS = 2;
  static final int WIDTH = INPUTS + 1;
  static final int BATCH = Kos.BATCH;

  private static final String TAG_RANDOMIZE = "mpcium/dkls23/ote/randomize/v1";
  private static final String TAG_THETA = "mpcium/dkls23/mul/theta/v1";
  private static final String TAG_MU = "mpcium/dkls23/mul/mu/v1";
  private static final String TAG_GADGET = "mpcium/dkls23/mul/gadget/v1";

  private Multiplication() { }

  /** Sender message length for a group. */
  static int senderMessageLength(Group group) {
    return (BATCH * WIDTH + 1) * group.scalarLength() + 32;
  }

  /** The public gadget vector {@code g}, hashed from the key's session id. */
  static Scalar[] gadget(ScalarField field, byte[] keySessionId) {
    TaggedHash prefix = TaggedHash.of(TAG_GADGET).bytes(keySessionId);
    Scalar[] g = new Scalar[BATCH];
    for (int j = 0; j < BATCH; j++) {
      g[j] = prefix.fork().u32(j).toScalar(field);
    }
    return g;
  }

  /** The receiver's secret state between its two steps. */
  static final class ReceiverState {
    private final long[] beta;
    private final long[] t;
    private final Scalar b;

    ReceiverState(long[] beta, long[] t, Scalar b) {
      this.beta = beta;
      this.t = t;
      this.b = b;
    }

    /** The receiver's random input {@code b}. */
    Scalar b() {
      return b;
    }

    void destroy() {
      Arrays.fill(beta, 0);
      Arrays.fill(t, 0);
      b.destroy();
    }
  }

  record ReceiverStart(byte[] message, ReceiverState state) { }

  /** Receiver step 1: random {@code b}, OT-extension message. */
  static ReceiverStart receiverStart(ScalarField field, Scalar[] gadget, byte[] seeds0,
      byte[] seeds1, byte[] prgContext, SecureRandom rng) {
    long[] beta = new long[BATCH / 64];
    for (int k = 0; k < beta.length; k++) {
      beta[k] = rng.nextLong();
    }
    Scalar zero = field.zero();
    Scalar b = field.zero();
    for (int j = 0; j < BATCH; j++) {
      b = b.add(zero.select(gadget[j], bit(beta, j)));
    }
    Kos.Receiver ote = Kos.receive(seeds0, seeds1, beta, prgContext, rng);
    return new ReceiverStart(ote.message(), new ReceiverState(beta, ote.t(), b));
  }

  record SenderResult(byte[] message, Scalar[] c) { }

  /**
   * Sender step: checks the receiver's OT-extension message and answers; {@code null} when the
   * OT-extension check fails.
   */
  static SenderResult send(Group group, Scalar[] gadget, long[] delta, byte[] seeds,
      byte[] prgContext, byte[] mulContext, Scalar[] inputs, byte[] receiverMessage,
      SecureRandom rng) {
    ScalarField field = group.scalarField();
    long[] q = Kos.send(delta, seeds, receiverMessage, prgContext);
    if (q == null) {
      return null;
    }
    Prf prf = new Prf(TaggedHash.of(TAG_RANDOMIZE).bytes(mulContext).digest());
    Scalar eta = field.random(rng);
    Scalar[] x = {inputs[0], inputs[1], eta};
    Scalar[] v0 = new Scalar[BATCH * WIDTH];
    Scalar[] v1 = new Scalar[WIDTH];
    byte[] row = new byte[4 + 32];
    int len = group.scalarLength();
    byte[] message = new byte[senderMessageLength(group)];
    for (int j = 0; j < BATCH; j++) {
      rowInput(row, j, q, j * Kos.STRING_LONGS, null);
      prf.scalars(field, row, v0, j * WIDTH, WIDTH);
      rowInput(row, j, q, j * Kos.STRING_LONGS, delta);
      prf.scalars(field, row, v1, 0, WIDTH);
      for (int w = 0; w < WIDTH; w++) {
        Scalar tau = v1[w].sub(v0[j * WIDTH + w]).add(x[w]);
        System.arraycopy(group.encodeScalar(tau), 0, message, (j * WIDTH + w) * len, len);
        v1[w].destroy();
      }
    }
    Arrays.fill(q, 0);
    Arrays.fill(row, (byte) 0);
    Scalar[] theta = theta(field, mulContext, message, BATCH * WIDTH * len);
    Scalar etaTilde = eta.add(theta[0].mul(inputs[0])).add(theta[1].mul(inputs[1]));
    System.arraycopy(group.encodeScalar(etaTilde), 0, message, BATCH * WIDTH * len, len);
    MessageDigest mu = muDigest(mulContext);
    Scalar[] c = {field.zero(), field.zero()};
    for (int j = 0; j < BATCH; j++) {
      Scalar c0 = v0[j * WIDTH];
      Scalar c1 = v0[j * WIDTH + 1];
      Scalar combined = v0[j * WIDTH + 2].add(theta[0].mul(c0)).add(theta[1].mul(c1));
      mu.update(combined.toBE());
      c[0] = c[0].add(gadget[j].mul(c0));
      c[1] = c[1].add(gadget[j].mul(c1));
      for (int w = 0; w < WIDTH; w++) {
        v0[j * WIDTH + w].destroy();
      }
    }
    eta.destroy();
    System.arraycopy(mu.digest(), 0, message, (BATCH * WIDTH + 1) * len, 32);
    return new SenderResult(message, c);
  }

  /**
   * Receiver step 2: {@code d} with {@code c_k + d_k = a_k·b}, or {@code null} when the sender's
   * check value {@code μ} does not match (the sender used inconsistent inputs).
   */
  static Scalar[] receiverFinish(Group group, Scalar[] gadget, ReceiverState state,
      byte[] mulContext, byte[] senderMessage) throws MalformedMessageException {
    ScalarField field = group.scalarField();
    int len = group.scalarLength();
    if (senderMessage.length != senderMessageLength(group)) {
      throw new MalformedMessageException("multiplication message has "
          + senderMessage.length + " bytes, expected " + senderMessageLength(group));
    }
    Scalar[] tau = new Scalar[BATCH * WIDTH];
    Scalar etaTilde;
    try {
      for (int i = 0; i < tau.length; i++) {
        tau[i] = group.decodeScalar(Arrays.copyOfRange(senderMessage, i * len, (i + 1) * len));
      }
      etaTilde = group.decodeScalar(
          Arrays.copyOfRange(senderMessage, tau.length * len, (tau.length + 1) * len));
    } catch (InvalidEncodingException e) {
      throw new MalformedMessageException("multiplication message holds a non-canonical scalar");
    }
    byte[] mu = Arrays.copyOfRange(senderMessage, (tau.length + 1) * len, senderMessage.length);
    Scalar[] theta = theta(field, mulContext, senderMessage, tau.length * len);
    Prf prf = new Prf(TaggedHash.of(TAG_RANDOMIZE).bytes(mulContext).digest());
    Scalar[] gamma = new Scalar[WIDTH];
    byte[] row = new byte[4 + 32];
    Scalar zero = field.zero();
    MessageDigest check = muDigest(mulContext);
    Scalar[] d = {field.zero(), field.zero()};
    Scalar[] dj = new Scalar[WIDTH];
    for (int j = 0; j < BATCH; j++) {
      rowInput(row, j, state.t, j * Kos.STRING_LONGS, null);
      prf.scalars(field, row, gamma, 0, WIDTH);
      boolean betaJ = bit(state.beta, j);
      for (int w = 0; w < WIDTH; w++) {
        dj[w] = zero.select(tau[j * WIDTH + w], betaJ).sub(gamma[w]);
        gamma[w].destroy();
      }
      Scalar combined = dj[2].add(theta[0].mul(dj[0])).add(theta[1].mul(dj[1]));
      check.update(zero.select(etaTilde, betaJ).sub(combined).toBE());
      d[0] = d[0].add(gadget[j].mul(dj[0]));
      d[1] = d[1].add(gadget[j].mul(dj[1]));
      for (int w = 0; w < WIDTH; w++) {
        dj[w].destroy();
      }
    }
    Arrays.fill(row, (byte) 0);
    if (!MessageDigest.isEqual(check.digest(), mu)) {
      d[0].destroy();
      d[1].destroy();
      return null;
    }
    return d;
  }

  private static Scalar[] theta(ScalarField field, byte[] mulContext, byte[] message,
      int tauBytes) {
    TaggedHash h = TaggedHash.of(TAG_THETA).bytes(mulContext).bytes(message, 0, tauBytes);
    return new Scalar[] {h.fork().u32(0).toScalar(field), h.u32(1).toScalar(field)};
  }

  private static MessageDigest muDigest(byte[] mulContext) {
    MessageDigest d = TaggedHash.sha256();
    d.update(TaggedHash.of(TAG_MU).bytes(mulContext).digest());
    return d;
  }

  /** {@code be32(j) ‖ row_j (⊕ Δ)}, the randomization input. */
  private static void rowInput(byte[] out, int j, long[] rows, int offset, long[] delta) {
    out[0] = (byte) (j >>> 24);
    out[1] = (byte) (j >>> 16);
    out[2] = (byte) (j >>> 8);
    out[3] = (byte) j;
    for (int k = 0; k < Kos.STRING_LONGS; k++) {
      long v = rows[offset + k] ^ (delta == null ? 0 : delta[k]);
      Prf.putLongLE(out, 4 + 8 * k, v);
    }
  }

  static boolean bit(long[] bits, int j) {
    return ((bits[j >>> 6] >>> (j & 63)) & 1) == 1;
  }
}
