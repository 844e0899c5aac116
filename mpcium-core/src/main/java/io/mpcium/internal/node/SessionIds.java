package io.mpcium.internal.node;

import io.mpcium.PartyId;
import io.mpcium.Request;
import io.mpcium.internal.codec.ByteWriter;
import io.mpcium.spi.Envelope;
import java.util.List;

/**
 * Session ids: {@code SHA-256} over a domain-separated, length-prefixed encoding of the
 * coordinator, the request id and a digest of the whole signed request, the protocol, the key id
 * and version, the ordered participants and, for a child key, its derivation path and which
 * chain code derives it (so signers that would derive different child keys never share a
 * session; the path is bound even where the initiator does not sign it, Mpcium's format).
 * Every node computes it itself, so a coordinator cannot steer one session's messages into
 * another; every envelope and proof of the session is bound to it.
 */
final class SessionIds {
  private static final String DOMAIN = "mpcium/session/v1";

  private SessionIds() { }

  static byte[] of(PartyId coordinator, Request request, String protocol, String keyId,
      int keyVersion, List<PartyId> participants, String derivationPath) {
    byte[] encoded = new ByteWriter()
        .string(DOMAIN)
        .string(coordinator.value())
        .string(request.requestId())
        .raw(Envelope.sha256(request.signingBytes()))
        .string(protocol)
        .string(keyId)
        .u32(keyVersion)
        .strings(participants.stream().map(PartyId::value).toList())
        .string(derivationPath)
        .toByteArray();
    return Envelope.sha256(encoded);
  }
}
