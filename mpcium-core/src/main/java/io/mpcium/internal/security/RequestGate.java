package io.mpcium.internal.security;

import io.mpcium.RequestPolicy;
import io.mpcium.UnauthorizedRequestException;
import java.time.Clock;
import java.util.Objects;

/**
 * A node's admission check for requests: the policy's signature check first, then the replay
 * check, in that order, so that unsigned traffic can neither burn request ids nor fill the
 * replay memory. Thread-safe.
 */
public final class RequestGate {
  private final RequestPolicy policy;
  private final ReplayGuard replayGuard;

  public RequestGate(RequestPolicy policy, Clock clock) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.replayGuard =
        new ReplayGuard(clock, policy.replayWindow(), policy.maxTrackedRequests());
  }

  /**
   * Admits a request once: verifies its signature, then records its id.
   *
   * @throws UnauthorizedRequestException if the signature does not verify or the id was used
   */
  public void admit(String requestId, byte[] signedBytes, byte[] signature)
      throws UnauthorizedRequestException {
    policy.authorize(requestId, signedBytes, signature);
    if (!replayGuard.firstUse(requestId)) {
      throw new UnauthorizedRequestException(requestId, UnauthorizedRequestException.REPLAYED);
    }
  }
}
