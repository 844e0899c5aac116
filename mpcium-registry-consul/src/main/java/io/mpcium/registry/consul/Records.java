package io.mpcium.registry.consul;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.mpcium.PartyId;
import io.mpcium.spi.PeerInfo;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The JSON values the registry stores: Mpcium's key metadata and this project's identity record.
 * Decoding is strict: a malformed value is an error naming the key, never a default.
 */
final class Records {
  private static final HexFormat HEX = HexFormat.of();

  private Records() {}

  /**
   * Mpcium's {@code threshold_keyinfo} value: {@code {"participant_peer_ids":[...],
   * "threshold":t,"version":v}} with node ids and Mpcium's threshold (signers - 1), in the field
   * order Go's encoder writes.
   */
  record StoredKeyInfo(List<String> participantIds, int mpciumThreshold, int version) {
    StoredKeyInfo {
      participantIds = List.copyOf(participantIds);
    }

    String toJson() {
      JsonObject json = new JsonObject();
      JsonArray ids = new JsonArray();
      participantIds.forEach(ids::add);
      json.add("participant_peer_ids", ids);
      json.addProperty("threshold", mpciumThreshold);
      json.addProperty("version", version);
      return json.toString();
    }

    static StoredKeyInfo parse(String key, String value) throws MalformedRecordException {
      JsonObject json = object(key, value);
      JsonElement ids = json.get("participant_peer_ids");
      if (ids == null || !ids.isJsonArray()) {
        throw new MalformedRecordException(key, "participant_peer_ids is not an array");
      }
      List<String> participants = new ArrayList<>();
      for (JsonElement id : ids.getAsJsonArray()) {
        participants.add(string(key, id, "participant_peer_ids[]"));
      }
      return new StoredKeyInfo(participants, integer(key, json, "threshold"),
          integer(key, json, "version"));
    }
  }

  /**
   * A node's public identity: {@code {"node_name","node_id","public_key","agreement_public_key"}}
   * with the keys in hex, like Mpcium's identity files ({@code public_key} is the Ed25519 key).
   */
  record StoredIdentity(PartyId name, String nodeId, PeerInfo peer) {
    StoredIdentity {
      Objects.requireNonNull(name, "name");
      KeyLayout.checkNodeId(nodeId);
      if (!peer.id().equals(name)) {
        throw new IllegalArgumentException("identity of " + peer.id() + " stored as " + name);
      }
    }

    String toJson() {
      JsonObject json = new JsonObject();
      json.addProperty("node_name", name.value());
      json.addProperty("node_id", nodeId);
      json.addProperty("public_key", HEX.formatHex(peer.signingKey()));
      json.addProperty("agreement_public_key", HEX.formatHex(peer.agreementKey()));
      return json.toString();
    }

    static StoredIdentity parse(String key, String value) throws MalformedRecordException {
      JsonObject json = object(key, value);
      try {
        PartyId name = PartyId.of(string(key, json.get("node_name"), "node_name"));
        PeerInfo peer = new PeerInfo(name,
            HEX.parseHex(string(key, json.get("public_key"), "public_key")),
            HEX.parseHex(string(key, json.get("agreement_public_key"), "agreement_public_key")));
        return new StoredIdentity(name, string(key, json.get("node_id"), "node_id"), peer);
      } catch (IllegalArgumentException e) {
        throw new MalformedRecordException(key, e.getMessage());
      }
    }
  }

  /** A stored value that is not what this registry writes there. */
  static final class MalformedRecordException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedRecordException(String key, String problem) {
      super("Consul key " + key + " holds a malformed value: " + problem);
    }
  }

  private static JsonObject object(String key, String value) throws MalformedRecordException {
    if (value == null) {
      throw new MalformedRecordException(key, "no value");
    }
    try {
      JsonElement parsed = JsonParser.parseString(value);
      if (!parsed.isJsonObject()) {
        throw new MalformedRecordException(key, "not a JSON object");
      }
      return parsed.getAsJsonObject();
    } catch (JsonParseException e) {
      throw new MalformedRecordException(key, "not JSON");
    }
  }

  private static String string(String key, JsonElement element, String field)
      throws MalformedRecordException {
    if (element == null || !element.isJsonPrimitive()
        || !element.getAsJsonPrimitive().isString()) {
      throw new MalformedRecordException(key, field + " is not a string");
    }
    return element.getAsString();
  }

  private static int integer(String key, JsonObject json, String field)
      throws MalformedRecordException {
    JsonElement element = json.get(field);
    if (element == null || !element.isJsonPrimitive()
        || !element.getAsJsonPrimitive().isNumber()) {
      throw new MalformedRecordException(key, field + " is not a number");
    }
    JsonPrimitive number = element.getAsJsonPrimitive();
    try {
      return new java.math.BigDecimal(number.getAsString()).intValueExact();
    } catch (ArithmeticException | NumberFormatException e) {
      throw new MalformedRecordException(key, field + " is not an integer in range");
    }
  }
}
