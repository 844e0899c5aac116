package io.mpcium.transport.nats.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON the way Go's {@code encoding/json} unmarshals into a struct: keys match exactly
 * or else case-insensitively, unknown keys are ignored, {@code []byte} is padded standard
 * base64 (CR and LF ignored) and {@code null} leaves a field at its zero value.
 */
final class GoJsonReader {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final JsonNode root;

  private GoJsonReader(JsonNode root) {
    this.root = root;
  }

  static GoJsonReader parse(byte[] data) throws MalformedMpciumMessageException {
    try {
      JsonNode root = JSON.readTree(data);
      if (root == null || !root.isObject()) {
        throw new MalformedMpciumMessageException("not a JSON object");
      }
      return new GoJsonReader(root);
    } catch (IOException e) {
      throw new MalformedMpciumMessageException("invalid JSON: " + (e instanceof
          com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage()
          : e.getMessage()));
    }
  }

  private JsonNode field(String name) {
    JsonNode exact = root.get(name);
    if (exact != null) {
      return exact;
    }
    for (Map.Entry<String, JsonNode> entry : root.properties()) {
      if (entry.getKey().equalsIgnoreCase(name)) {
        return entry.getValue();
      }
    }
    return null;
  }

  String string(String name) throws MalformedMpciumMessageException {
    JsonNode node = field(name);
    if (node == null || node.isNull()) {
      return "";
    }
    if (!node.isTextual()) {
      throw new MalformedMpciumMessageException("field " + name + " is not a string");
    }
    return node.asText();
  }

  /** A Go {@code []byte}: null when absent or null. */
  byte[] bytes(String name) throws MalformedMpciumMessageException {
    JsonNode node = field(name);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw new MalformedMpciumMessageException("field " + name + " is not a base64 string");
    }
    try {
      return Base64.getDecoder().decode(node.asText().replace("\r", "").replace("\n", ""));
    } catch (IllegalArgumentException e) {
      throw new MalformedMpciumMessageException("field " + name + " is not padded standard base64");
    }
  }

  long number(String name) throws MalformedMpciumMessageException {
    JsonNode node = field(name);
    if (node == null || node.isNull()) {
      return 0;
    }
    if (!node.isIntegralNumber()) {
      throw new MalformedMpciumMessageException("field " + name + " is not an integer");
    }
    return node.asLong();
  }

  boolean bool(String name) throws MalformedMpciumMessageException {
    JsonNode node = field(name);
    if (node == null || node.isNull()) {
      return false;
    }
    if (!node.isBoolean()) {
      throw new MalformedMpciumMessageException("field " + name + " is not a boolean");
    }
    return node.asBoolean();
  }

  /** A Go {@code []string}: null when absent or null. */
  List<String> strings(String name) throws MalformedMpciumMessageException {
    JsonNode node = field(name);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isArray()) {
      throw new MalformedMpciumMessageException("field " + name + " is not an array");
    }
    List<String> values = new ArrayList<>();
    for (JsonNode item : node) {
      if (!item.isTextual()) {
        throw new MalformedMpciumMessageException("field " + name + " holds a non-string");
      }
      values.add(item.asText());
    }
    return values;
  }

  /** A Go {@code []uint32}: null when absent or null. */
  List<Long> uint32s(String name) throws MalformedMpciumMessageException {
    JsonNode node = field(name);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isArray()) {
      throw new MalformedMpciumMessageException("field " + name + " is not an array");
    }
    List<Long> values = new ArrayList<>();
    for (JsonNode item : node) {
      if (!item.isIntegralNumber() || item.asLong() < 0 || item.asLong() > 0xffffffffL) {
        throw new MalformedMpciumMessageException("field " + name + " holds a non-uint32");
      }
      values.add(item.asLong());
    }
    return values;
  }

  List<AuthorizerSignature> authorizerSignatures() throws MalformedMpciumMessageException {
    JsonNode node = field("authorizer_signatures");
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new MalformedMpciumMessageException("authorizer_signatures is not an array");
    }
    List<AuthorizerSignature> out = new ArrayList<>();
    for (JsonNode item : node) {
      if (!item.isObject()) {
        throw new MalformedMpciumMessageException("authorizer_signatures holds a non-object");
      }
      GoJsonReader entry = new GoJsonReader(item);
      byte[] signature = entry.bytes("signature");
      out.add(new AuthorizerSignature(entry.string("authorizer_id"),
          signature == null ? new byte[0] : signature));
    }
    return out;
  }
}
