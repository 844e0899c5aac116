package io.mpcium.internal.session;

import io.mpcium.PartyId;
import io.mpcium.internal.codec.ByteReader;
import io.mpcium.internal.codec.ByteWriter;
import io.mpcium.internal.codec.MalformedMessageException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a node tells the other participants when it will not finish a session: it refused the
 * proposal, or its run aborted (with the parties it blames and why). The receivers end their
 * runs at once; the blame is reported as the sender's claim. Immutable.
 */
public record AbortNotice(boolean refused, List<PartyId> culprits, String reason) {
  private static final int MAX_REASON = 1024;

  public AbortNotice {
    culprits = List.copyOf(culprits);
    reason = reason.length() > MAX_REASON / 4 ? reason.substring(0, MAX_REASON / 4) : reason;
  }

  public static AbortNotice refusal(String reason) {
    return new AbortNotice(true, List.of(), reason);
  }

  public static AbortNotice aborted(List<PartyId> culprits, String reason) {
    return new AbortNotice(false, culprits, reason);
  }

  public byte[] encode() {
    return new ByteWriter()
        .u8(refused ? 1 : 2)
        .strings(culprits.stream().map(PartyId::value).toList())
        .string(reason)
        .toByteArray();
  }

  public static AbortNotice decode(byte[] payload) throws MalformedMessageException {
    ByteReader in = new ByteReader(payload);
    int kind = in.u8();
    if (kind != 1 && kind != 2) {
      throw new MalformedMessageException("unknown notice kind " + kind);
    }
    List<PartyId> culprits = new ArrayList<>();
    for (String id : in.strings(256, 64)) {
      try {
        culprits.add(PartyId.of(id));
      } catch (IllegalArgumentException e) {
        throw new MalformedMessageException("notice names an invalid party id");
      }
    }
    String reason = in.string(MAX_REASON);
    in.end();
    return new AbortNotice(kind == 1, culprits, reason);
  }
}
