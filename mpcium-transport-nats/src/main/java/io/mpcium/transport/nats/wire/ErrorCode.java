package io.mpcium.transport.nats.wire;

import java.util.Locale;

/**
 * Mpcium's error codes ({@code pkg/event/types.go}), as they appear in result {@code
 * error_code} fields: the constant name is the wire string.
 */
public enum ErrorCode {
  ERROR_UNKNOWN,
  ERROR_NETWORK_TIMEOUT, ERROR_NETWORK_CONNECTION, ERROR_NETWORK_SUBSCRIPTION,
  ERROR_MESSAGE_ROUTING, ERROR_DIRECT_MESSAGING,
  ERROR_SESSION_TIMEOUT, ERROR_SESSION_CREATION, ERROR_SESSION_INITIALIZATION,
  ERROR_SESSION_CLEANUP, ERROR_SESSION_DUPLICATE, ERROR_SESSION_STALE,
  ERROR_INSUFFICIENT_PARTICIPANTS, ERROR_INCOMPATIBLE_PEER_IDS, ERROR_PEER_NOT_READY,
  ERROR_PEER_UNAVAILABLE, ERROR_PARTICIPANT_NOT_FOUND,
  ERROR_KEY_NOT_FOUND, ERROR_KEY_ALREADY_EXISTS, ERROR_KEY_GENERATION, ERROR_KEY_SAVE,
  ERROR_KEY_LOAD, ERROR_KEY_INFO_SAVE, ERROR_KEY_INFO_LOAD, ERROR_KEY_ENCODING,
  ERROR_KEY_DECODING, ERROR_MSG_VALIDATION,
  ERROR_SIGNATURE_GENERATION, ERROR_SIGNATURE_VERIFICATION, ERROR_INVALID_INITIATOR_SIGNATURE,
  ERROR_PRE_PARAMS_GENERATION, ERROR_TSS_PARTY_CREATION,
  ERROR_MISSING_AUTHORIZER_SIGNATURE, ERROR_INVALID_AUTHORIZER_SIGNATURE,
  ERROR_MARSHAL_FAILURE, ERROR_UNMARSHAL_FAILURE, ERROR_DATA_CORRUPTION,
  ERROR_STORAGE_READ, ERROR_STORAGE_WRITE, ERROR_STORAGE_INIT,
  ERROR_MESSAGE_VERIFICATION, ERROR_MESSAGE_FORMAT, ERROR_MESSAGE_DELIVERY,
  ERROR_MAX_DELIVERY_ATTEMPTS,
  ERROR_INVALID_CONFIGURATION, ERROR_INVALID_THRESHOLD, ERROR_INVALID_SESSION_TYPE,
  ERROR_RESOURCE_EXHAUSTED, ERROR_MEMORY_ALLOCATION, ERROR_CONCURRENCY_LIMIT,
  ERROR_KEYGEN_FAILURE, ERROR_SIGNING_FAILURE, ERROR_RESHARE_FAILURE,
  ERROR_CONTEXT_CANCELLED, ERROR_OPERATION_ABORTED, ERROR_NOT_MAJORITY,
  ERROR_CLUSTER_NOT_READY;

  /**
   * Mpcium's {@code GetErrorCodeFromError}: the first substring rule (in Mpcium's order) that
   * matches the lower-cased error text, else {@link #ERROR_UNKNOWN}. Used for errors without a
   * code of their own.
   */
  public static ErrorCode fromMessage(String message) {
    if (message == null) {
      return ERROR_UNKNOWN;
    }
    String m = message.toLowerCase(Locale.ROOT);
    if (m.contains("missing required authorizer signature")) {
      return ERROR_MISSING_AUTHORIZER_SIGNATURE;
    } else if (m.contains("authorizer") || m.contains("verification failed")) {
      return ERROR_INVALID_AUTHORIZER_SIGNATURE;
    } else if (m.contains("validation")) {
      return ERROR_MSG_VALIDATION;
    } else if (m.contains("timeout") || m.contains("timed out")) {
      return ERROR_NETWORK_TIMEOUT;
    } else if (m.contains("connection") || m.contains("connect")) {
      return ERROR_NETWORK_CONNECTION;
    } else if (m.contains("send")) {
      return ERROR_PEER_UNAVAILABLE;
    } else if (m.contains("not enough") || m.contains("insufficient")) {
      return ERROR_INSUFFICIENT_PARTICIPANTS;
    } else if (m.contains("incompatible")) {
      return ERROR_INCOMPATIBLE_PEER_IDS;
    } else if (m.contains("not found") || m.contains("no such key")) {
      return ERROR_KEY_NOT_FOUND;
    } else if (m.contains("exists")) {
      return ERROR_KEY_ALREADY_EXISTS;
    } else if (m.contains("marshal")) {
      return ERROR_MARSHAL_FAILURE;
    } else if (m.contains("storage") || m.contains("kvstore")) {
      return ERROR_STORAGE_READ;
    } else if (m.contains("save") || m.contains("put")) {
      return ERROR_STORAGE_WRITE;
    } else if (m.contains("session")) {
      return ERROR_SESSION_CREATION;
    } else if (m.contains("verify") || m.contains("verification")) {
      return ERROR_MESSAGE_VERIFICATION;
    } else if (m.contains("delivery") || m.contains("deliver")) {
      return ERROR_MESSAGE_DELIVERY;
    } else if (m.contains("context") || m.contains("cancelled")) {
      return ERROR_CONTEXT_CANCELLED;
    } else if (m.contains("invalid signature from initiator")) {
      return ERROR_INVALID_INITIATOR_SIGNATURE;
    } else if (m.contains("duplicate")) {
      return ERROR_SESSION_DUPLICATE;
    }
    return ERROR_UNKNOWN;
  }
}
