package io.mpcium.internal.security;

import io.mpcium.PartyId;
import java.util.Objects;

/**
 * A received envelope failed authentication: unknown sender, bad signature, wrong receiver, or
 * a payload that does not decrypt. Carries the sender the envelope <em>claims</em> (unproven,
 * since authentication failed) and a reason; neither contains key or payload material, so the
 * message is safe to log.
 */
public final class EnvelopeRejectedException extends Exception {
  private static final long serialVersionUID = 1L;

  private final PartyId claimedSender;
  private final String reason;

  public EnvelopeRejectedException(PartyId claimedSender, String reason) {
    super(reason);
    this.claimedSender = Objects.requireNonNull(claimedSender, "claimedSender");
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** The sender named in the envelope; not authenticated. */
  public PartyId claimedSender() {
    return claimedSender;
  }

  public String reason() {
    return reason;
  }
}
