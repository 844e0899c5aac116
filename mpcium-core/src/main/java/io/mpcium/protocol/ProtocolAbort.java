package io.mpcium.protocol;

import io.mpcium.PartyId;
import java.util.List;

/**
 * A protocol run stopped because a check failed. Always names the parties to blame and the check
 * that failed; never contains secret values. The session that raised it is over: its
 * randomness and partial state are discarded, and a retry is a new session.
 */
public class ProtocolAbort extends Exception {
  private static final long serialVersionUID = 1L;

  private final List<PartyId> culprits;
  private final String check;

  public ProtocolAbort(List<PartyId> culprits, String check) {
    super(message(culprits, check));
    this.culprits = List.copyOf(culprits);
    this.check = check;
  }

  public ProtocolAbort(PartyId culprit, String check) {
    this(List.of(culprit), check);
  }

  /** The parties whose messages failed the check (or who did not answer), sorted. */
  public List<PartyId> culprits() {
    return culprits;
  }

  /** What failed, for example {@code "proof of knowledge does not verify"}. */
  public String check() {
    return check;
  }

  private static String message(List<PartyId> culprits, String check) {
    return culprits.isEmpty() ? check : check + " (culprits: " + culprits + ")";
  }
}
