package io.mpcium.protocol;

import io.mpcium.PartyId;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Set;

/**
 * One round of one party's protocol run: the state reached so far, what messages it waits for,
 * and the pure step that consumes them.
 *
 * <p>A round does no I/O, reads no clock and logs nothing; the session driver delivers it exactly
 * one message from each of {@link #senders()}, already authenticated (signature checked, sender
 * checked, decrypted, echo-checked), and sends what {@link #finish} returns. A round is used once.
 *
 * @param <R> the protocol's result
 */
public interface Round<R> {

  /** The round number carried by the envelopes of this round (1 for the first). */
  int number();

  /** Whether this round's messages were broadcast or sent point to point. */
  RoundKind kind();

  /** The parties this round waits for (never this party itself). */
  Set<PartyId> senders();

  /**
   * Consumes one payload from each sender. Decoding and validation happen here: any bad payload
   * yields {@link RoundOutcome.Abort} naming its sender.
   */
  RoundOutcome<R> finish(Map<PartyId, byte[]> received, SecureRandom rng);

  /**
   * Destroys the secrets this round holds (nonces, polynomial coefficients, shares in transit).
   * Called by the driver when the session ends before this round finished.
   */
  default void destroy() { }
}
