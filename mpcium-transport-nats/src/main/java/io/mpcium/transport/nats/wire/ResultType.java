package io.mpcium.transport.nats.wire;

/** The values of a result's {@code result_type}. */
public final class ResultType {
  public static final String SUCCESS = "success";
  public static final String ERROR = "error";

  private ResultType() { }
}
