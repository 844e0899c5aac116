package io.mpcium.internal.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes the library's binary encoding: big-endian integers and length-prefixed byte strings.
 * Every variable-length field carries its length, so an encoding is injective (no two field
 * lists encode to the same bytes) and safe to hash as a transcript. Not thread-safe.
 */
public final class ByteWriter {
  private final ByteArrayOutputStream out;

  public ByteWriter() {
    this(128);
  }

  public ByteWriter(int initialCapacity) {
    out = new ByteArrayOutputStream(initialCapacity);
  }

  public ByteWriter u8(int value) {
    if (value < 0 || value > 0xff) {
      throw new IllegalArgumentException("u8 out of range: " + value);
    }
    out.write(value);
    return this;
  }

  public ByteWriter u32(int value) {
    out.write(value >>> 24);
    out.write(value >>> 16);
    out.write(value >>> 8);
    out.write(value);
    return this;
  }

  public ByteWriter u64(long value) {
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.write((int) (value >>> shift));
    }
    return this;
  }

  /** Writes the bytes as they are, without a length: only for fixed-size fields. */
  public ByteWriter raw(byte[] bytes) {
    out.write(bytes, 0, bytes.length);
    return this;
  }

  /** Writes a u32 length followed by the bytes. */
  public ByteWriter bytes(byte[] bytes) {
    u32(bytes.length);
    return raw(bytes);
  }

  public ByteWriter string(String value) {
    return bytes(value.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes a u32 count followed by each string, length-prefixed. */
  public ByteWriter strings(List<String> values) {
    u32(values.size());
    for (String value : values) {
      string(value);
    }
    return this;
  }

  public int size() {
    return out.size();
  }

  public byte[] toByteArray() {
    return out.toByteArray();
  }
}
