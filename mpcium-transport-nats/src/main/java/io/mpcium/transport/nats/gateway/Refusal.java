package io.mpcium.transport.nats.gateway;

import io.mpcium.transport.nats.wire.ErrorCode;
import java.util.Objects;

/** A request is answered with an error result carrying Mpcium's code and this reason. */
public final class Refusal extends Exception {
  private static final long serialVersionUID = 1L;
  private final ErrorCode code;

  public Refusal(ErrorCode code, String reason) {
    super(reason);
    this.code = Objects.requireNonNull(code, "code");
  }

  public ErrorCode code() {
    return code;
  }
}
