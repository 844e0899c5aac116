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
  private final boolean ban;

  public ProtocolAbort(List<PartyId> culprits, String check) {
    this(culprits, check, false);
  }

  /**
   * An abort whose culprits, when {@code ban} is set, must be banned for the key in use: they
   * failed a check of a protocol that reuses secret correlations across sessions (DKLs23's OT
   * extension and multiplication), so letting them retry would leak the key bit by bit.
   */
  public ProtocolAbort(List<PartyId> culprits, String check, boolean ban) {
    super(message(culprits, check, ban));
    this.culprits = List.copyOf(culprits);
    this.check = check;
    this.ban = ban;
  }

  public ProtocolAbort(PartyId culprit, String check) {
    this(List.of(culprit), check);
  }

  /** The parties whose messages failed the check (or who did not answer), sorted. */
  public List<PartyId> culprits() {
    return culprits;
  }

  /**
   * The culprits that must be banned permanently for this key (persisted with the key; later
   * sessions including them are refused); empty for ordinary aborts.
   */
  public List<PartyId> banned() {
    return ban ? culprits : List.of();
  }

  /** What failed, for example {@code "proof of knowledge does not verify"}. */
  public String check() {
    return check;
  }

  private static String message(List<PartyId> culprits, String check, boolean ban) {
    return culprits.isEmpty() ? check : check + " (culprits: " + culprits
        + (ban ? "; must be banned for this key" : "") + ")";
  }
}
