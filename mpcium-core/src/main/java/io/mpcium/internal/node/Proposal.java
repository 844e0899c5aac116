package io.mpcium.internal.node;

import io.mpcium.KeyScheme;
import io.mpcium.PartyId;
import io.mpcium.Request;
import io.mpcium.ReshareRequest;
import io.mpcium.internal.codec.ByteReader;
import io.mpcium.internal.codec.ByteWriter;
import io.mpcium.internal.codec.MalformedMessageException;
import java.util.ArrayList;
import java.util.List;

/**
 * A coordinator's invitation to a session: the initiator's signed request, the scheme of the
 * key this session generates or signs with, the participants, the threshold and the key version. Each invited node re-derives the session id from it and
 * checks everything itself before it joins. A resharing proposal also names the old key
 * holders that deal (empty for other requests); its threshold is the new one and its key version
 * the old one. Immutable.
 */
record Proposal(Request request, KeyScheme scheme, byte[] initiatorSignature,
    List<PartyId> participants, int threshold, int keyVersion, List<PartyId> dealers) {
  static final int MAX_PARTIES = 256;

  Proposal {
    initiatorSignature = initiatorSignature.clone();
    participants = List.copyOf(participants);
    dealers = List.copyOf(dealers);
  }

  Proposal(Request request, KeyScheme scheme, byte[] initiatorSignature,
      List<PartyId> participants, int threshold, int keyVersion) {
    this(request, scheme, initiatorSignature, participants, threshold, keyVersion, List.of());
  }

  byte[] encode() {
    ByteWriter out = new ByteWriter()
        .bytes(request.encode())
        .string(scheme.label())
        .bytes(initiatorSignature)
        .strings(participants.stream().map(PartyId::value).toList())
        .u32(threshold)
        .u32(keyVersion);
    if (request instanceof ReshareRequest) {
      out.strings(dealers.stream().map(PartyId::value).toList());
    }
    return out.toByteArray();
  }

  static Proposal decode(byte[] payload) throws MalformedMessageException {
    ByteReader in = new ByteReader(payload);
    Request request = Request.decode(in.bytes(Request.MAX_MESSAGE + 4096));
    KeyScheme scheme;
    try {
      scheme = KeyScheme.fromLabel(in.string(32));
    } catch (IllegalArgumentException e) {
      throw new MalformedMessageException("proposal names an unknown scheme");
    }
    byte[] signature = in.bytes(512);
    List<PartyId> participants = new ArrayList<>();
    for (String id : in.strings(MAX_PARTIES, 64)) {
      try {
        participants.add(PartyId.of(id));
      } catch (IllegalArgumentException e) {
        throw new MalformedMessageException("proposal names an invalid participant id");
      }
    }
    int threshold = in.u32();
    int version = in.u32();
    List<PartyId> dealers = new ArrayList<>();
    if (request instanceof ReshareRequest) {
      for (String id : in.strings(MAX_PARTIES, 64)) {
        try {
          dealers.add(PartyId.of(id));
        } catch (IllegalArgumentException e) {
          throw new MalformedMessageException("proposal names an invalid dealer id");
        }
      }
    }
    in.end();
    return new Proposal(request, scheme, signature, participants, threshold, version, dealers);
  }
}
