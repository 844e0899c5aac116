package io.mpcium;

import io.mpcium.internal.codec.ByteReader;
import io.mpcium.internal.codec.MalformedMessageException;
import java.util.ArrayList;
import java.util.List;

/**
 * Something an initiator asks the cluster to do. The initiator signs {@link #signingBytes()};
 * every node checks that signature, and that the request id is new, before it takes part, so a
 * coordinating node cannot make the others act on a request the initiator did not make.
 */
public sealed interface Request permits KeyGenRequest, SignRequest, ReshareRequest {

  /** Largest message a signing request may carry. */
  int MAX_MESSAGE = 1 << 20;

  /** Unique per request; a node refuses an id it has seen before. */
  String requestId();

  String walletId();

  /** The exact bytes the initiator signs: a domain-separated, length-prefixed encoding. */
  byte[] signingBytes();

  /** Which bytes the initiator signs. */
  RequestFormat format();

  /** Encodes the request (not its signature) for the wire; {@link #decode} reverses it. */
  byte[] encode();

  /** Decodes {@link #encode()}'s output from untrusted bytes. */
  static Request decode(byte[] encoded) throws MalformedMessageException {
    ByteReader in = new ByteReader(encoded);
    String domain = in.string(64);
    boolean mpcium = domain.equals(RequestCodec.MPCIUM_DOMAIN);
    if (!mpcium && !domain.equals(RequestCodec.DOMAIN)) {
      throw new MalformedMessageException("not a request");
    }
    RequestFormat format = mpcium ? RequestFormat.MPCIUM : RequestFormat.NATIVE;
    int kind = in.u8();
    String requestId = in.string(RequestCodec.MAX_ID);
    String walletId = in.string(RequestCodec.MAX_ID);
    try {
      Request request;
      if (kind == RequestCodec.KEYGEN) {
        List<KeyScheme> schemes = new ArrayList<>();
        for (String label : in.strings(KeyScheme.values().length, 32)) {
          schemes.add(KeyScheme.fromLabel(label));
        }
        request = new KeyGenRequest(requestId, walletId, schemes, format);
      } else if (kind == RequestCodec.SIGN) {
        KeyScheme scheme = KeyScheme.fromLabel(in.string(32));
        byte[] message = in.bytes(MAX_MESSAGE);
        String networkCode = mpcium ? in.string(RequestCodec.MAX_ID) : "";
        java.util.Optional<TaprootTweak> tweak = scheme == KeyScheme.SCHNORR
            ? TaprootTweak.read(in) : java.util.Optional.empty();
        request = new SignRequest(requestId, walletId, scheme, message, tweak, format,
            networkCode, SignRequest.readPath(in));
      } else if (kind == RequestCodec.RESHARE) {
        KeyScheme scheme = KeyScheme.fromLabel(in.string(32));
        List<PartyId> committee = new ArrayList<>();
        for (String id : in.strings(256, 64)) {
          committee.add(PartyId.of(id));
        }
        request = new ReshareRequest(requestId, walletId, scheme, committee, in.u32(), format);
      } else {
        throw new MalformedMessageException("unknown request kind " + kind);
      }
      in.end();
      return request;
    } catch (IllegalArgumentException e) {
      throw new MalformedMessageException("invalid request: " + e.getMessage());
    }
  }
}
