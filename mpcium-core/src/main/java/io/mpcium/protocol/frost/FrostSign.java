package io.mpcium.protocol.frost;

import io.mpcium.PartyId;
import io.mpcium.crypto.Group;
import io.mpcium.crypto.GroupElement;
import io.mpcium.crypto.InvalidEncodingException;
import io.mpcium.crypto.Lagrange;
import io.mpcium.crypto.Scalar;
import io.mpcium.internal.codec.MalformedMessageException;
import io.mpcium.protocol.AbstractRound;
import io.mpcium.protocol.Outgoing;
import io.mpcium.protocol.Protocol;
import io.mpcium.protocol.ProtocolAbort;
import io.mpcium.protocol.RoundKind;
import io.mpcium.protocol.RoundOutcome;
import io.mpcium.protocol.SignerSet;
import io.mpcium.protocol.dkg.KeyShare;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * FROST threshold signing (RFC 9591 §5) without a dedicated coordinator: every signer broadcasts
 * its nonce commitments (round 1, echo-checked by the driver), then its signature share (round
 * 2), and every signer aggregates.
 *
 * <p>The aggregate signature is checked with the ciphersuite's standard verifier before it is
 * returned; only if it fails is each share checked, and the signers whose shares fail are
 * named. Nonces are single-use ({@link SigningNonces}). Pure; one instance per signer and
 * signature.
 */
public final class FrostSign implements Protocol<byte[]> {
  private final Ciphersuite suite;
  private final Group group;
  private final KeyShare share;
  private final List<PartyId> signers;
  private final byte[] message;
  private final Set<PartyId> others;

  public FrostSign(Ciphersuite suite, KeyShare share, List<PartyId> signers, byte[] message) {
    this.suite = suite;
    this.group = suite.group();
    this.share = share;
    this.signers = List.copyOf(signers);
    this.message = message.clone();
    this.others = SignerSet.others(share, this.signers);
  }

  @Override
  public String name() {
    return "frost-sign/" + suite.contextString();
  }

  @Override
  public RoundOutcome.Next<byte[]> start(SecureRandom rng) {
    SigningNonces nonces = SigningNonces.generate(suite, share.secretShare(), rng);
    FrostMessage.Commitments commitments = new FrostMessage.Commitments(
        nonces.hidingCommitment(), nonces.bindingCommitment());
    return new RoundOutcome.Next<>(new CommitmentRound(nonces),
        List.of(Outgoing.broadcast(commitments.encode(group))));
  }

  /** Waits for every signer's commitments; then signs. */
  private final class CommitmentRound extends AbstractRound<byte[]> {
    private final SigningNonces nonces;

    CommitmentRound(SigningNonces nonces) {
      super(1, RoundKind.BROADCAST, others);
      this.nonces = nonces;
    }


    @Override
    public RoundOutcome<byte[]> finish(Map<PartyId, byte[]> received, SecureRandom rng) {
      Map<PartyId, Frost.Commitment> bySigner = new TreeMap<>();
      bySigner.put(share.self(), new Frost.Commitment(share.identifier(share.self()),
          nonces.hidingCommitment(), nonces.bindingCommitment()));
      List<PartyId> culprits = new ArrayList<>();
      String failure = null;
      for (Map.Entry<PartyId, byte[]> entry : received.entrySet()) {
        try {
          FrostMessage.Commitments c = FrostMessage.Commitments.decode(group, entry.getValue());
          bySigner.put(entry.getKey(), new Frost.Commitment(share.identifier(entry.getKey()),
              c.hiding(), c.binding()));
        } catch (MalformedMessageException | InvalidEncodingException e) {
          culprits.add(entry.getKey());
          failure = "invalid nonce commitments: " + e.getMessage();
        }
      }
      if (!culprits.isEmpty()) {
        nonces.destroy();
        return new RoundOutcome.Abort<>(new ProtocolAbort(culprits, failure));
      }
      // Participants are sorted by id and identifiers follow that order, so this list is sorted
      // by identifier as RFC 9591 requires.
      List<PartyId> order = List.copyOf(bySigner.keySet());
      List<Frost.Commitment> commitments = List.copyOf(bySigner.values());
      List<Scalar> bindingFactors =
          Frost.computeBindingFactors(suite, share.publicKey(), commitments, message);
      GroupElement groupCommitment =
          Frost.computeGroupCommitment(group, commitments, bindingFactors);
      if (groupCommitment.isIdentity()) {
        nonces.destroy();
        return new RoundOutcome.Abort<>(new ProtocolAbort(List.copyOf(others),
            "the group commitment is the identity"));
      }
      Scalar challenge =
          Frost.computeChallenge(suite, groupCommitment, share.publicKey(), message);
      List<Scalar> identifiers = commitments.stream().map(Frost.Commitment::identifier).toList();
      int mine = order.indexOf(share.self());
      Scalar lambda = Lagrange.coefficientAtZero(identifiers.get(mine), identifiers);
      Scalar z = nonces.sign(bindingFactors.get(mine), lambda, share.secretShare(), challenge);
      Signing signing = new Signing(order, commitments, bindingFactors, identifiers,
          groupCommitment, challenge, z);
      return new RoundOutcome.Next<>(new ShareRound(signing),
          List.of(Outgoing.broadcast(new FrostMessage.SignatureShare(z).encode(group))));
    }

    @Override
    public void destroy() {
      nonces.destroy();
    }
  }

  /** Everything round 2 needs to aggregate and, on failure, to find the culprit. */
  private record Signing(List<PartyId> order, List<Frost.Commitment> commitments,
      List<Scalar> bindingFactors, List<Scalar> identifiers, GroupElement groupCommitment,
      Scalar challenge, Scalar ownShare) { }

  /** Waits for every signer's share; aggregates and verifies. */
  private final class ShareRound extends AbstractRound<byte[]> {
    private final Signing signing;

    ShareRound(Signing signing) {
      super(2, RoundKind.BROADCAST, others);
      this.signing = signing;
    }


    @Override
    public RoundOutcome<byte[]> finish(Map<PartyId, byte[]> received, SecureRandom rng) {
      Map<PartyId, Scalar> shares = new TreeMap<>();
      shares.put(share.self(), signing.ownShare());
      List<PartyId> culprits = new ArrayList<>();
      for (Map.Entry<PartyId, byte[]> entry : received.entrySet()) {
        try {
          shares.put(entry.getKey(),
              FrostMessage.SignatureShare.decode(group, entry.getValue()).share());
        } catch (MalformedMessageException | InvalidEncodingException e) {
          culprits.add(entry.getKey());
        }
      }
      if (!culprits.isEmpty()) {
        return new RoundOutcome.Abort<>(new ProtocolAbort(culprits,
            "invalid signature share encoding"));
      }
      Scalar z = group.scalarField().zero();
      for (Scalar s : shares.values()) {
        z = z.add(s);
      }
      byte[] signature = suite.encodeSignature(signing.groupCommitment(), z);
      if (suite.verify(share.publicKey().encode(), message, signature)) {
        return new RoundOutcome.Done<>(signature);
      }
      for (int i = 0; i < signing.order().size(); i++) {
        PartyId signer = signing.order().get(i);
        Scalar lambda = Lagrange.coefficientAtZero(signing.identifiers().get(i),
            signing.identifiers());
        if (!Frost.verifySignatureShare(group, signing.commitments().get(i),
            signing.bindingFactors().get(i), lambda, share.verifyingShare(signer),
            signing.challenge(), shares.get(signer))) {
          culprits.add(signer);
        }
      }
      return new RoundOutcome.Abort<>(new ProtocolAbort(culprits, culprits.isEmpty()
          ? "aggregate signature does not verify although every share does"
          : "signature share does not verify"));
    }
  }
}
