package io.mpcium.internal.codec;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Writes JSON exactly as Go's {@code encoding/json} marshals a struct, so that bytes signed by
 * Mpcium's Go clients can be rebuilt and checked: fields in the order they are added, no
 * whitespace, {@code []byte} as padded standard base64 ({@code null} for nil), {@code <},
 * {@code >}, {@code &}, U+2028 and U+2029 escaped as {@code \}{@code u003c} etc., control
 * characters as {@code \n}, {@code \r}, {@code \t}, {@code \b}, {@code \f} or lower-case
 * {@code \}{@code u00xx}, unpaired surrogates (Go: invalid UTF-8) as U+FFFD, and every other
 * character as raw UTF-8. Not thread-safe; one writer builds one object.
 */
public final class GoJson {
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private final StringBuilder out = new StringBuilder(128).append('{');
  private boolean first = true;

  private GoJson() { }

  /** Starts an object. */
  public static GoJson object() {
    return new GoJson();
  }

  public GoJson string(String name, String value) {
    name(name);
    if (value == null) {
      out.append("null");
    } else {
      quote(out, value);
    }
    return this;
  }

  /** A Go {@code []byte}: base64 with padding, {@code null} when {@code value} is null. */
  public GoJson bytes(String name, byte[] value) {
    name(name);
    if (value == null) {
      out.append("null");
    } else {
      out.append('"').append(Base64.getEncoder().encodeToString(value)).append('"');
    }
    return this;
  }

  public GoJson number(String name, long value) {
    name(name);
    out.append(value);
    return this;
  }

  public GoJson bool(String name, boolean value) {
    name(name);
    out.append(value);
    return this;
  }

  /** A Go {@code []string}: {@code null} when {@code values} is null. */
  public GoJson strings(String name, List<String> values) {
    name(name);
    if (values == null) {
      out.append("null");
      return this;
    }
    out.append('[');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      quote(out, values.get(i));
    }
    out.append(']');
    return this;
  }

  /** A value that is already JSON (for nested arrays or objects). */
  public GoJson raw(String name, String json) {
    name(name);
    out.append(json);
    return this;
  }

  public String toJson() {
    return out + "}";
  }

  public byte[] toBytes() {
    return toJson().getBytes(StandardCharsets.UTF_8);
  }

  private void name(String name) {
    if (!first) {
      out.append(',');
    }
    first = false;
    quote(out, name);
    out.append(':');
  }

  /** Appends {@code value} as a Go-encoded JSON string. */
  public static void quote(StringBuilder out, String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '<', '>', '&', '\u2028', '\u2029' -> unicode(out, c);
        default -> {
          if (c < 0x20) {
            unicode(out, c);
          } else if (Character.isHighSurrogate(c) && i + 1 < value.length()
              && Character.isLowSurrogate(value.charAt(i + 1))) {
            out.append(c).append(value.charAt(++i));
          } else if (Character.isSurrogate(c)) {
            out.append("\\ufffd");
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /** A Go-encoded JSON string literal. */
  public static String quote(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2);
    quote(out, value);
    return out.toString();
  }

  private static void unicode(StringBuilder out, char c) {
    out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf])
        .append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
  }
}
