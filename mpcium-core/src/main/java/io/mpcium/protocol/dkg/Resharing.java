package io.mpcium.protocol.dkg;

import io.mpcium.PartyId;
import io.mpcium.crypto.Group;
import io.mpcium.crypto.GroupElement;
import io.mpcium.crypto.InvalidEncodingException;
import io.mpcium.crypto.Lagrange;
import io.mpcium.crypto.Polynomial;
import io.mpcium.crypto.Scalar;
import io.mpcium.internal.codec.ByteReader;
import io.mpcium.internal.codec.ByteWriter;
import io.mpcium.internal.codec.MalformedMessageException;
import io.mpcium.protocol.AbstractRound;
import io.mpcium.protocol.Outgoing;
import io.mpcium.protocol.Protocol;
import io.mpcium.protocol.ProtocolAbort;
import io.mpcium.protocol.RoundKind;
import io.mpcium.protocol.RoundOutcome;
import io.mpcium.spi.Envelope;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Resharing of a t-of-n key to a new committee of n' parties with threshold t', keeping the public
 * key (protocols.md §4.2); with the same committee and threshold it is a refresh. One engine for
 * every scheme: generic over the {@link DkgSuite}'s group, and a {@link DkgExtension} adds
 * pairwise setup among the new committee to the point-to-point round (DKLs23 runs its OT setup
 * afresh this way).
 *
 * <p>The session's parties are the dealers {@code S} (old key holders, at least the old threshold,
 * agreed before the start) and the new committee {@code N}; a party may be in both. Identifiers
 * are positions plus one: in the old key's participants for dealers, in {@code N} for new shares.
 *
 * <ol>
 *   <li>Round 1 (broadcast, echo-checked by the driver): each dealer {@code i} weights its share
 *       {@code w_i = λ_{i,S}·x_i}, picks a random polynomial {@code g_i} of degree {@code t'-1}
 *       with {@code g_i(0) = w_i} and broadcasts the old key's public package (participants,
 *       threshold, public key, verifying shares) and its Feldman commitments {@code E_{i,k}}.
 *       Other parties broadcast an empty marker. Every party checks that all dealers sent the
 *       same package (a dealer uses its own), that there are enough dealers, that {@code E_{i,0}
 *       == λ_{i,S}·X_i} for each dealer (naming the dealer otherwise) and that {@code Σ E_{i,0}
 *       == PK}.
 *   <li>Round 2 (point to point, encrypted by the driver): each dealer sends {@code g_i(j)} to
 *       each new party {@code j}, followed by the extension's payload when both are new parties.
 *       Each new party checks every sub-share against its dealer's commitments (naming the
 *       dealer), sums them into {@code x'_j} and derives every new verifying share {@code X'_m =
 *       Σ_i Σ_k m^k·E_{i,k}}.
 *   <li>Round 3 (broadcast): every party confirms a digest of the old package, the dealers, the
 *       new committee, threshold and verifying shares; a party outputs only when every other
 *       party confirmed the same.
 * </ol>
 *
 * <p>The new shares are a fresh sharing: old shares do not combine with them. Old shares are not
 * deleted here (the node keeps them until an operator does). Pure; one instance per party and
 * session; not thread-safe. Polynomials and sub-shares are wiped when the run ends or aborts.
 */
public final class Resharing implements Protocol<Reshared<KeyShare>> {
  private static final String CONFIRM_DOMAIN = "mpcium/reshare/confirm/v1";
  private static final int MAX_PARTIES = 256;
  private static final int DEALER = 1;
  private static final int NOT_DEALER = 0;

  private final DkgSuite suite;
  private final Group group;
  private final DkgExtension extension;
  private final byte[] sessionId;
  private final PartyId self;
  private final Optional<KeyShare> oldShare;
  private final List<PartyId> dealers;
  private final List<PartyId> newParticipants;
  private final int newThreshold;
  private final Optional<OldKey> expectedOldKey;
  private final Set<PartyId> others;

  /**
   * What a party that does not deal knows of the key being reshared (from its own share, or the
   * registry's record when it holds none): the dealers' public package must name the same
   * holders and threshold, or the run aborts naming the dealers. Without it a party that does
   * not deal would accept any key a set of dealers claims to hold.
   */
  public record OldKey(List<PartyId> participants, int threshold) {
    public OldKey {
      participants = List.copyOf(participants);
    }
  }

  /**
   * @param oldShare this party's share of the key, present exactly when it is a dealer (not
   *     destroyed by this protocol)
   * @param dealers the old key holders that deal, sorted and unique, at least the old threshold
   * @param newParticipants the new committee, sorted and unique
   * @param newThreshold signers the new key needs, from 1 to the committee's size
   * @param extension pairwise setup among the new committee, or {@link DkgExtension#NONE}
   * @throws IllegalArgumentException naming what is wrong, in particular when fewer old key
   *     holders than the old threshold would deal
   */
  public Resharing(DkgSuite suite, byte[] sessionId, PartyId self, Optional<KeyShare> oldShare,
      List<PartyId> dealers, List<PartyId> newParticipants, int newThreshold,
      DkgExtension extension) {
    this(suite, sessionId, self, oldShare, dealers, newParticipants, newThreshold, extension,
        Optional.empty());
  }

  /**
   * As above, for a party that does not deal checking the dealers' package against {@code
   * expectedOldKey} (ignored for a dealer, which checks against its own share).
   */
  public Resharing(DkgSuite suite, byte[] sessionId, PartyId self, Optional<KeyShare> oldShare,
      List<PartyId> dealers, List<PartyId> newParticipants, int newThreshold,
      DkgExtension extension, Optional<OldKey> expectedOldKey) {
    this.suite = suite;
    this.expectedOldKey = expectedOldKey;
    this.group = suite.group();
    this.extension = extension;
    this.sessionId = sessionId.clone();
    this.self = self;
    this.oldShare = oldShare;
    this.dealers = sortedUnique(dealers, "dealers");
    this.newParticipants = sortedUnique(newParticipants, "new participants");
    this.newThreshold = newThreshold;
    if (this.newParticipants.size() < 2) {
      throw new IllegalArgumentException("a distributed key needs at least 2 participants");
    }
    if (newThreshold < 1 || newThreshold > this.newParticipants.size()) {
      throw new IllegalArgumentException("new threshold " + newThreshold + " out of range for "
          + this.newParticipants.size() + " participants");
    }
    if (this.dealers.isEmpty()) {
      throw new IllegalArgumentException("resharing needs old key holders to deal");
    }
    if (this.dealers.contains(self) != oldShare.isPresent()) {
      throw new IllegalArgumentException(oldShare.isPresent()
          ? self + " holds a share but is not among the dealers " + this.dealers
          : self + " is a dealer but holds no share of the key");
    }
    if (!this.dealers.contains(self) && !this.newParticipants.contains(self)) {
      throw new IllegalArgumentException(self + " is neither a dealer nor in the new committee");
    }
    if (oldShare.isPresent()) {
      KeyShare share = oldShare.get();
      if (!share.group().name().equals(group.name())) {
        throw new IllegalArgumentException("the share is over " + share.group().name()
            + ", not " + group.name());
      }
      if (!share.participants().containsAll(this.dealers)) {
        throw new IllegalArgumentException("dealers " + this.dealers + " are not all holders of "
            + "the key " + share.participants());
      }
      if (this.dealers.size() < share.threshold()) {
        throw new IllegalArgumentException(this.dealers.size() + " old key holders are fewer "
            + "than the key's threshold " + share.threshold() + ": resharing needs at least "
            + share.threshold() + " of them");
      }
    }
    TreeSet<PartyId> all = new TreeSet<>(this.dealers);
    all.addAll(this.newParticipants);
    all.remove(self);
    this.others = Set.copyOf(all);
  }

  private static List<PartyId> sortedUnique(List<PartyId> parties, String what) {
    List<PartyId> list = List.copyOf(parties);
    if (!new ArrayList<>(new TreeSet<>(list)).equals(list)) {
      throw new IllegalArgumentException(what + " must be sorted and unique");
    }
    return list;
  }

  @Override
  public String name() {
    return "reshare/" + suite.contextString();
  }

  private boolean isNew(PartyId party) {
    return newParticipants.contains(party);
  }

  private Scalar newIdentifier(PartyId party) {
    return group.scalarField().of(newParticipants.indexOf(party) + 1L);
  }

  @Override
  public RoundOutcome.Next<Reshared<KeyShare>> start(SecureRandom rng) {
    if (oldShare.isEmpty()) {
      return new RoundOutcome.Next<>(new DealingRound(null, null, null),
          List.of(Outgoing.broadcast(new byte[] {NOT_DEALER})));
    }
    KeyShare share = oldShare.get();
    OldPackage own = OldPackage.of(share);
    Scalar weight = own.lambda(group, self, dealers);
    Scalar w = share.secretShare().mul(weight);
    Polynomial polynomial = Polynomial.random(w, newThreshold - 1, rng);
    List<GroupElement> commitments = polynomial.commit(group);
    ByteWriter out = new ByteWriter(512).u8(DEALER).bytes(own.encode()).u32(commitments.size());
    commitments.forEach(c -> out.raw(c.encode()));
    return new RoundOutcome.Next<>(new DealingRound(polynomial, commitments, own),
        List.of(Outgoing.broadcast(out.toByteArray())));
  }

  /**
   * The old key's public package as dealers broadcast it: participants, threshold, public key and
   * verifying shares. Every party checks it is the same from all dealers.
   */
  private record OldPackage(List<PartyId> participants, int threshold, GroupElement publicKey,
      List<GroupElement> verifyingShares) {

    static OldPackage of(KeyShare share) {
      return new OldPackage(share.participants(), share.threshold(), share.publicKey(),
          share.verifyingShares());
    }

    byte[] encode() {
      ByteWriter out = new ByteWriter(128 + 33 * participants.size())
          .strings(participants.stream().map(PartyId::value).toList()).u32(threshold)
          .raw(publicKey.encode());
      verifyingShares.forEach(y -> out.raw(y.encode()));
      return out.toByteArray();
    }

    static OldPackage decode(Group group, byte[] encoded)
        throws MalformedMessageException, InvalidEncodingException {
      ByteReader in = new ByteReader(encoded);
      List<PartyId> participants = new ArrayList<>();
      try {
        for (String id : in.strings(MAX_PARTIES, 64)) {
          participants.add(PartyId.of(id));
        }
      } catch (IllegalArgumentException e) {
        throw new MalformedMessageException("invalid participant id in the old key's package");
      }
      if (!new ArrayList<>(new TreeSet<>(participants)).equals(participants)) {
        throw new MalformedMessageException("old participants are not sorted and unique");
      }
      int threshold = in.u32();
      if (threshold < 1 || threshold > participants.size()) {
        throw new MalformedMessageException("old threshold out of range");
      }
      GroupElement publicKey = group.decodeElement(in.raw(group.elementLength()));
      List<GroupElement> shares = new ArrayList<>();
      for (int i = 0; i < participants.size(); i++) {
        shares.add(group.decodeElement(in.raw(group.elementLength())));
      }
      in.end();
      return new OldPackage(participants, threshold, publicKey, shares);
    }

    Scalar identifier(Group group, PartyId party) {
      return group.scalarField().of(participants.indexOf(party) + 1L);
    }

    /** {@code λ_{party,S}} over the dealers' old identifiers. */
    Scalar lambda(Group group, PartyId party, List<PartyId> dealers) {
      List<Scalar> ids = dealers.stream().map(d -> identifier(group, d)).toList();
      return Lagrange.coefficientAtZero(identifier(group, party), ids);
    }
  }

  /** A dealer's round 1 message, decoded. */
  private record Dealing(byte[] packageBytes, OldPackage oldPackage,
      List<GroupElement> commitments) { }

  private Dealing decodeDealing(byte[] payload)
      throws MalformedMessageException, InvalidEncodingException {
    ByteReader in = new ByteReader(payload);
    if (in.u8() != DEALER) {
      throw new MalformedMessageException("a dealer sent no dealing");
    }
    byte[] packageBytes = in.bytes(64 * 1024);
    OldPackage decoded = OldPackage.decode(group, packageBytes);
    int count = in.u32();
    if (count != newThreshold) {
      throw new MalformedMessageException("commits to " + Integer.toUnsignedString(count)
          + " coefficients, expected " + newThreshold);
    }
    List<GroupElement> commitments = new ArrayList<>(count);
    for (int k = 0; k < count; k++) {
      commitments.add(group.decodeElement(in.raw(group.elementLength())));
    }
    in.end();
    return new Dealing(packageBytes, decoded, commitments);
  }

  private static RoundOutcome<Reshared<KeyShare>> abort(List<PartyId> culprits, String check) {
    return new RoundOutcome.Abort<>(new ProtocolAbort(culprits, check));
  }

  /** Round 1: collects the dealings and checks them against the old key; then deals. */
  private final class DealingRound extends AbstractRound<Reshared<KeyShare>> {
    private final Polynomial polynomial;
    private final List<GroupElement> ownCommitments;
    private final OldPackage ownPackage;

    DealingRound(Polynomial polynomial, List<GroupElement> ownCommitments,
        OldPackage ownPackage) {
      super(1, RoundKind.BROADCAST, others);
      this.polynomial = polynomial;
      this.ownCommitments = ownCommitments;
      this.ownPackage = ownPackage;
    }

    @Override
    public RoundOutcome<Reshared<KeyShare>> finish(Map<PartyId, byte[]> received,
        SecureRandom rng) {
      Map<PartyId, Dealing> dealings = new TreeMap<>();
      List<PartyId> culprits = new ArrayList<>();
      String failure = null;
      for (Map.Entry<PartyId, byte[]> entry : received.entrySet()) {
        PartyId sender = entry.getKey();
        byte[] payload = entry.getValue();
        if (!dealers.contains(sender)) {
          if (payload.length != 1 || payload[0] != NOT_DEALER) {
            culprits.add(sender);
            failure = "sent a dealing but is not one of the agreed dealers";
          }
          continue;
        }
        try {
          dealings.put(sender, decodeDealing(payload));
        } catch (MalformedMessageException | InvalidEncodingException e) {
          culprits.add(sender);
          failure = "invalid round 1 dealing: " + e.getMessage();
        }
      }
      if (!culprits.isEmpty()) {
        destroy();
        return abort(culprits, failure);
      }
      OldPackage oldPackage = ownPackage != null ? ownPackage : agreedPackage(dealings);
      if (oldPackage == null) {
        destroy();
        return abort(packageDissenters(dealings), "dealers sent different public packages of "
            + "the old key");
      }
      if (ownPackage == null && expectedOldKey.isPresent()
          && (!expectedOldKey.get().participants().equals(oldPackage.participants())
              || expectedOldKey.get().threshold() != oldPackage.threshold())) {
        destroy();
        return abort(dealers, "dealt a key held by " + oldPackage.participants() + " with "
            + "threshold " + oldPackage.threshold() + ", but " + self + " knows the key as held "
            + "by " + expectedOldKey.get().participants() + " with threshold "
            + expectedOldKey.get().threshold());
      }
      byte[] packageBytes = oldPackage.encode();
      for (Map.Entry<PartyId, Dealing> entry : dealings.entrySet()) {
        if (!Arrays.equals(entry.getValue().packageBytes(), packageBytes)) {
          culprits.add(entry.getKey());
        }
      }
      if (!culprits.isEmpty()) {
        destroy();
        return abort(culprits, "sent a public package of the old key that differs from ours");
      }
      List<PartyId> strangers = dealers.stream()
          .filter(d -> !oldPackage.participants().contains(d)).toList();
      if (!strangers.isEmpty()) {
        destroy();
        return abort(strangers, "dealt but holds no share of the old key");
      }
      if (dealers.size() < oldPackage.threshold()) {
        destroy();
        return abort(List.of(), dealers.size() + " old key holders are fewer than the key's "
            + "threshold " + oldPackage.threshold() + ": resharing needs at least "
            + oldPackage.threshold() + " of them");
      }
      Map<PartyId, List<GroupElement>> commitments = new TreeMap<>();
      dealings.forEach((dealer, dealing) -> commitments.put(dealer, dealing.commitments()));
      if (ownCommitments != null) {
        commitments.put(self, ownCommitments);
      }
      GroupElement sum = group.identity();
      for (PartyId dealer : dealers) {
        GroupElement constant = commitments.get(dealer).get(0);
        GroupElement expected = group.mulVartime(
            oldPackage.verifyingShares().get(oldPackage.participants().indexOf(dealer)),
            oldPackage.lambda(group, dealer, dealers));
        if (!constant.equals(expected)) {
          culprits.add(dealer);
        }
        sum = sum.add(constant);
      }
      if (!culprits.isEmpty()) {
        destroy();
        return abort(culprits, "constant-term commitment does not match the dealer's "
            + "Lagrange-weighted verifying share");
      }
      if (!sum.equals(oldPackage.publicKey())) {
        destroy();
        return abort(dealers, "the dealt constant terms do not sum to the public key");
      }
      List<Outgoing> outgoing = new ArrayList<>(others.size());
      for (PartyId other : new TreeSet<>(others)) {
        ByteWriter out = new ByteWriter(64);
        if (polynomial != null && isNew(other)) {
          Scalar subShare = polynomial.evaluate(newIdentifier(other));
          byte[] encoded = group.encodeScalar(subShare);
          out.raw(encoded);
          Arrays.fill(encoded, (byte) 0);
          subShare.destroy();
        }
        if (isNew(self) && isNew(other)) {
          out.raw(extension.payloadFor(other, rng));
        }
        outgoing.add(Outgoing.direct(other, out.toByteArray()));
      }
      Scalar ownSubShare = polynomial != null && isNew(self)
          ? polynomial.evaluate(newIdentifier(self)) : null;
      if (polynomial != null) {
        polynomial.destroy();
      }
      return new RoundOutcome.Next<>(new SubShareRound(oldPackage, commitments, ownSubShare),
          outgoing);
    }

    @Override
    public void destroy() {
      if (polynomial != null) {
        polynomial.destroy();
      }
      extension.destroy();
    }
  }

  /** The package every dealer sent, or null if they differ. */
  private static OldPackage agreedPackage(Map<PartyId, Dealing> dealings) {
    byte[] first = null;
    for (Dealing dealing : dealings.values()) {
      if (first == null) {
        first = dealing.packageBytes();
      } else if (!Arrays.equals(first, dealing.packageBytes())) {
        return null;
      }
    }
    return dealings.values().iterator().next().oldPackage();
  }

  /** The dealers whose package differs from the one most dealers sent. */
  private static List<PartyId> packageDissenters(Map<PartyId, Dealing> dealings) {
    Map<String, List<PartyId>> byPackage = new HashMap<>();
    dealings.forEach((dealer, dealing) -> byPackage.computeIfAbsent(
        java.util.HexFormat.of().formatHex(Envelope.sha256(dealing.packageBytes())),
        k -> new ArrayList<>()).add(dealer));
    List<PartyId> largest = byPackage.values().stream()
        .max((a, b) -> Integer.compare(a.size(), b.size())).orElseThrow();
    List<PartyId> dissenters = new ArrayList<>(dealings.keySet());
    dissenters.removeAll(largest);
    return dissenters;
  }

  /** Round 2: checks every sub-share against its dealer's commitments; sums the new share. */
  private final class SubShareRound extends AbstractRound<Reshared<KeyShare>> {
    private final OldPackage oldPackage;
    private final Map<PartyId, List<GroupElement>> commitments;
    private final Scalar ownSubShare;

    SubShareRound(OldPackage oldPackage, Map<PartyId, List<GroupElement>> commitments,
        Scalar ownSubShare) {
      super(2, RoundKind.DIRECT, others);
      this.oldPackage = oldPackage;
      this.commitments = commitments;
      this.ownSubShare = ownSubShare;
    }

    @Override
    public RoundOutcome<Reshared<KeyShare>> finish(Map<PartyId, byte[]> received,
        SecureRandom rng) {
      boolean selfNew = isNew(self);
      Scalar secret = ownSubShare != null ? ownSubShare.add(group.scalarField().zero())
          : group.scalarField().zero();
      Scalar myId = selfNew ? newIdentifier(self) : null;
      List<PartyId> culprits = new ArrayList<>();
      String failure = null;
      for (Map.Entry<PartyId, byte[]> entry : received.entrySet()) {
        PartyId sender = entry.getKey();
        byte[] payload = entry.getValue();
        if (!selfNew) {
          if (payload.length != 0) {
            culprits.add(sender);
            failure = "sent a sub-share to a party outside the new committee";
          }
          continue;
        }
        int offset = 0;
        if (dealers.contains(sender)) {
          Scalar subShare;
          try {
            if (payload.length < group.scalarLength()) {
              throw new MalformedMessageException("sub-share has " + payload.length
                  + " bytes, expected " + group.scalarLength());
            }
            byte[] encoded = Arrays.copyOf(payload, group.scalarLength());
            try {
              subShare = group.decodeScalar(encoded);
            } finally {
              Arrays.fill(encoded, (byte) 0);
            }
          } catch (MalformedMessageException | InvalidEncodingException e) {
            culprits.add(sender);
            failure = "invalid round 2 sub-share: " + e.getMessage();
            continue;
          }
          GroupElement expected =
              Polynomial.evaluateCommitments(group, commitments.get(sender), myId);
          if (!group.mulBase(subShare).equals(expected)) {
            culprits.add(sender);
            failure = "sub-share does not match the dealer's Feldman commitments";
            subShare.destroy();
            continue;
          }
          secret = secret.add(subShare);
          subShare.destroy();
          offset = group.scalarLength();
        }
        byte[] rest = Arrays.copyOfRange(payload, offset, payload.length);
        try {
          if (isNew(sender)) {
            extension.accept(sender, rest);
          } else if (rest.length != 0) {
            throw new MalformedMessageException(rest.length + " unexpected trailing bytes");
          }
        } catch (MalformedMessageException e) {
          culprits.add(sender);
          failure = "invalid round 2 pairwise setup: " + e.getMessage();
        }
      }
      if (ownSubShare != null) {
        ownSubShare.destroy();
      }
      if (!culprits.isEmpty()) {
        secret.destroy();
        extension.destroy();
        return abort(culprits, failure);
      }
      List<GroupElement> summed = new ArrayList<>(commitments.get(dealers.get(0)));
      for (PartyId dealer : dealers.subList(1, dealers.size())) {
        List<GroupElement> theirs = commitments.get(dealer);
        for (int k = 0; k < newThreshold; k++) {
          summed.set(k, summed.get(k).add(theirs.get(k)));
        }
      }
      List<GroupElement> verifyingShares = new ArrayList<>(newParticipants.size());
      for (PartyId party : newParticipants) {
        GroupElement y = Polynomial.evaluateCommitments(group, summed, newIdentifier(party));
        if (y.isIdentity()) {
          secret.destroy();
          extension.destroy();
          return abort(dealers, "a new verifying share is the identity");
        }
        verifyingShares.add(y);
      }
      KeyShare share = null;
      if (selfNew) {
        try {
          share = new KeyShare(group, newParticipants, newThreshold, self, secret,
              oldPackage.publicKey(), verifyingShares);
        } catch (IllegalArgumentException e) {
          secret.destroy();
          extension.destroy();
          return abort(dealers, "the new share does not match its verifying share");
        }
      } else {
        secret.destroy();
      }
      byte[] digest = confirmation(oldPackage, verifyingShares);
      return new RoundOutcome.Next<>(new ConfirmationRound(share, digest, oldPackage),
          List.of(Outgoing.broadcast(digest)));
    }

    @Override
    public void destroy() {
      if (ownSubShare != null) {
        ownSubShare.destroy();
      }
      extension.destroy();
    }
  }

  private byte[] confirmation(OldPackage oldPackage, List<GroupElement> verifyingShares) {
    ByteWriter out = new ByteWriter(512 + 33 * verifyingShares.size())
        .string(CONFIRM_DOMAIN).bytes(sessionId).bytes(oldPackage.encode())
        .strings(dealers.stream().map(PartyId::value).toList())
        .strings(newParticipants.stream().map(PartyId::value).toList())
        .u32(newThreshold);
    verifyingShares.forEach(y -> out.raw(y.encode()));
    return Envelope.sha256(out.toByteArray());
  }

  /** Round 3: every party confirmed the same new public package; output. */
  private final class ConfirmationRound extends AbstractRound<Reshared<KeyShare>> {
    private final KeyShare share;
    private final byte[] digest;
    private final OldPackage oldPackage;

    ConfirmationRound(KeyShare share, byte[] digest, OldPackage oldPackage) {
      super(3, RoundKind.BROADCAST, others);
      this.share = share;
      this.digest = digest;
      this.oldPackage = oldPackage;
    }

    @Override
    public RoundOutcome<Reshared<KeyShare>> finish(Map<PartyId, byte[]> received,
        SecureRandom rng) {
      List<PartyId> culprits = new ArrayList<>();
      received.forEach((sender, theirs) -> {
        if (!MessageDigest.isEqual(digest, theirs)) {
          culprits.add(sender);
        }
      });
      if (!culprits.isEmpty()) {
        destroy();
        return abort(culprits, "confirmed a different new public package");
      }
      return new RoundOutcome.Done<>(new Reshared<>(oldPackage.publicKey(), newParticipants,
          newThreshold, Optional.ofNullable(share)));
    }

    @Override
    public void destroy() {
      if (share != null) {
        share.destroy();
      }
      extension.destroy();
    }
  }
}
