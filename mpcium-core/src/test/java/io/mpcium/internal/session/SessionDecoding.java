package io.mpcium.internal.session;

import io.mpcium.PartyId;
import io.mpcium.internal.codec.MalformedMessageException;
import io.mpcium.spi.Envelope;
import java.util.Map;

/** Test access to this package's decoders of received bytes, for the fuzz targets and seeds. */
public final class SessionDecoding {
  private SessionDecoding() { }

  /** Decodes an echo view as a session of {@code participants} parties would. */
  public static void echoView(byte[] encoded, int participants) throws MalformedMessageException {
    EchoView.decode(encoded, participants);
  }

  /** The echo view a party sends after a broadcast round with these broadcasts. */
  public static byte[] encodeEchoView(Map<PartyId, Envelope> broadcasts) {
    return EchoView.of(broadcasts).encode();
  }
}
