package io.mpcium.protocol;

import io.mpcium.PartyId;
import java.util.Objects;
import java.util.Optional;

/**
 * A message a round produces: to one party (sent encrypted) or to every other participant
 * ({@code to} empty; sent signed and in the clear, identical for all). Immutable.
 */
public record Outgoing(Optional<PartyId> to, byte[] payload) {

  public Outgoing {
    Objects.requireNonNull(to, "to");
    payload = payload.clone();
  }

  public static Outgoing broadcast(byte[] payload) {
    return new Outgoing(Optional.empty(), payload);
  }

  public static Outgoing direct(PartyId to, byte[] payload) {
    return new Outgoing(Optional.of(to), payload);
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }
}
