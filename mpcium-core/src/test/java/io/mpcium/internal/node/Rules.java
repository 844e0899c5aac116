package io.mpcium.internal.node;

import io.mpcium.PartyId;
import io.mpcium.inmemory.InMemoryTransport;
import io.mpcium.internal.codec.MalformedMessageException;
import io.mpcium.spi.Envelope;
import java.util.List;

/**
 * A frame interceptor whose behaviour a test sets after the cluster is built: the rule sees each
 * frame decoded and returns the frames to deliver instead (none to drop it, altered ones to
 * tamper). Undecodable frames pass through.
 */
final class Rules implements InMemoryTransport.FrameInterceptor {
  volatile Rule rule = (from, to, envelope, frame) -> List.of(frame);

  @FunctionalInterface
  interface Rule {
    List<byte[]> apply(PartyId from, PartyId to, Envelope envelope, byte[] frame);
  }

  @Override
  public List<byte[]> intercept(PartyId from, PartyId to, byte[] frame) {
    try {
      return rule.apply(from, to, Envelope.decode(frame), frame);
    } catch (MalformedMessageException e) {
      return List.of(frame);
    }
  }
}
