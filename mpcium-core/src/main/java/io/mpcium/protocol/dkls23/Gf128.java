package io.mpcium.protocol.dkls23;

/**
 * GF(2^128) with the reduction polynomial {@code x^128 + x^7 + x^2 + x + 1}; an element is two
 * longs {@code (lo, hi)}, bit {@code i} of the 128-bit little-endian integer being the
 * coefficient of {@code x^i}. Used for the OT-extension consistency check, where one factor is
 * always a public challenge: {@link #mulPublic} runs in time independent of the secret factor
 * (no secret-indexed table, no secret-dependent branch). Stateless.
 */
final class Gf128 {
  private Gf128() { }

  /** {@code acc ^= secret · challenge}, where {@code challenge} is public. */
  static void mulPublicAcc(long secretLo, long secretHi, long challengeLo, long challengeHi,
      long[] acc, int accOffset) {
    // table of secret·n for every 4-bit polynomial n, built without secret-dependent branches
    long[] tLo = new long[16];
    long[] tHi = new long[16];
    tLo[1] = secretLo;
    tHi[1] = secretHi;
    for (int k = 1; k < 4; k++) {
      int p = 1 << k;
      int q = p >>> 1;
      long carry = tHi[q] >>> 63;
      tHi[p] = (tHi[q] << 1) | (tLo[q] >>> 63);
      tLo[p] = (tLo[q] << 1) ^ (0x87L & -carry);
    }
    for (int n = 3; n < 16; n++) {
      if (Integer.bitCount(n) > 1) {
        int high = Integer.highestOneBit(n);
        tLo[n] = tLo[high] ^ tLo[n ^ high];
        tHi[n] = tHi[high] ^ tHi[n ^ high];
      }
    }
    long rLo = 0;
    long rHi = 0;
    for (int nibble = 31; nibble >= 0; nibble--) {
      long top = rHi >>> 60;
      rHi = (rHi << 4) | (rLo >>> 60);
      rLo = (rLo << 4) ^ top ^ (top << 1) ^ (top << 2) ^ (top << 7);
      int index = (int) ((nibble >= 16 ? challengeHi >>> (4 * (nibble - 16))
          : challengeLo >>> (4 * nibble)) & 15);
      rLo ^= tLo[index];
      rHi ^= tHi[index];
    }
    acc[accOffset] ^= rLo;
    acc[accOffset + 1] ^= rHi;
  }

  /** Reference bit-serial product, for tests. */
  static long[] mulSlow(long aLo, long aHi, long bLo, long bHi) {
    long rLo = 0;
    long rHi = 0;
    for (int i = 127; i >= 0; i--) {
      long carry = rHi >>> 63;
      rHi = (rHi << 1) | (rLo >>> 63);
      rLo = (rLo << 1) ^ (0x87L & -carry);
      long bit = (i >= 64 ? bHi >>> (i - 64) : bLo >>> i) & 1;
      rLo ^= aLo & -bit;
      rHi ^= aHi & -bit;
    }
    return new long[] {rLo, rHi};
  }
}
