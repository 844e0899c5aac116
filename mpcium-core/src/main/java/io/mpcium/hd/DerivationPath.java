package io.mpcium.hd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A non-hardened derivation path such as {@code m/44/60/0/0/7}: at most {@link #MAX_DEPTH}
 * indices, each below {@link #HARDENED} (2^31). Hardened indices need the parent private key,
 * which no party of a threshold key holds, so they are rejected with an explanation. The empty
 * path ({@link #MASTER}) names the wallet's own key. Immutable value; thread-safe.
 */
public final class DerivationPath {
  /** The first hardened index, 2^31. */
  public static final long HARDENED = 0x8000_0000L;
  /** The deepest path BIP32 can serialise (depth is one byte). */
  public static final int MAX_DEPTH = 255;
  /** The empty path: the wallet's key itself. */
  public static final DerivationPath MASTER = new DerivationPath(new int[0]);

  private final int[] indices;

  private DerivationPath(int[] indices) {
    this.indices = indices;
  }

  /**
   * The path with these indices, in order from the wallet's key.
   *
   * @throws IllegalArgumentException if an index is negative or hardened (≥ 2^31), or the path
   *     is deeper than 255
   */
  public static DerivationPath of(long... indices) {
    if (indices.length > MAX_DEPTH) {
      throw new IllegalArgumentException("a derivation path has at most " + MAX_DEPTH
          + " indices, not " + indices.length);
    }
    int[] checked = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      checked[i] = check(indices[i], i);
    }
    return checked.length == 0 ? MASTER : new DerivationPath(checked);
  }

  /** {@link #of(long...)} for a list, as JSON arrays decode. */
  public static DerivationPath of(List<? extends Number> indices) {
    return of(indices.stream().mapToLong(Number::longValue).toArray());
  }

  /**
   * Parses {@code "44,60,0,0,7"}, {@code "m/44/60/0/0/7"} or {@code "44/60/0/0/7"}; {@code ""}
   * and {@code "m"} are the master key.
   *
   * @throws IllegalArgumentException if it is not such a list of decimal indices, or an index is
   *     hardened ({@code 44'}, {@code 44h} or ≥ 2^31)
   */
  public static DerivationPath parse(String text) {
    String s = text.strip();
    if (s.equals("m") || s.equals("M")) {
      return MASTER;
    }
    if (s.startsWith("m/") || s.startsWith("M/")) {
      s = s.substring(2);
    }
    if (s.isEmpty()) {
      return MASTER;
    }
    String[] parts = s.split("[,/]", -1);
    List<Long> values = new ArrayList<>(parts.length);
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i].strip();
      if (part.endsWith("'") || part.endsWith("h") || part.endsWith("H")) {
        throw new IllegalArgumentException("index " + part + " at position " + i + " is "
            + "hardened; threshold keys support only non-hardened derivation");
      }
      if (part.isEmpty() || part.length() > 10 || !part.chars().allMatch(Character::isDigit)) {
        throw new IllegalArgumentException("derivation path '" + text + "': '" + part
            + "' is not a decimal index");
      }
      values.add(Long.parseLong(part));
    }
    return of(values);
  }

  private static int check(long index, int position) {
    if (index < 0) {
      throw new IllegalArgumentException("index " + index + " at position " + position
          + " is negative");
    }
    if (index >= HARDENED) {
      throw new IllegalArgumentException("index " + index + " at position " + position
          + " is hardened (≥ 2^31); threshold keys support only non-hardened derivation");
    }
    return (int) index;
  }

  /** Number of indices; 0 for the master key. */
  public int depth() {
    return indices.length;
  }

  public boolean isMaster() {
    return indices.length == 0;
  }

  /** The index at {@code position} (0-based), below 2^31. */
  public int index(int position) {
    return indices[position];
  }

  /** The indices in order. */
  public List<Long> indices() {
    return Arrays.stream(indices).mapToObj(i -> (long) i).toList();
  }

  /** The path extended by one more index. */
  public DerivationPath child(long index) {
    long[] longer = new long[indices.length + 1];
    for (int i = 0; i < indices.length; i++) {
      longer[i] = indices[i];
    }
    longer[indices.length] = index;
    return of(longer);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DerivationPath p && Arrays.equals(indices, p.indices);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(indices);
  }

  /** {@code m/44/60/0/0/7}, or {@code m} for the master key. */
  @Override
  public String toString() {
    return Arrays.stream(indices).mapToObj(Integer::toString)
        .collect(Collectors.joining("/", indices.length == 0 ? "m" : "m/", ""));
  }
}
