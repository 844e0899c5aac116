package io.mpcium;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Who may ask this node to take part in a protocol run: the initiator public keys whose
 * signature a request must carry, and how long request ids are remembered to refuse replays.
 *
 * <p>Every node checks each request itself before it joins ({@link #authorize}), so a
 * coordinating node cannot make the others act. The signature must cover the request id, and
 * the node refuses an id it has already accepted within {@link #replayWindow()}; requests should
 * also carry a timestamp that nodes bound by the same window, since an id older than the window
 * is no longer remembered.
 *
 * <p>Immutable and thread-safe. Built with {@link #builder()}, which fails fast on bad values.
 */
public final class RequestPolicy {
  /** Default replay window: 30 minutes, as Mpcium's duplicate-request check. */
  public static final Duration DEFAULT_REPLAY_WINDOW = Duration.ofMinutes(30);
  /** Default number of request ids remembered at most. */
  public static final int DEFAULT_MAX_TRACKED_REQUESTS = 100_000;
  private static final Duration MAX_REPLAY_WINDOW = Duration.ofDays(366);

  private final List<InitiatorKey> initiators;
  private final Duration replayWindow;
  private final int maxTrackedRequests;

  private RequestPolicy(Builder builder) {
    this.initiators = List.copyOf(builder.initiators);
    this.replayWindow = builder.replayWindow;
    this.maxTrackedRequests = builder.maxTrackedRequests;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Checks that {@code signature} over {@code signedBytes} verifies under one of the initiator
   * keys. The caller must have taken {@code requestId} from {@code signedBytes}. Does not check
   * replay; see {@link #replayWindow()}.
   *
   * @throws UnauthorizedRequestException naming the request id if no key accepts the signature
   */
  public void authorize(String requestId, byte[] signedBytes, byte[] signature)
      throws UnauthorizedRequestException {
    Objects.requireNonNull(requestId, "requestId");
    if (signedBytes == null || signature == null || signature.length == 0) {
      throw new UnauthorizedRequestException(requestId, "request is not signed");
    }
    for (InitiatorKey key : initiators) {
      if (key.verify(signedBytes, signature)) {
        return;
      }
    }
    throw new UnauthorizedRequestException(requestId, UnauthorizedRequestException.BAD_SIGNATURE);
  }

  /** The initiator keys, in the order they were added. */
  public List<InitiatorKey> initiators() {
    return initiators;
  }

  /** How long an accepted request id is refused if it comes again. */
  public Duration replayWindow() {
    return replayWindow;
  }

  /** The most request ids remembered; beyond it the oldest are forgotten first. */
  public int maxTrackedRequests() {
    return maxTrackedRequests;
  }

  @Override
  public String toString() {
    return "RequestPolicy[initiators=" + initiators + ", replayWindow=" + replayWindow
        + ", maxTrackedRequests=" + maxTrackedRequests + "]";
  }

  /** Collects a policy; each setter rejects bad values at once. Not thread-safe. */
  public static final class Builder {
    private final Set<InitiatorKey> initiators = new LinkedHashSet<>();
    private Duration replayWindow = DEFAULT_REPLAY_WINDOW;
    private int maxTrackedRequests = DEFAULT_MAX_TRACKED_REQUESTS;

    private Builder() {}

    /** Adds a key allowed to initiate requests; at least one is required. */
    public Builder initiator(InitiatorKey key) {
      initiators.add(Objects.requireNonNull(key, "initiator key"));
      return this;
    }

    /** How long request ids are remembered; positive, at most a year. Default 30 minutes. */
    public Builder replayWindow(Duration window) {
      Objects.requireNonNull(window, "replay window");
      if (window.isNegative() || window.isZero() || window.compareTo(MAX_REPLAY_WINDOW) > 0) {
        throw new IllegalArgumentException(
            "replay window must be positive and at most 366 days, got " + window);
      }
      this.replayWindow = window;
      return this;
    }

    /** Bound on remembered request ids; size it above the peak request rate times the window. */
    public Builder maxTrackedRequests(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxTrackedRequests must be positive, got " + max);
      }
      this.maxTrackedRequests = max;
      return this;
    }

    /** @throws IllegalStateException if no initiator key was added */
    public RequestPolicy build() {
      if (initiators.isEmpty()) {
        throw new IllegalStateException("a request policy needs at least one initiator key");
      }
      return new RequestPolicy(this);
    }
  }
}
