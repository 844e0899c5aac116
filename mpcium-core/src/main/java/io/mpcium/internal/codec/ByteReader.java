package io.mpcium.internal.codec;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what {@link ByteWriter} wrote, from untrusted bytes: every read is bounds-checked and
 * every length is capped, so a hostile input produces a {@link MalformedMessageException}, never
 * an unchecked exception or a huge allocation. Not thread-safe.
 */
public final class ByteReader {
  /** Upper bound for any single length-prefixed field. */
  public static final int MAX_FIELD = 16 * 1024 * 1024;

  private final byte[] data;
  private int position;

  public ByteReader(byte[] data) {
    this.data = data;
  }

  public int u8() throws MalformedMessageException {
    require(1, "u8");
    return data[position++] & 0xff;
  }

  public int u32() throws MalformedMessageException {
    require(4, "u32");
    int value = ((data[position] & 0xff) << 24)
        | ((data[position + 1] & 0xff) << 16)
        | ((data[position + 2] & 0xff) << 8)
        | (data[position + 3] & 0xff);
    position += 4;
    return value;
  }

  public long u64() throws MalformedMessageException {
    require(8, "u64");
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (data[position + i] & 0xff);
    }
    position += 8;
    return value;
  }

  public byte[] raw(int length) throws MalformedMessageException {
    require(length, "fixed field");
    byte[] value = new byte[length];
    System.arraycopy(data, position, value, 0, length);
    position += length;
    return value;
  }

  public byte[] bytes(int maxLength) throws MalformedMessageException {
    int length = u32();
    if (length < 0 || length > Math.min(maxLength, MAX_FIELD)) {
      throw new MalformedMessageException("field length " + Integer.toUnsignedString(length)
          + " exceeds limit " + Math.min(maxLength, MAX_FIELD));
    }
    return raw(length);
  }

  public String string(int maxBytes) throws MalformedMessageException {
    byte[] utf8 = bytes(maxBytes);
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(utf8))
          .toString();
    } catch (CharacterCodingException e) {
      throw new MalformedMessageException("string field is not valid UTF-8");
    }
  }

  public List<String> strings(int maxCount, int maxBytesEach) throws MalformedMessageException {
    int count = u32();
    if (count < 0 || count > maxCount) {
      throw new MalformedMessageException("list of " + Integer.toUnsignedString(count)
          + " entries exceeds limit " + maxCount);
    }
    List<String> values = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      values.add(string(maxBytesEach));
    }
    return values;
  }

  public int remaining() {
    return data.length - position;
  }

  /** Fails unless every byte has been read: trailing data is rejected, not ignored. */
  public void end() throws MalformedMessageException {
    if (position != data.length) {
      throw new MalformedMessageException((data.length - position) + " trailing bytes");
    }
  }

  private void require(int length, String what) throws MalformedMessageException {
    if (length < 0 || data.length - position < length) {
      throw new MalformedMessageException("truncated input reading " + what);
    }
  }
}
