package io.mpcium.internal.node;

import io.mpcium.KeyScheme;
import io.mpcium.PartyId;
import io.mpcium.Request;
import io.mpcium.internal.codec.MalformedMessageException;
import java.util.List;

/** Test access to this package's decoders of received bytes, for the fuzz targets and seeds. */
public final class NodeDecoding {
  private NodeDecoding() { }

  /** Decodes a session proposal (with the request inside it) as a participant would. */
  public static void proposal(byte[] payload) throws MalformedMessageException {
    Proposal.decode(payload);
  }

  /** A proposal's encoding. */
  public static byte[] encodeProposal(Request request, KeyScheme scheme, byte[] signature,
      List<PartyId> participants, int threshold, int keyVersion) {
    return new Proposal(request, scheme, signature, participants, threshold, keyVersion)
        .encode();
  }

  /** A resharing proposal's encoding, naming the dealers. */
  public static byte[] encodeProposal(Request request, KeyScheme scheme, byte[] signature,
      List<PartyId> participants, int threshold, int keyVersion, List<PartyId> dealers) {
    return new Proposal(request, scheme, signature, participants, threshold, keyVersion, dealers)
        .encode();
  }
}
