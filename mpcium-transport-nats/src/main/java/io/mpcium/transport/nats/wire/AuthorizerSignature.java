package io.mpcium.transport.nats.wire;

import io.mpcium.internal.codec.GoJson;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * One authorizer's approval of a request: {@code {"authorizer_id","signature"}}, the signature
 * taken over {@link #signedBytes}. Immutable.
 */
public record AuthorizerSignature(String authorizerId, byte[] signature) {
  public AuthorizerSignature {
    Objects.requireNonNull(authorizerId, "authorizerId");
    signature = signature.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /**
   * The bytes each authorizer signs (§2.9): Go JSON of {@code {"initiator_id","initiator_raw",
   * "initiator_sig"}}, where the initiator id is the tx id for signing and the wallet id
   * otherwise.
   */
  public static byte[] signedBytes(String initiatorId, byte[] initiatorRaw, byte[] initiatorSig) {
    return GoJson.object().string("initiator_id", initiatorId)
        .bytes("initiator_raw", initiatorRaw).bytes("initiator_sig", initiatorSig).toBytes();
  }

  static String toJson(List<AuthorizerSignature> signatures) {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < signatures.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      AuthorizerSignature s = signatures.get(i);
      out.append("{\"authorizer_id\":").append(GoJson.quote(s.authorizerId))
          .append(",\"signature\":\"").append(Base64.getEncoder().encodeToString(s.signature))
          .append("\"}");
    }
    return out.append(']').toString();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AuthorizerSignature a && authorizerId.equals(a.authorizerId)
        && java.util.Arrays.equals(signature, a.signature);
  }

  @Override
  public int hashCode() {
    return authorizerId.hashCode();
  }

  @Override
  public String toString() {
    return "AuthorizerSignature[" + authorizerId + "]";
  }
}
