package io.mpcium.transport.nats.gateway;

import io.mpcium.transport.nats.wire.MpciumStreams;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of an {@link MpciumGateway}, under Mpcium's names where they exist.
 *
 * @param maxConcurrentKeygen {@code max_concurrent_keygen}: MaxAckPending of the shared keygen
 *     consumer (cluster-wide in-flight keygen requests); Mpcium's default 2
 * @param maxConcurrentSigning {@code max_concurrent_signing}: the same for signing; default 20
 * @param requestAckWait ack wait and back-off step of the request consumers; Mpcium's 30 s
 * @param authorizers {@code authorization.*}
 * @param schnorrKeys whether keygen also creates the wallet's BIP340 Schnorr key (this
 *     library's {@code "schnorr"} key type, FROST over secp256k1) next to Mpcium's two keys and
 *     reports it as {@code schnorr_pub_key}; off by default, which keeps keygen results
 *     Mpcium's byte for byte. Every gateway of a cluster should use the same setting.
 * @param unsignedDerivationPaths whether signing requests may carry Mpcium's {@code
 *     derivation_path}, which is not part of the bytes Mpcium's initiator (and authorizers)
 *     sign: on by default, as in Mpcium, so that Mpcium's clients can sign with child keys;
 *     whoever can publish or relay a request, or a coordinating node, could then choose the
 *     child key that signs the initiator's message (SECURITY.md). Off refuses such requests
 *     with {@code ERROR_MSG_VALIDATION}; native requests always sign their path.
 */
public record GatewayConfig(int maxConcurrentKeygen, int maxConcurrentSigning,
    Duration requestAckWait, Authorizers authorizers, boolean schnorrKeys,
    boolean unsignedDerivationPaths) {

  public GatewayConfig {
    if (maxConcurrentKeygen < 1 || maxConcurrentSigning < 1) {
      throw new IllegalArgumentException("concurrency limits must be positive");
    }
    Objects.requireNonNull(requestAckWait, "requestAckWait");
    if (requestAckWait.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("request ack wait must be at least 1 s");
    }
    Objects.requireNonNull(authorizers, "authorizers");
  }

  /** Settings with Mpcium's unsigned derivation paths accepted. */
  public GatewayConfig(int maxConcurrentKeygen, int maxConcurrentSigning,
      Duration requestAckWait, Authorizers authorizers, boolean schnorrKeys) {
    this(maxConcurrentKeygen, maxConcurrentSigning, requestAckWait, authorizers, schnorrKeys,
        true);
  }

  /** Settings without schnorr keys at keygen. */
  public GatewayConfig(int maxConcurrentKeygen, int maxConcurrentSigning,
      Duration requestAckWait, Authorizers authorizers) {
    this(maxConcurrentKeygen, maxConcurrentSigning, requestAckWait, authorizers, false);
  }

  /** These settings, with keygen creating schnorr keys or not. */
  public GatewayConfig withSchnorrKeys(boolean enabled) {
    return new GatewayConfig(maxConcurrentKeygen, maxConcurrentSigning, requestAckWait,
        authorizers, enabled, unsignedDerivationPaths);
  }

  /** These settings, accepting Mpcium's unsigned {@code derivation_path} or refusing it. */
  public GatewayConfig withUnsignedDerivationPaths(boolean accepted) {
    return new GatewayConfig(maxConcurrentKeygen, maxConcurrentSigning, requestAckWait,
        authorizers, schnorrKeys, accepted);
  }

  /** Mpcium's defaults: 2 keygen and 20 signing requests in flight, 30 s ack wait. */
  public static GatewayConfig defaults() {
    return new GatewayConfig(2, 20, MpciumStreams.REQUEST_ACK_WAIT, Authorizers.disabled());
  }
}
