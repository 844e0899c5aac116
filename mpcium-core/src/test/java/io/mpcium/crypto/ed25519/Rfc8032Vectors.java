package io.mpcium.crypto.ed25519;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Loads {@code vectors/rfc8032-ed25519.txt}: blocks of {@code key=value} lines, hex values. */
final class Rfc8032Vectors {
  record Vector(String name, byte[] secret, byte[] publicKey, byte[] message, byte[] signature) {
    @Override
    public String toString() {
      return name;
    }
  }

  private Rfc8032Vectors() {}

  static List<Vector> load() {
    String resource = "/vectors/rfc8032-ed25519.txt";
    List<Vector> out = new ArrayList<>();
    try (InputStream in = Rfc8032Vectors.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      Map<String, String> block = new HashMap<>();
      String line;
      while ((line = reader.readLine()) != null) {
        line = line.strip();
        if (line.startsWith("#")) {
          continue;
        }
        if (line.isEmpty()) {
          flush(block, out);
          continue;
        }
        int eq = line.indexOf('=');
        if (eq < 0) {
          throw new IllegalStateException("malformed vector line: " + line);
        }
        block.put(line.substring(0, eq), line.substring(eq + 1));
      }
      flush(block, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static void flush(Map<String, String> block, List<Vector> out) {
    if (block.isEmpty()) {
      return;
    }
    HexFormat hex = HexFormat.of();
    out.add(
        new Vector(
            require(block, "name"),
            hex.parseHex(require(block, "secret")),
            hex.parseHex(require(block, "public")),
            hex.parseHex(require(block, "message")),
            hex.parseHex(require(block, "signature"))));
    block.clear();
  }

  private static String require(Map<String, String> block, String key) {
    String v = block.get(key);
    if (v == null) {
      throw new IllegalStateException("vector block lacks '" + key + "'");
    }
    return v;
  }
}
