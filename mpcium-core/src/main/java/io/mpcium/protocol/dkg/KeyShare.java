package io.mpcium.protocol.dkg;

import io.mpcium.PartyId;
import io.mpcium.crypto.Group;
import io.mpcium.crypto.GroupElement;
import io.mpcium.crypto.InvalidEncodingException;
import io.mpcium.crypto.Scalar;
import io.mpcium.internal.codec.ByteReader;
import io.mpcium.internal.codec.ByteWriter;
import io.mpcium.internal.codec.MalformedMessageException;
import io.mpcium.protocol.ThresholdKeyShare;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One party's share of a t-of-n key: its Shamir share {@code s_i} (secret), the group public key
 * and every participant's verifying share {@code Y_j = s_j·G} (public).
 *
 * <p>Participants are ordered by id; the participant at position {@code k} has the Shamir
 * identifier {@code k + 1}. Validated on construction ({@code s_i·G == Y_i}, threshold in range,
 * unique participants). {@link #toString()} never shows the secret; {@link #destroy()} wipes it.
 * Immutable apart from destruction; safe to share between threads until destroyed.
 */
public final class KeyShare implements ThresholdKeyShare {
  private static final int FORMAT = 1;
  private static final int MAX_PARTIES = 256;

  private final Group group;
  private final List<PartyId> participants;
  private final int threshold;
  private final PartyId self;
  private final Scalar secretShare;
  private final GroupElement publicKey;
  private final List<GroupElement> verifyingShares;

  public KeyShare(Group group, List<PartyId> participants, int threshold, PartyId self,
      Scalar secretShare, GroupElement publicKey, List<GroupElement> verifyingShares) {
    this(group, participants, threshold, self, secretShare, publicKey, verifyingShares, true);
  }

  private KeyShare(Group group, List<PartyId> participants, int threshold, PartyId self,
      Scalar secretShare, GroupElement publicKey, List<GroupElement> verifyingShares,
      boolean checkSecret) {
    this.group = Objects.requireNonNull(group, "group");
    this.participants = List.copyOf(participants);
    this.threshold = threshold;
    this.self = Objects.requireNonNull(self, "self");
    this.secretShare = Objects.requireNonNull(secretShare, "secretShare");
    this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
    this.verifyingShares = List.copyOf(verifyingShares);
    for (int i = 1; i < this.participants.size(); i++) {
      if (this.participants.get(i - 1).compareTo(this.participants.get(i)) >= 0) {
        throw new IllegalArgumentException("participants must be sorted and unique");
      }
    }
    if (threshold < 1 || threshold > this.participants.size()) {
      throw new IllegalArgumentException("threshold " + threshold + " out of range for "
          + this.participants.size() + " participants");
    }
    if (this.verifyingShares.size() != this.participants.size()) {
      throw new IllegalArgumentException("one verifying share per participant is required");
    }
    int index = this.participants.indexOf(self);
    if (index < 0) {
      throw new IllegalArgumentException(self + " is not a participant of its own key share");
    }
    if (publicKey.isIdentity()) {
      throw new IllegalArgumentException("public key is the identity");
    }
    if (checkSecret && !group.mulBase(secretShare).equals(this.verifyingShares.get(index))) {
      throw new IllegalArgumentException("secret share does not match " + self
          + "'s verifying share");
    }
  }

  public Group group() {
    return group;
  }

  /** The key holders, ordered by id. */
  @Override
  public List<PartyId> participants() {
    return participants;
  }

  /** How many parties must sign. */
  @Override
  public int threshold() {
    return threshold;
  }

  @Override
  public PartyId self() {
    return self;
  }

  /** The secret Shamir share. The caller must not destroy it; use {@link #destroy()}. */
  public Scalar secretShare() {
    return secretShare;
  }

  @Override
  public GroupElement publicKey() {
    return publicKey;
  }

  /** The verifying share of a participant. */
  public GroupElement verifyingShare(PartyId party) {
    return verifyingShares.get(indexOf(party));
  }

  public List<GroupElement> verifyingShares() {
    return verifyingShares;
  }

  /** The Shamir identifier of a participant: its position in {@link #participants()} plus one. */
  public Scalar identifier(PartyId party) {
    return group.scalarField().of(indexOf(party) + 1L);
  }

  private int indexOf(PartyId party) {
    int index = participants.indexOf(party);
    if (index < 0) {
      throw new IllegalArgumentException(party + " is not a participant of this key");
    }
    return index;
  }

  /**
   * This party's share of the negated key {@code -X}: the secret share, every verifying share and
   * the public key negated. Negation commutes with Shamir sharing, so the result is a valid share
   * of {@code -X}; every holder computes the same public values. A new object: destroy it too.
   */
  public KeyShare negate() {
    return new KeyShare(group, participants, threshold, self, secretShare.negate(),
        publicKey.negate(), verifyingShares.stream().map(GroupElement::negate).toList(), false);
  }

  /**
   * This party's share of {@code X + t·G} for a public scalar {@code t}: {@code t} added to the
   * secret share and {@code t·G} to every verifying share and the public key. Valid because the
   * Lagrange coefficients of any signer set sum to one. A new object: destroy it too.
   *
   * @throws IllegalArgumentException if the tweaked public key is the identity
   */
  public KeyShare tweak(Scalar t) {
    GroupElement offset = group.mulBase(t);
    GroupElement tweakedKey = publicKey.add(offset);
    if (tweakedKey.isIdentity()) {
      throw new IllegalArgumentException("the tweaked public key is the identity");
    }
    return new KeyShare(group, participants, threshold, self, secretShare.add(t), tweakedKey,
        verifyingShares.stream().map(y -> y.add(offset)).toList(), false);
  }

  /** Wipes the secret share; the object is unusable afterwards. */
  @Override
  public void destroy() {
    secretShare.destroy();
  }

  /** A self-describing binary encoding, including the secret: only ever stored encrypted. */
  @Override
  public byte[] encode() {
    ByteWriter out = new ByteWriter(256 + participants.size() * 64)
        .u8(FORMAT)
        .string(group.name())
        .u32(threshold)
        .string(self.value())
        .strings(participants.stream().map(PartyId::value).toList())
        .raw(group.encodeScalar(secretShare))
        .raw(publicKey.encode());
    for (GroupElement share : verifyingShares) {
      out.raw(share.encode());
    }
    return out.toByteArray();
  }

  /** Decodes and validates {@link #encode()}'s output. */
  public static KeyShare decode(Group group, byte[] encoded) throws MalformedMessageException {
    ByteReader in = new ByteReader(encoded);
    if (in.u8() != FORMAT) {
      throw new MalformedMessageException("unknown key share format");
    }
    String groupName = in.string(64);
    if (!groupName.equals(group.name())) {
      throw new MalformedMessageException("key share is for group " + groupName + ", not "
          + group.name());
    }
    int threshold = in.u32();
    try {
      PartyId self = PartyId.of(in.string(64));
      List<PartyId> participants = new ArrayList<>();
      for (String id : in.strings(MAX_PARTIES, 64)) {
        participants.add(PartyId.of(id));
      }
      Scalar secret = group.decodeScalar(in.raw(group.scalarLength()));
      GroupElement publicKey = group.decodeElement(in.raw(group.elementLength()));
      List<GroupElement> shares = new ArrayList<>();
      for (int i = 0; i < participants.size(); i++) {
        shares.add(group.decodeElement(in.raw(group.elementLength())));
      }
      in.end();
      return new KeyShare(group, participants, threshold, self, secret, publicKey, shares);
    } catch (InvalidEncodingException | IllegalArgumentException e) {
      throw new MalformedMessageException("invalid key share: " + e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "KeyShare[" + group.name() + ", " + self + " of " + participants + ", threshold "
        + threshold + ", publicKey=" + HexFormat.of().formatHex(publicKey.encode())
        + ", secretShare=<redacted>]";
  }
}
