package io.mpcium;

import io.mpcium.crypto.secp256k1.Taproot;
import io.mpcium.internal.codec.ByteReader;
import io.mpcium.internal.codec.ByteWriter;
import io.mpcium.internal.codec.MalformedMessageException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The BIP341 Taproot commitment a {@link KeyScheme#SCHNORR} signature is made for: the wallet's
 * key is the internal key {@code P}, and the signature verifies under the output key {@code Q =
 * P + int(hash_TapTweak(x(P) || merkle_root))·G} (BIP341 key-path spending).
 *
 * <ul>
 *   <li>{@link #keyPathOnly()}: an output without a script tree, {@code hash_TapTweak(x(P))}, as
 *       BIP86 wallets use. Recommended whenever a wallet key is used as a Taproot output: it
 *       proves no party hid a script path in the jointly generated key.
 *   <li>{@link #scriptTree(byte[])}: an output that commits to a script tree with the given
 *       32-byte merkle root.
 * </ul>
 *
 * <p>A signing request without a tweak yields a plain BIP340 signature under the x-only internal
 * key. Immutable and thread-safe.
 */
public final class TaprootTweak {
  private static final int KEY_PATH_ONLY = 1;
  private static final int SCRIPT_TREE = 2;

  private final byte[] merkleRoot;

  private TaprootTweak(byte[] merkleRoot) {
    this.merkleRoot = merkleRoot;
  }

  /** The tweak of an output without a script tree (BIP341 with an empty merkle root; BIP86). */
  public static TaprootTweak keyPathOnly() {
    return new TaprootTweak(null);
  }

  /**
   * The tweak of an output committing to a script tree.
   *
   * @param merkleRoot the 32-byte root of the script tree ({@code taproot_tree_helper}'s hash)
   */
  public static TaprootTweak scriptTree(byte[] merkleRoot) {
    if (merkleRoot == null || merkleRoot.length != Taproot.MERKLE_ROOT_LENGTH) {
      throw new IllegalArgumentException("a taproot merkle root must be 32 bytes");
    }
    return new TaprootTweak(merkleRoot.clone());
  }

  /** The script tree's merkle root; empty for {@link #keyPathOnly()}. */
  public Optional<byte[]> merkleRoot() {
    return Optional.ofNullable(merkleRoot).map(byte[]::clone);
  }

  /**
   * The 32-byte x-only output key {@code x(Q)} for a 32-byte x-only internal key, the key a
   * signature made with this tweak verifies under.
   *
   * @throws IllegalArgumentException if the internal key is not a valid x-only key
   */
  public byte[] outputKey(byte[] internalKey) {
    return Taproot.outputKey(internalKey, merkleRoot());
  }

  /** Appends the optional tweak of a signing request: 0, or 1, or 2 and the merkle root. */
  static void write(ByteWriter out, Optional<TaprootTweak> tweak) {
    if (tweak.isEmpty()) {
      out.u8(0);
    } else if (tweak.get().merkleRoot == null) {
      out.u8(KEY_PATH_ONLY);
    } else {
      out.u8(SCRIPT_TREE).raw(tweak.get().merkleRoot);
    }
  }

  /** Reads what {@link #write} wrote. */
  static Optional<TaprootTweak> read(ByteReader in) throws MalformedMessageException {
    int kind = in.u8();
    return switch (kind) {
      case 0 -> Optional.empty();
      case KEY_PATH_ONLY -> Optional.of(keyPathOnly());
      case SCRIPT_TREE -> Optional.of(scriptTree(in.raw(Taproot.MERKLE_ROOT_LENGTH)));
      default -> throw new MalformedMessageException("unknown taproot tweak kind " + kind);
    };
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TaprootTweak t && Arrays.equals(merkleRoot, t.merkleRoot);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(merkleRoot);
  }

  @Override
  public String toString() {
    return merkleRoot == null ? "TaprootTweak[key path only]"
        : "TaprootTweak[merkle root " + HexFormat.of().formatHex(merkleRoot) + "]";
  }
}
