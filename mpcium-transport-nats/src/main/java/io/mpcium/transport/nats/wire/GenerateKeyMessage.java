package io.mpcium.transport.nats.wire;

import io.mpcium.internal.codec.GoJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Mpcium's key generation request: {@code {"wallet_id","signature","authorizer_signatures"}}
 * (the last omitted when empty). The initiator signs the UTF-8 wallet id ({@link #raw()}).
 * Immutable.
 */
public record GenerateKeyMessage(String walletId, byte[] signature,
    List<AuthorizerSignature> authorizerSignatures) {

  public GenerateKeyMessage {
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
    return walletId.getBytes(StandardCharsets.UTF_8);
  }

  public byte[] toJson() {
    GoJson json = GoJson.object().string("wallet_id", walletId).bytes("signature", signature);
    if (!authorizerSignatures.isEmpty()) {
      json.raw("authorizer_signatures", AuthorizerSignature.toJson(authorizerSignatures));
    }
    return json.toBytes();
  }

  public static GenerateKeyMessage parse(byte[] json) throws MalformedMpciumMessageException {
    GoJsonReader in = GoJsonReader.parse(json);
    return new GenerateKeyMessage(in.string("wallet_id"), in.bytes("signature"),
        in.authorizerSignatures());
  }
}
