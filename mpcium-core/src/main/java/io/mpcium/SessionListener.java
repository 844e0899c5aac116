package io.mpcium;

import java.time.Duration;
import java.util.Optional;

/**
 * Observes the requests a {@link ThresholdNode} coordinates (each client request is counted by
 * the one node that coordinates it): one {@link #started} and then one {@link #finished} per
 * scheme of a key generation, and per signature. For metrics; carries no secret.
 *
 * <p><b>Threading.</b> Called from the caller's thread ({@code started}) and from the node's
 * threads ({@code finished}), concurrently: implementations must be thread-safe, fast and must
 * not throw (an exception is logged and ignored).
 */
public interface SessionListener {
  /** A listener that ignores everything. */
  SessionListener NONE = new SessionListener() {
    @Override
    public void started(Operation operation, KeyScheme scheme) { }

    @Override
    public void finished(Operation operation, KeyScheme scheme, Optional<String> failure,
        Duration elapsed) { }
  };

  /** What a request does. */
  enum Operation { KEYGEN, SIGN, RESHARE }

  /** This node accepted a request and starts coordinating it. */
  void started(Operation operation, KeyScheme scheme);

  /**
   * The request ended: {@code failure} is empty on success, else one of {@code "aborted"} (a
   * party cheated, declined or failed), {@code "timeout"}, {@code "unauthorized"}, {@code
   * "invalid_request"}, {@code "unavailable"} (not enough ready nodes, or shutting down) and
   * {@code "internal"}.
   */
  void finished(Operation operation, KeyScheme scheme, Optional<String> failure,
      Duration elapsed);

  /** The failure category of an exception, as reported by {@link #finished}. */
  static String category(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof java.util.concurrent.CompletionException
        || cause instanceof java.util.concurrent.ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof io.mpcium.protocol.SessionTimeoutException) {
      return "timeout";
    }
    if (cause instanceof io.mpcium.protocol.ProtocolAbort) {
      return "aborted";
    }
    if (cause instanceof UnauthorizedRequestException) {
      return "unauthorized";
    }
    if (cause instanceof IllegalArgumentException) {
      return "invalid_request";
    }
    if (cause instanceof IllegalStateException) {
      return "unavailable";
    }
    return "internal";
  }
}
