package io.mpcium.store;

import io.mpcium.VaultPassphrase;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Random;

/**
 * The process the crash tests kill: it changes a store in an endless loop and prints a line
 * after each change has returned (is committed). The parent kills it with SIGKILL at a random
 * line and checks the store.
 *
 * <p>{@code write DIR FIRST}: performs {@link #op} FIRST, FIRST+1, ... printing each index.
 * {@code halt DIR FIRST STEP K}: the same, but the process halts (as abruptly as SIGKILL) when
 * its K-th commit step STEP has completed.
 * {@code rotate DIR A|B}: rotates the vault passphrase from the given one to the other and back,
 * and so on, printing the new one after each rotation.
 */
public final class CrashChild {
  static final char[] A = "passphrase A".toCharArray();
  static final char[] B = "passphrase B".toCharArray();

  private CrashChild() { }

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.US_ASCII);
    Path dir = Path.of(args[1]);
    boolean[] armed = {false};
    JournaledVolume.StepListener halt = JournaledVolume.StepListener.NONE;
    if (args[0].equals("halt")) {
      JournaledVolume.Step step = JournaledVolume.Step.valueOf(args[3]);
      int[] left = {Integer.parseInt(args[4])};
      halt = completed -> {
        if (armed[0] && completed == step && --left[0] == 0) {
          Runtime.getRuntime().halt(137);
        }
      };
    }
    try (MapDbKeyStore store = MapDbKeyStore.open(dir, "node0", halt)) {
      out.println("open");
      armed[0] = true;
      if (!args[0].equals("rotate")) {
        for (long n = Long.parseLong(args[2]); ; n++) {
          op(store, n);
          out.println(n);
        }
      }
      SecureRandom rng = new SecureRandom();
      boolean atA = args[2].equals("A");
      while (true) {
        VaultPassphrase.rotate(store, atA ? A : B, atA ? B : A, rng);
        atA = !atA;
        out.println(atA ? "A" : "B");
      }
    }
  }

  /** Operation n: for key i = n / 3, put v1, put v2, delete v1. */
  static void op(io.mpcium.spi.KeyStore store, long n) throws Exception {
    int i = (int) (n / 3);
    switch ((int) (n % 3)) {
      case 0 -> store.put(keyId(i), 1, content(i, 1));
      case 1 -> store.put(keyId(i), 2, content(i, 2));
      default -> store.delete(keyId(i), 1);
    }
  }

  static String keyId(int i) {
    return "ecdsa:wallet-" + i;
  }

  /** 60 to 100 KB, the size of a DKLs23 share, different for each key and version. */
  static byte[] content(int i, int version) {
    Random random = new Random(31L * i + version);
    byte[] bytes = new byte[60_000 + random.nextInt(40_000)];
    random.nextBytes(bytes);
    return bytes;
  }
}
