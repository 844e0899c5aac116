package io.mpcium.protocol.dkg;

import io.mpcium.PartyId;
import io.mpcium.internal.codec.MalformedMessageException;
import java.security.SecureRandom;

/**
 * Extra pairwise setup carried inside {@link PedersenDkg}'s point-to-point round (round 2,
 * encrypted by the driver), for schemes that need more than a Shamir share (DKLs23's base OTs
 * and zero-sharing seeds). One instance per party and session; not thread-safe.
 */
public interface DkgExtension {

  /** No extension: the DKG's messages are exactly the plain Pedersen DKG's. */
  DkgExtension NONE = new DkgExtension() {
    @Override
    public byte[] payloadFor(PartyId to, SecureRandom rng) {
      return new byte[0];
    }

    @Override
    public void accept(PartyId from, byte[] payload) throws MalformedMessageException {
      if (payload.length != 0) {
        throw new MalformedMessageException(payload.length + " unexpected trailing bytes");
      }
    }
  };

  /** The extra payload for {@code to}, called once per peer after round 1 verified. */
  byte[] payloadFor(PartyId to, SecureRandom rng);

  /**
   * Consumes {@code from}'s extra payload, after its share verified.
   *
   * @throws MalformedMessageException if the payload is invalid (the DKG aborts naming {@code
   *     from})
   */
  void accept(PartyId from, byte[] payload) throws MalformedMessageException;

  /** Wipes the extension's secrets; called when the session ends early. */
  default void destroy() { }
}
