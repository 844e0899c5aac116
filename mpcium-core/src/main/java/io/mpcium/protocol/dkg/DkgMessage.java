package io.mpcium.protocol.dkg;

import io.mpcium.crypto.Group;
import io.mpcium.crypto.GroupElement;
import io.mpcium.crypto.InvalidEncodingException;
import io.mpcium.crypto.Scalar;
import io.mpcium.internal.codec.ByteReader;
import io.mpcium.internal.codec.ByteWriter;
import io.mpcium.internal.codec.MalformedMessageException;
import java.util.ArrayList;
import java.util.List;

/** The messages of {@link PedersenDkg}. Decoders validate every element and scalar. */
public sealed interface DkgMessage {

  byte[] encode(Group group);

  /**
   * Round 1, broadcast: Feldman commitments {@code φ_k = a_k·G} to the dealer's polynomial and a
   * Schnorr proof of knowledge {@code (R, μ)} of {@code a_0}.
   */
  record Commitments(List<GroupElement> coefficients, GroupElement proofR, Scalar proofMu)
      implements DkgMessage {
    public Commitments {
      coefficients = List.copyOf(coefficients);
    }

    @Override
    public byte[] encode(Group group) {
      ByteWriter out = new ByteWriter().u32(coefficients.size());
      coefficients.forEach(c -> out.raw(c.encode()));
      return out.raw(proofR.encode()).raw(group.encodeScalar(proofMu)).toByteArray();
    }

    static Commitments decode(Group group, byte[] payload, int threshold)
        throws MalformedMessageException, InvalidEncodingException {
      ByteReader in = new ByteReader(payload);
      int count = in.u32();
      if (count != threshold) {
        throw new MalformedMessageException("commits to " + Integer.toUnsignedString(count)
            + " coefficients, expected " + threshold);
      }
      List<GroupElement> coefficients = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        coefficients.add(group.decodeElement(in.raw(group.elementLength())));
      }
      GroupElement r = group.decodeElement(in.raw(group.elementLength()));
      Scalar mu = group.decodeScalar(in.raw(group.scalarLength()));
      in.end();
      return new Commitments(coefficients, r, mu);
    }
  }

  /**
   * Round 2, point to point (encrypted): the dealer's polynomial evaluated at the receiver,
   * followed by a {@link DkgExtension}'s pairwise payload (empty for the plain DKG).
   */
  record Share(Scalar value, byte[] extension) implements DkgMessage {
    public Share {
      extension = extension.clone();
    }

    public Share(Scalar value) {
      this(value, new byte[0]);
    }

    @Override
    public byte[] extension() {
      return extension.clone();
    }

    @Override
    public byte[] encode(Group group) {
      byte[] scalar = group.encodeScalar(value);
      byte[] out = java.util.Arrays.copyOf(scalar, scalar.length + extension.length);
      System.arraycopy(extension, 0, out, scalar.length, extension.length);
      return out;
    }

    static Share decode(Group group, byte[] payload)
        throws MalformedMessageException, InvalidEncodingException {
      if (payload.length < group.scalarLength()) {
        throw new MalformedMessageException("share has " + payload.length + " bytes, expected "
            + group.scalarLength());
      }
      int n = group.scalarLength();
      return new Share(group.decodeScalar(java.util.Arrays.copyOf(payload, n)),
          java.util.Arrays.copyOfRange(payload, n, payload.length));
    }
  }
}
