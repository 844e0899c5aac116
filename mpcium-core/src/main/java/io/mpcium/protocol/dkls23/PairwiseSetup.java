package io.mpcium.protocol.dkls23;

import io.mpcium.internal.security.SecretGuard;
import java.util.Arrays;

/**
 * One party's long-term material for one counterparty, made during key generation and reused by
 * every signing session: the base-OT outputs for both OT-extension roles and the pairwise
 * zero-sharing seed. Secret; guarded by a {@link SecretGuard}, redacted in {@link #toString()},
 * wiped by {@link #destroy()}. Thread-safe.
 */
final class PairwiseSetup {
  static final int SEEDS_BYTES = Kos.KAPPA * Kos.SEED_BYTES;
  static final int DELTA_BYTES = Kos.KAPPA / 8;
  static final int ZERO_SEED_BYTES = 32;
  static final int ENCODED_BYTES = ZERO_SEED_BYTES + DELTA_BYTES + 3 * SEEDS_BYTES;

  private final SecretGuard guard = new SecretGuard("DKLs23 pairwise setup");
  /** As OT-extension sender (multiplication sender): {@code Δ} and {@code k_{Δ_i, i}}. */
  private final long[] delta;
  private final byte[] senderSeeds;
  /** As OT-extension receiver (multiplication receiver): {@code k0_i} and {@code k1_i}. */
  private final byte[] receiverSeeds0;
  private final byte[] receiverSeeds1;
  private final byte[] zeroSeed;

  PairwiseSetup(long[] delta, byte[] senderSeeds, byte[] receiverSeeds0, byte[] receiverSeeds1,
      byte[] zeroSeed) {
    if (delta.length != Kos.STRING_LONGS || senderSeeds.length != SEEDS_BYTES
        || receiverSeeds0.length != SEEDS_BYTES || receiverSeeds1.length != SEEDS_BYTES
        || zeroSeed.length != ZERO_SEED_BYTES) {
      throw new IllegalArgumentException("pairwise setup has the wrong sizes");
    }
    this.delta = delta.clone();
    this.senderSeeds = senderSeeds.clone();
    this.receiverSeeds0 = receiverSeeds0.clone();
    this.receiverSeeds1 = receiverSeeds1.clone();
    this.zeroSeed = zeroSeed.clone();
  }

  /** Runs {@code use} with the raw arrays (not to be kept or modified). */
  <T> T use(Use<T> use) {
    return guard.use(() -> use.run(delta, senderSeeds, receiverSeeds0, receiverSeeds1,
        zeroSeed));
  }

  @FunctionalInterface
  interface Use<T> {
    T run(long[] delta, byte[] senderSeeds, byte[] receiverSeeds0, byte[] receiverSeeds1,
        byte[] zeroSeed);
  }

  byte[] encode() {
    return use((d, s, r0, r1, z) -> {
      byte[] out = new byte[ENCODED_BYTES];
      System.arraycopy(z, 0, out, 0, ZERO_SEED_BYTES);
      for (int k = 0; k < d.length; k++) {
        Prf.putLongLE(out, ZERO_SEED_BYTES + 8 * k, d[k]);
      }
      int at = ZERO_SEED_BYTES + DELTA_BYTES;
      System.arraycopy(s, 0, out, at, SEEDS_BYTES);
      System.arraycopy(r0, 0, out, at + SEEDS_BYTES, SEEDS_BYTES);
      System.arraycopy(r1, 0, out, at + 2 * SEEDS_BYTES, SEEDS_BYTES);
      return out;
    });
  }

  static PairwiseSetup decode(byte[] in) {
    if (in.length != ENCODED_BYTES) {
      throw new IllegalArgumentException("pairwise setup has the wrong size");
    }
    long[] d = new long[Kos.STRING_LONGS];
    for (int k = 0; k < d.length; k++) {
      d[k] = Prf.getLongLE(in, ZERO_SEED_BYTES + 8 * k);
    }
    int at = ZERO_SEED_BYTES + DELTA_BYTES;
    PairwiseSetup setup = new PairwiseSetup(d, Arrays.copyOfRange(in, at, at + SEEDS_BYTES),
        Arrays.copyOfRange(in, at + SEEDS_BYTES, at + 2 * SEEDS_BYTES),
        Arrays.copyOfRange(in, at + 2 * SEEDS_BYTES, at + 3 * SEEDS_BYTES),
        Arrays.copyOf(in, ZERO_SEED_BYTES));
    Arrays.fill(d, 0);
    return setup;
  }

  void destroy() {
    guard.destroy(() -> {
      Arrays.fill(delta, 0);
      Arrays.fill(senderSeeds, (byte) 0);
      Arrays.fill(receiverSeeds0, (byte) 0);
      Arrays.fill(receiverSeeds1, (byte) 0);
      Arrays.fill(zeroSeed, (byte) 0);
    });
  }

  @Override
  public String toString() {
    return "PairwiseSetup[redacted]";
  }
}
