package io.mpcium.protocol.dkls23;

/** Bit-matrix transposition for OT extension. Constant time (no data-dependent branches). */
final class BitMatrix {
  private BitMatrix() { }

  /** Transposes a 64×64 block in place: bit {@code c} of {@code a[r]} moves to bit {@code r} of
   * {@code a[c]}. */
  static void transpose64(long[] a) {
    long m = 0x00000000FFFFFFFFL;
    for (int j = 32; j != 0; j >>>= 1, m ^= (m << j)) {
      for (int k = 0; k < 64; k = ((k | j) + 1) & ~j) {
        long t = ((a[k] >>> j) ^ a[k | j]) & m;
        a[k] ^= t << j;
        a[k | j] ^= t;
      }
    }
  }

  /**
   * Transposes the first {@code 64·outRows/64} columns of a {@code rows × (rowLongs·64)} matrix
   * (row {@code i} at {@code in[i·rowLongs ..]}) into an {@code outRows × rows} matrix (row
   * {@code j} at {@code out[j·(rows/64) ..]}). {@code rows} and {@code outRows} are multiples of
   * 64.
   */
  static long[] transpose(long[] in, int rows, int rowLongs, int outRows) {
    int outLongs = rows / 64;
    long[] out = new long[outRows * outLongs];
    long[] block = new long[64];
    for (int rb = 0; rb < outLongs; rb++) {
      for (int cb = 0; cb < outRows / 64; cb++) {
        for (int r = 0; r < 64; r++) {
          block[r] = in[(rb * 64 + r) * rowLongs + cb];
        }
        transpose64(block);
        for (int c = 0; c < 64; c++) {
          out[(cb * 64 + c) * outLongs + rb] = block[c];
        }
      }
    }
    java.util.Arrays.fill(block, 0);
    return out;
  }
}
