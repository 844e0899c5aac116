package io.mpcium.protocol;

import io.mpcium.PartyId;
import java.util.Set;

/** A {@link Round} whose number, kind and senders are fixed when it is created. */
public abstract class AbstractRound<R> implements Round<R> {
  private final int number;
  private final RoundKind kind;
  private final Set<PartyId> senders;

  protected AbstractRound(int number, RoundKind kind, Set<PartyId> senders) {
    this.number = number;
    this.kind = kind;
    this.senders = Set.copyOf(senders);
  }

  @Override
  public final int number() {
    return number;
  }

  @Override
  public final RoundKind kind() {
    return kind;
  }

  @Override
  public final Set<PartyId> senders() {
    return senders;
  }
}
