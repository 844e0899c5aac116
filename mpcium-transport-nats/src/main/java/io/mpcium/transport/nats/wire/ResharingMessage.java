package io.mpcium.transport.nats.wire;

import io.mpcium.internal.codec.GoJson;
import java.util.List;
import java.util.Objects;

/**
 * Mpcium's reshare request, sent on core NATS {@code mpc:reshare}: {@code {"session_id",
 * "node_ids","new_threshold","key_type","wallet_id","signature","authorizer_signatures"}} (the
 * last two omitted when empty). The initiator signs {@link #raw()}. Immutable.
 */
public record ResharingMessage(String sessionId, List<String> nodeIds, long newThreshold,
    String keyType, String walletId, byte[] signature,
    List<AuthorizerSignature> authorizerSignatures) {

  public ResharingMessage {
    Objects.requireNonNull(sessionId, "sessionId");
    nodeIds = nodeIds == null ? null : List.copyOf(nodeIds);
    Objects.requireNonNull(keyType, "keyType");
    Objects.requireNonNull(walletId, "walletId");
    signature = signature == null ? null : signature.clone();
    authorizerSignatures = List.copyOf(authorizerSignatures);
  }

  @Override
  public byte[] signature() {
    return signature == null ? null : signature.clone();
  }

  /** The bytes the initiator signs. */
  public byte[] raw() {
    return GoJson.object().string("session_id", sessionId).strings("node_ids", nodeIds)
        .number("new_threshold", newThreshold).string("key_type", keyType)
        .string("wallet_id", walletId).toBytes();
  }

  public ResharingMessage withSignature(byte[] newSignature) {
    return new ResharingMessage(sessionId, nodeIds, newThreshold, keyType, walletId,
        newSignature, authorizerSignatures);
  }

  public byte[] toJson() {
    GoJson json = GoJson.object().string("session_id", sessionId).strings("node_ids", nodeIds)
        .number("new_threshold", newThreshold).string("key_type", keyType)
        .string("wallet_id", walletId);
    if (signature != null && signature.length > 0) {
      json.bytes("signature", signature);
    }
    if (!authorizerSignatures.isEmpty()) {
      json.raw("authorizer_signatures", AuthorizerSignature.toJson(authorizerSignatures));
    }
    return json.toBytes();
  }

  public static ResharingMessage parse(byte[] json) throws MalformedMpciumMessageException {
    GoJsonReader in = GoJsonReader.parse(json);
    return new ResharingMessage(in.string("session_id"), in.strings("node_ids"),
        in.number("new_threshold"), in.string("key_type"), in.string("wallet_id"),
        in.bytes("signature"), in.authorizerSignatures());
  }
}
