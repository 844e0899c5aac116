package io.mpcium.protocol;

import java.security.SecureRandom;

/**
 * One party's run of a multi-round protocol, before it starts. {@link #start} produces the first
 * round and its outgoing messages; after that the run proceeds round by round through {@link
 * Round#finish}. Pure: no I/O, no clock. Used once.
 *
 * @param <R> the protocol's result
 */
public interface Protocol<R> {

  /** A short protocol name, bound into envelopes, for example {@code "frost-ed25519/sign"}. */
  String name();

  /** Begins the run. */
  RoundOutcome.Next<R> start(SecureRandom rng);
}
