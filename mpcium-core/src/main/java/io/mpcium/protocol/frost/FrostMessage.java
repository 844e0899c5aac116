package io.mpcium.protocol.frost;

import io.mpcium.crypto.Group;
import io.mpcium.crypto.GroupElement;
import io.mpcium.crypto.InvalidEncodingException;
import io.mpcium.crypto.Scalar;
import io.mpcium.internal.codec.MalformedMessageException;

/** The messages of {@link FrostSign}. Decoders validate every element and scalar. */
public sealed interface FrostMessage {

  byte[] encode(Group group);

  /** Round 1, broadcast: the nonce commitments {@code (D_i, E_i)}. */
  record Commitments(GroupElement hiding, GroupElement binding) implements FrostMessage {
    @Override
    public byte[] encode(Group group) {
      byte[] out = new byte[2 * group.elementLength()];
      System.arraycopy(hiding.encode(), 0, out, 0, group.elementLength());
      System.arraycopy(binding.encode(), 0, out, group.elementLength(), group.elementLength());
      return out;
    }

    static Commitments decode(Group group, byte[] payload)
        throws MalformedMessageException, InvalidEncodingException {
      int length = group.elementLength();
      if (payload.length != 2 * length) {
        throw new MalformedMessageException("commitments have " + payload.length
            + " bytes, expected " + 2 * length);
      }
      byte[] d = java.util.Arrays.copyOfRange(payload, 0, length);
      byte[] e = java.util.Arrays.copyOfRange(payload, length, 2 * length);
      return new Commitments(group.decodeElement(d), group.decodeElement(e));
    }
  }

  /** Round 2, broadcast: the signature share {@code z_i}. */
  record SignatureShare(Scalar share) implements FrostMessage {
    @Override
    public byte[] encode(Group group) {
      return group.encodeScalar(share);
    }

    static SignatureShare decode(Group group, byte[] payload)
        throws MalformedMessageException, InvalidEncodingException {
      if (payload.length != group.scalarLength()) {
        throw new MalformedMessageException("signature share has " + payload.length
            + " bytes, expected " + group.scalarLength());
      }
      return new SignatureShare(group.decodeScalar(payload));
    }
  }
}
