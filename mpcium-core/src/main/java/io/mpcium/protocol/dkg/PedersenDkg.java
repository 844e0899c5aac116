package io.mpcium.protocol.dkg;

import io.mpcium.PartyId;
import io.mpcium.crypto.Group;
import io.mpcium.crypto.GroupElement;
import io.mpcium.crypto.InvalidEncodingException;
import io.mpcium.crypto.Polynomial;
import io.mpcium.crypto.Scalar;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Pedersen distributed key generation with Feldman commitments and Schnorr proofs of knowledge
 * (the FROST paper's KeyGen, Fig. 1; RFC 9591 Appendix C describes the trusted-dealer variant).
 * Generic over the {@link DkgSuite}'s group, so every scheme shares it; a {@link DkgExtension}
 * can add pairwise setup to the point-to-point round (DKLs23 uses this).
 *
 * <ol>
 *   <li>Round 1 (broadcast, echo-checked by the driver): each party commits to a random
 *       polynomial of degree {@code t-1} and proves knowledge of its constant term. The proof's
 *       challenge binds the session id, the party and its identifier, so a proof cannot be
 *       replayed into another session or by another party.
 *   <li>Round 2 (point to point, encrypted): after checking every proof, each party sends
 *       {@code f_i(j)} to each {@code j}. Each receiver checks its shares against the senders'
 *       commitments, sums them into its key share, and derives the group public key and every
 *       verifying share from the summed commitments.
 *   <li>Round 3 (broadcast): each party confirms a digest of the public key and verifying
 *       shares; a party outputs its key share only when every participant confirmed the same.
 * </ol>
 *
 * <p>Any failed check aborts naming the senders of the bad messages. No party ever learns the
 * group secret. Pure; one instance per party and session.
 */
public final class PedersenDkg implements Protocol<KeyShare> {
  private static final String POK_DOMAIN = "mpcium/dkg/pok/v1";
  private static final String CONFIRM_DOMAIN = "mpcium/dkg/confirm/v1";

  private final DkgSuite suite;
  private final DkgExtension extension;
  private final Group group;
  private final byte[] sessionId;
  private final PartyId self;
  private final List<PartyId> participants;
  private final int threshold;
  private final Set<PartyId> others;

  public PedersenDkg(DkgSuite suite, byte[] sessionId, PartyId self, List<PartyId> participants,
      int threshold) {
    this(suite, sessionId, self, participants, threshold, DkgExtension.NONE);
  }

  /**
   * A DKG whose point-to-point round also carries {@code extension}'s pairwise payloads (after
   * each share, in the same encrypted message).
   */
  public PedersenDkg(DkgSuite suite, byte[] sessionId, PartyId self, List<PartyId> participants,
      int threshold, DkgExtension extension) {
    this.suite = suite;
    this.extension = extension;
    this.group = suite.group();
    this.sessionId = sessionId.clone();
    this.self = self;
    this.participants = List.copyOf(participants);
    this.threshold = threshold;
    if (!new ArrayList<>(new TreeSet<>(participants)).equals(this.participants)) {
      throw new IllegalArgumentException("participants must be sorted and unique");
    }
    if (this.participants.size() < 2) {
      throw new IllegalArgumentException("a distributed key needs at least 2 participants");
    }
    if (threshold < 1 || threshold > this.participants.size()) {
      throw new IllegalArgumentException("threshold " + threshold + " out of range for "
          + this.participants.size() + " participants");
    }
    if (!this.participants.contains(self)) {
      throw new IllegalArgumentException(self + " is not a participant");
    }
    TreeSet<PartyId> rest = new TreeSet<>(this.participants);
    rest.remove(self);
    this.others = Set.copyOf(rest);
  }

  @Override
  public String name() {
    return "dkg/" + suite.contextString();
  }

  @Override
  public RoundOutcome.Next<KeyShare> start(SecureRandom rng) {
    Polynomial polynomial =
        Polynomial.random(group.scalarField().random(rng), threshold - 1, rng);
    List<GroupElement> commitments = polynomial.commit(group);
    Scalar k = group.scalarField().random(rng);
    GroupElement r = group.mulBase(k);
    Scalar c = challenge(self, commitments.get(0), r);
    Scalar mu = k.add(polynomial.constant().mul(c));
    k.destroy();
    DkgMessage.Commitments message = new DkgMessage.Commitments(commitments, r, mu);
    return new RoundOutcome.Next<>(new CommitmentRound(polynomial, commitments),
        List.of(Outgoing.broadcast(message.encode(group))));
  }

  /** The identifier of a participant: its position in the sorted list plus one. */
  Scalar identifier(PartyId party) {
    return group.scalarField().of(participants.indexOf(party) + 1L);
  }

  private Scalar challenge(PartyId party, GroupElement constantCommitment, GroupElement r) {
    byte[] transcript = new ByteWriter(256)
        .string(POK_DOMAIN)
        .bytes(sessionId)
        .string(party.value())
        .bytes(group.encodeScalar(identifier(party)))
        .bytes(constantCommitment.encode())
        .bytes(r.encode())
        .toByteArray();
    return suite.hdkg(transcript);
  }

  /** Waits for every party's commitments and proof; then deals the shares. */
  private final class CommitmentRound extends AbstractRound<KeyShare> {
    private final Polynomial polynomial;
    private final List<GroupElement> ownCommitments;

    CommitmentRound(Polynomial polynomial, List<GroupElement> ownCommitments) {
      super(1, RoundKind.BROADCAST, others);
      this.polynomial = polynomial;
      this.ownCommitments = ownCommitments;
    }


    @Override
    public RoundOutcome<KeyShare> finish(Map<PartyId, byte[]> received, SecureRandom rng) {
      Map<PartyId, List<GroupElement>> commitments = new TreeMap<>();
      commitments.put(self, ownCommitments);
      List<PartyId> culprits = new ArrayList<>();
      String failure = null;
      for (Map.Entry<PartyId, byte[]> entry : received.entrySet()) {
        PartyId sender = entry.getKey();
        DkgMessage.Commitments message;
        try {
          message = DkgMessage.Commitments.decode(group, entry.getValue(), threshold);
        } catch (MalformedMessageException | InvalidEncodingException e) {
          culprits.add(sender);
          failure = "invalid round 1 commitments: " + e.getMessage();
          continue;
        }
        GroupElement phi0 = message.coefficients().get(0);
        Scalar c = challenge(sender, phi0, message.proofR());
        GroupElement expectedR = group.multiScalarMulVartime(
            List.of(message.proofMu(), c.negate()), List.of(group.generator(), phi0));
        if (!expectedR.equals(message.proofR())) {
          culprits.add(sender);
          failure = "proof of knowledge of the constant term does not verify";
          continue;
        }
        commitments.put(sender, message.coefficients());
      }
      if (!culprits.isEmpty()) {
        destroy();
        return new RoundOutcome.Abort<>(new ProtocolAbort(culprits, failure));
      }
      List<Outgoing> outgoing = new ArrayList<>(others.size());
      for (PartyId other : participants) {
        if (!other.equals(self)) {
          Scalar share = polynomial.evaluate(identifier(other));
          outgoing.add(Outgoing.direct(other,
              new DkgMessage.Share(share, extension.payloadFor(other, rng)).encode(group)));
          share.destroy();
        }
      }
      Scalar ownShare = polynomial.evaluate(identifier(self));
      polynomial.destroy();
      return new RoundOutcome.Next<>(new ShareRound(ownShare, commitments), outgoing);
    }

    @Override
    public void destroy() {
      polynomial.destroy();
    }
  }

  /** Waits for every party's share; checks each against its dealer's commitments. */
  private final class ShareRound extends AbstractRound<KeyShare> {
    private final Scalar ownShare;
    private final Map<PartyId, List<GroupElement>> commitments;

    ShareRound(Scalar ownShare, Map<PartyId, List<GroupElement>> commitments) {
      super(2, RoundKind.DIRECT, others);
      this.ownShare = ownShare;
      this.commitments = commitments;
    }


    @Override
    public RoundOutcome<KeyShare> finish(Map<PartyId, byte[]> received, SecureRandom rng) {
      Scalar myId = identifier(self);
      Scalar secret = ownShare.add(group.scalarField().zero());
      List<PartyId> culprits = new ArrayList<>();
      String failure = null;
      for (Map.Entry<PartyId, byte[]> entry : received.entrySet()) {
        PartyId sender = entry.getKey();
        Scalar share;
        byte[] extra;
        try {
          DkgMessage.Share message = DkgMessage.Share.decode(group, entry.getValue());
          share = message.value();
          extra = message.extension();
        } catch (MalformedMessageException | InvalidEncodingException e) {
          culprits.add(sender);
          failure = "invalid round 2 share: " + e.getMessage();
          continue;
        }
        GroupElement expected =
            Polynomial.evaluateCommitments(group, commitments.get(sender), myId);
        if (!group.mulBase(share).equals(expected)) {
          culprits.add(sender);
          failure = "share does not match the sender's Feldman commitments";
          share.destroy();
          continue;
        }
        secret = secret.add(share);
        share.destroy();
        try {
          extension.accept(sender, extra);
        } catch (MalformedMessageException e) {
          culprits.add(sender);
          failure = "invalid round 2 pairwise setup: " + e.getMessage();
        }
      }
      ownShare.destroy();
      if (!culprits.isEmpty()) {
        secret.destroy();
        return new RoundOutcome.Abort<>(new ProtocolAbort(culprits, failure));
      }
      List<GroupElement> summed = new ArrayList<>(commitments.get(self));
      for (Map.Entry<PartyId, List<GroupElement>> entry : commitments.entrySet()) {
        if (!entry.getKey().equals(self)) {
          for (int k = 0; k < threshold; k++) {
            summed.set(k, summed.get(k).add(entry.getValue().get(k)));
          }
        }
      }
      GroupElement publicKey = summed.get(0);
      if (publicKey.isIdentity()) {
        return new RoundOutcome.Abort<>(new ProtocolAbort(participants,
            "the group public key is the identity"));
      }
      List<GroupElement> verifyingShares = new ArrayList<>(participants.size());
      for (PartyId party : participants) {
        verifyingShares.add(Polynomial.evaluateCommitments(group, summed, identifier(party)));
      }
      KeyShare share = new KeyShare(group, participants, threshold, self, secret, publicKey,
          verifyingShares);
      byte[] digest = confirmation(share);
      return new RoundOutcome.Next<>(new ConfirmationRound(share, digest),
          List.of(Outgoing.broadcast(digest)));
    }

    @Override
    public void destroy() {
      ownShare.destroy();
    }
  }

  /** The key-confirmation digest: the session, the public key and every verifying share. */
  private byte[] confirmation(KeyShare share) {
    ByteWriter out = new ByteWriter(64 + 32 * participants.size())
        .string(CONFIRM_DOMAIN).bytes(sessionId).bytes(share.publicKey().encode());
    share.verifyingShares().forEach(y -> out.bytes(y.encode()));
    return Envelope.sha256(out.toByteArray());
  }

  /**
   * Round 3 (broadcast): every party confirms the public key and verifying shares it derived. A
   * party outputs (and so stores) its key share only after every other participant confirmed the
   * same digest to it; a party that aborted earlier never confirms, so no honest party finishes.
   * A malicious party can still confirm to some and not to others; the coordinator then reports
   * the parties that did not confirm storing the key.
   */
  private final class ConfirmationRound extends AbstractRound<KeyShare> {
    private final KeyShare share;
    private final byte[] digest;

    ConfirmationRound(KeyShare share, byte[] digest) {
      super(3, RoundKind.BROADCAST, others);
      this.share = share;
      this.digest = digest;
    }


    @Override
    public RoundOutcome<KeyShare> finish(Map<PartyId, byte[]> received, SecureRandom rng) {
      List<PartyId> culprits = new ArrayList<>();
      received.forEach((sender, theirs) -> {
        if (!MessageDigest.isEqual(digest, theirs)) {
          culprits.add(sender);
        }
      });
      if (!culprits.isEmpty()) {
        share.destroy();
        return new RoundOutcome.Abort<>(new ProtocolAbort(culprits,
            "confirmed a different public key or verifying shares"));
      }
      return new RoundOutcome.Done<>(share);
    }

    @Override
    public void destroy() {
      share.destroy();
    }
  }
}
