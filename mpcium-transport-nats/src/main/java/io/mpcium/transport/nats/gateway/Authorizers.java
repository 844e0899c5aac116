package io.mpcium.transport.nats.gateway;

import io.mpcium.InitiatorKey;
import io.mpcium.transport.nats.wire.AuthorizerSignature;
import io.mpcium.transport.nats.wire.ErrorCode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Mpcium's optional authorizer approvals (§1.7, §2.9): when enabled, every required authorizer
 * must have signed, and every signature present must verify under that authorizer's configured
 * key (Ed25519, or P-256 DER over SHA-256). Immutable and thread-safe.
 */
public final class Authorizers {
  private static final Authorizers DISABLED = new Authorizers(false, List.of(), Map.of());

  private final boolean enabled;
  private final List<String> required;
  private final Map<String, InitiatorKey> keys;

  private Authorizers(boolean enabled, List<String> required, Map<String, InitiatorKey> keys) {
    this.enabled = enabled;
    this.required = List.copyOf(required);
    this.keys = Map.copyOf(keys);
  }

  /** Authorization off: authorizer signatures are ignored, as in Mpcium. */
  public static Authorizers disabled() {
    return DISABLED;
  }

  /**
   * Authorization on.
   *
   * @throws IllegalArgumentException if a required authorizer has no key
   */
  public static Authorizers enabled(List<String> required, Map<String, InitiatorKey> keys) {
    Objects.requireNonNull(required, "required");
    Map<String, InitiatorKey> copy = new LinkedHashMap<>(keys);
    for (String id : required) {
      if (!copy.containsKey(id)) {
        throw new IllegalArgumentException("required authorizer " + id + " has no public key");
      }
    }
    return new Authorizers(true, required, copy);
  }

  public boolean isEnabled() {
    return enabled;
  }

  /**
   * Checks the authorizer signatures of a request whose initiator signed {@code initiatorRaw}
   * with {@code initiatorSig}.
   *
   * @throws Refusal with Mpcium's error code and message
   */
  public void check(String initiatorId, byte[] initiatorRaw, byte[] initiatorSig,
      List<AuthorizerSignature> signatures) throws Refusal {
    if (!enabled) {
      return;
    }
    for (String id : required) {
      if (signatures.stream().noneMatch(s -> s.authorizerId().equals(id))) {
        throw new Refusal(ErrorCode.ERROR_MISSING_AUTHORIZER_SIGNATURE,
            "Failed to authorize initiator message: missing required authorizer signature: "
                + id);
      }
    }
    byte[] signed = AuthorizerSignature.signedBytes(initiatorId, initiatorRaw,
        initiatorSig == null ? new byte[0] : initiatorSig);
    for (AuthorizerSignature signature : signatures) {
      InitiatorKey key = keys.get(signature.authorizerId());
      if (key == null) {
        throw new Refusal(ErrorCode.ERROR_INVALID_AUTHORIZER_SIGNATURE,
            "Failed to authorize initiator message: authorizer " + signature.authorizerId()
                + " verification failed: authorizer " + signature.authorizerId()
                + " not found in cache");
      }
      if (!key.verify(signed, signature.signature())) {
        throw new Refusal(ErrorCode.ERROR_INVALID_AUTHORIZER_SIGNATURE,
            "Failed to authorize initiator message: authorizer " + signature.authorizerId()
                + " verification failed: invalid signature");
      }
    }
  }

  @Override
  public String toString() {
    return enabled ? "Authorizers[required=" + required + ", keys=" + keys.keySet() + "]"
        : "Authorizers[disabled]";
  }
}
