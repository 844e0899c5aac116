package io.mpcium;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The name of a node (a party of the threshold protocols), such as {@code "node0"}.
 *
 * <p>1 to 64 characters from {@code [A-Za-z0-9._-]}, so it is safe in NATS subjects, Consul keys,
 * file names and logs. Ordered lexicographically; protocols order their participants this way.
 */
public record PartyId(String value) implements Comparable<PartyId> {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  public PartyId {
    Objects.requireNonNull(value, "party id");
    if (!VALID.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "party id must be 1-64 characters from [A-Za-z0-9._-], got " + describe(value));
    }
  }

  public static PartyId of(String value) {
    return new PartyId(value);
  }

  @Override
  public int compareTo(PartyId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }

  private static String describe(String value) {
    return value.length() > 80 ? "a string of " + value.length() + " characters" : "'" + value + "'";
  }
}
