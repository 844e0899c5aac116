package io.mpcium.internal.session;

import io.mpcium.PartyId;
import io.mpcium.internal.codec.ByteReader;
import io.mpcium.internal.codec.ByteWriter;
import io.mpcium.internal.codec.MalformedMessageException;
import io.mpcium.spi.Envelope;
import java.security.MessageDigest;
import java.util.Map;
import java.util.TreeMap;

/**
 * One party's view of a broadcast round: for every participant, the hashes of the echo and
 * payload of the broadcast it received from that participant, with that participant's envelope
 * signature. Sent along with the next round so that receivers can compare views; a mismatch
 * backed by a valid signature proves the broadcaster equivocated. Immutable.
 */
record EchoView(Map<PartyId, Entry> entries) {

  record Entry(byte[] echoHash, byte[] payloadHash, byte[] signature) {
    boolean sameContent(Entry other) {
      return MessageDigest.isEqual(echoHash, other.echoHash)
          && MessageDigest.isEqual(payloadHash, other.payloadHash);
    }
  }

  EchoView {
    entries = new TreeMap<>(entries);
  }

  static Entry entryOf(Envelope envelope) {
    return new Entry(Envelope.sha256(envelope.echo()), Envelope.sha256(envelope.payload()),
        envelope.signature());
  }

  static EchoView of(Map<PartyId, Envelope> broadcasts) {
    Map<PartyId, Entry> entries = new TreeMap<>();
    broadcasts.forEach((party, envelope) -> entries.put(party, entryOf(envelope)));
    return new EchoView(entries);
  }

  byte[] encode() {
    ByteWriter out = new ByteWriter(entries.size() * 140);
    out.u32(entries.size());
    entries.forEach((party, entry) -> out.string(party.value())
        .raw(entry.echoHash).raw(entry.payloadHash).raw(entry.signature));
    return out.toByteArray();
  }

  static EchoView decode(byte[] encoded, int maxEntries) throws MalformedMessageException {
    ByteReader in = new ByteReader(encoded);
    int count = in.u32();
    if (count < 0 || count > maxEntries) {
      throw new MalformedMessageException("echo has " + Integer.toUnsignedString(count)
          + " entries, expected at most " + maxEntries);
    }
    Map<PartyId, Entry> entries = new TreeMap<>();
    for (int i = 0; i < count; i++) {
      PartyId party;
      try {
        party = PartyId.of(in.string(64));
      } catch (IllegalArgumentException e) {
        throw new MalformedMessageException("echo names an invalid party id");
      }
      Entry entry = new Entry(in.raw(32), in.raw(32), in.raw(Envelope.SIGNATURE_LENGTH));
      if (entries.put(party, entry) != null) {
        throw new MalformedMessageException("echo names " + party + " twice");
      }
    }
    in.end();
    return new EchoView(entries);
  }
}
