package io.mpcium.protocol.dkls23;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Correlated OT extension: KOS15 with the corrected consistency check (SoftSpokenOT with
 * {@code k = 1}, eprint 2022/192 §5), made non-interactive by Fiat–Shamir. From {@link #KAPPA}
 * base OTs in the reverse direction it extends {@link #BATCH} OTs of {@code κ}-bit strings per
 * session; the base-OT seeds are reused across sessions, with per-session freshness coming from
 * the PRG key (session ids, ordered pair, receiver nonce).
 *
 * <p>Receiver: extended choice {@code x̂ = β ‖ ρ} ({@code ρ}: {@link #CHECK_BITS} random bits),
 * columns {@code T0_i = PRG(k0_i)}, {@code T1_i = PRG(k1_i)}, sends {@code u_i = T0_i ⊕ T1_i ⊕
 * x̂}, then {@code ŷ = h(x̂)} and {@code t̂_i = h(T0_i)} for the universal hash {@code h(z) =
 * Σ_{b<4} χ_b·z_b + z_4} over GF(2^128), with {@code χ} hashed from all {@code u}.
 * Sender (base-OT choice {@code Δ}): {@code Q_i = PRG(k_{Δ_i}) ⊕ Δ_i·u_i = T0_i ⊕ Δ_i·x̂} and
 * checks {@code h(Q_i) = t̂_i ⊕ Δ_i·ŷ} for every {@code i}, accumulating without early exit. Then
 * the rows {@code q_j = t_j ⊕ x̂_j·Δ} of the transposed matrices give the correlation. Stateless.
 */
final class Kos {
  static final int KAPPA = 256;
  static final int BATCH = 512;
  static final int CHECK_BITS = 128;
  static final int ROW_LONGS = (BATCH + CHECK_BITS) / 64;
  static final int ROW_BYTES = ROW_LONGS * 8;
  static final int SEED_BYTES = 32;
  static final int MESSAGE_BYTES = KAPPA * ROW_BYTES + 16 + KAPPA * 16;
  /** Longs per extended OT string ({@code κ} bits). */
  static final int STRING_LONGS = KAPPA / 64;

  private static final String TAG_CHI = "mpcium/dkls23/ote/chi/v1";

  private Kos() { }

  /** The receiver's message and its private correlation rows {@code t_j}. */
  record Receiver(byte[] message, long[] t) { }

  /**
   * @param seeds0 base-OT seeds {@code k0_i} ({@code κ × 32} bytes)
   * @param seeds1 base-OT seeds {@code k1_i}
   * @param choice {@code β}, {@link #BATCH} bits as longs
   * @param context the 32-byte session context (tagged hash of session ids, pair, nonce)
   */
  static Receiver receive(byte[] seeds0, byte[] seeds1, long[] choice, byte[] context,
      SecureRandom rng) {
    long[] xhat = new long[ROW_LONGS];
    System.arraycopy(choice, 0, xhat, 0, BATCH / 64);
    for (int k = BATCH / 64; k < ROW_LONGS; k++) {
      xhat[k] = rng.nextLong();
    }
    Prf prf = new Prf(context);
    long[] t0 = new long[KAPPA * ROW_LONGS];
    long[] t1 = new long[ROW_LONGS];
    byte[] message = new byte[MESSAGE_BYTES];
    byte[] row = new byte[ROW_BYTES];
    for (int i = 0; i < KAPPA; i++) {
      prg(prf, seeds0, i, row);
      for (int k = 0; k < ROW_LONGS; k++) {
        t0[i * ROW_LONGS + k] = Prf.getLongLE(row, 8 * k);
      }
      prg(prf, seeds1, i, row);
      for (int k = 0; k < ROW_LONGS; k++) {
        t1[k] = Prf.getLongLE(row, 8 * k);
        Prf.putLongLE(message, i * ROW_BYTES + 8 * k, t0[i * ROW_LONGS + k] ^ t1[k] ^ xhat[k]);
      }
    }
    long[] chi = challenges(context, message);
    int at = KAPPA * ROW_BYTES;
    long[] acc = new long[2];
    compress(xhat, 0, chi, acc);
    Prf.putLongLE(message, at, acc[0]);
    Prf.putLongLE(message, at + 8, acc[1]);
    at += 16;
    for (int i = 0; i < KAPPA; i++) {
      acc[0] = 0;
      acc[1] = 0;
      compress(t0, i * ROW_LONGS, chi, acc);
      Prf.putLongLE(message, at, acc[0]);
      Prf.putLongLE(message, at + 8, acc[1]);
      at += 16;
    }
    long[] t = BitMatrix.transpose(t0, KAPPA, ROW_LONGS, BATCH);
    Arrays.fill(t0, 0);
    Arrays.fill(t1, 0);
    Arrays.fill(xhat, 0);
    Arrays.fill(row, (byte) 0);
    return new Receiver(message, t);
  }

  /**
   * The sender's side: checks the receiver's message and returns the rows {@code q_j}
   * ({@link #BATCH} × {@link #STRING_LONGS} longs), or {@code null} when the consistency check
   * fails (the receiver cheated: ban it, since {@code Δ} is reused).
   *
   * @param delta {@code Δ} as {@link #STRING_LONGS} longs
   * @param seeds {@code k_{Δ_i, i}} ({@code κ × 32} bytes)
   */
  static long[] send(long[] delta, byte[] seeds, byte[] message, byte[] context) {
    if (message.length != MESSAGE_BYTES) {
      throw new IllegalArgumentException("OT extension message has the wrong length");
    }
    Prf prf = new Prf(context);
    long[] chi = challenges(context, message);
    long[] q = new long[KAPPA * ROW_LONGS];
    byte[] row = new byte[ROW_BYTES];
    int at = KAPPA * ROW_BYTES;
    long yLo = Prf.getLongLE(message, at);
    long yHi = Prf.getLongLE(message, at + 8);
    long diff = 0;
    long[] acc = new long[2];
    for (int i = 0; i < KAPPA; i++) {
      long mask = -((delta[i >>> 6] >>> (i & 63)) & 1);
      prg(prf, seeds, i, row);
      for (int k = 0; k < ROW_LONGS; k++) {
        q[i * ROW_LONGS + k] = Prf.getLongLE(row, 8 * k)
            ^ (mask & Prf.getLongLE(message, i * ROW_BYTES + 8 * k));
      }
      acc[0] = 0;
      acc[1] = 0;
      compress(q, i * ROW_LONGS, chi, acc);
      int th = at + 16 + 16 * i;
      diff |= acc[0] ^ Prf.getLongLE(message, th) ^ (mask & yLo);
      diff |= acc[1] ^ Prf.getLongLE(message, th + 8) ^ (mask & yHi);
    }
    Arrays.fill(row, (byte) 0);
    if (diff != 0) {
      Arrays.fill(q, 0);
      return null;
    }
    long[] out = BitMatrix.transpose(q, KAPPA, ROW_LONGS, BATCH);
    Arrays.fill(q, 0);
    return out;
  }

  private static void prg(Prf prf, byte[] seeds, int column, byte[] row) {
    byte[] input = new byte[SEED_BYTES + 2];
    System.arraycopy(seeds, column * SEED_BYTES, input, 0, SEED_BYTES);
    input[SEED_BYTES] = (byte) (column >>> 8);
    input[SEED_BYTES + 1] = (byte) column;
    prf.expand(input, row);
    Arrays.fill(input, (byte) 0);
  }

  /** Four public GF(2^128) challenges hashed from the context and every {@code u_i}. */
  private static long[] challenges(byte[] context, byte[] message) {
    TaggedHash h = TaggedHash.of(TAG_CHI).bytes(context).bytes(message, 0, KAPPA * ROW_BYTES);
    TaggedHash second = h.fork();
    byte[] a = h.bytes(new byte[] {0}).digest();
    byte[] b = second.bytes(new byte[] {1}).digest();
    return new long[] {Prf.getLongLE(a, 0), Prf.getLongLE(a, 8), Prf.getLongLE(a, 16),
        Prf.getLongLE(a, 24), Prf.getLongLE(b, 0), Prf.getLongLE(b, 8), Prf.getLongLE(b, 16),
        Prf.getLongLE(b, 24)};
  }

  private static void compress(long[] row, int offset, long[] chi, long[] acc) {
    for (int b = 0; b < 4; b++) {
      Gf128.mulPublicAcc(row[offset + 2 * b], row[offset + 2 * b + 1], chi[2 * b],
          chi[2 * b + 1], acc, 0);
    }
    acc[0] ^= row[offset + 8];
    acc[1] ^= row[offset + 9];
  }
}
