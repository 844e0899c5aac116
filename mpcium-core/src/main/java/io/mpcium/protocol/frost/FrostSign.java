package io.mpcium.protocol.frost;

import io.mpcium.PartyId;
import io.mpcium.TaprootTweak;
import io.mpcium.crypto.Group;
import io.mpcium.crypto.GroupElement;
import io.mpcium.crypto.InvalidEncodingException;
import io.mpcium.crypto.Lagrange;
import io.mpcium.crypto.Scalar;
import io.mpcium.crypto.secp256k1.Bip340;
import io.mpcium.crypto.secp256k1.Taproot;
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
import java.util.Optional;
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
 *
 * <p>With {@link Secp256k1Taproot} (built by {@link #bip340}) the signature is a BIP340
 * signature: the signers sign with an even-Y key, negate their nonces when the group commitment
 * has odd Y ({@link Ciphersuite#negatesNonces}), and share verification negates the commitments
 * likewise.
 */
public final class FrostSign implements Protocol<byte[]> {
  private final Ciphersuite suite;
  private final Group group;
  private final KeyShare share;
  private final List<PartyId> signers;
  private final byte[] message;
  private final Set<PartyId> others;
  /** Whether {@link #share} was derived here, so this run destroys it when done with it. */
  private final boolean ownsShare;

  /**
   * One signer's run with the key {@code share} as it is.
   *
   * @throws IllegalArgumentException if the signers are not sorted and unique, are fewer than the
   *     threshold, do not include this party or hold no share; or, for {@link Secp256k1Taproot},
   *     if the key has odd Y (use {@link #bip340})
   */
  public FrostSign(Ciphersuite suite, KeyShare share, List<PartyId> signers, byte[] message) {
    this(suite, share, signers, message, false);
  }

  private FrostSign(Ciphersuite suite, KeyShare share, List<PartyId> signers, byte[] message,
      boolean ownsShare) {
    this.suite = suite;
    this.group = suite.group();
    this.share = share;
    this.signers = List.copyOf(signers);
    this.message = message.clone();
    this.ownsShare = ownsShare;
    if (suite instanceof Secp256k1Taproot && !Bip340.hasEvenY(share.publicKey())) {
      throw new IllegalArgumentException("BIP340 signing needs an even-Y key; use bip340()");
    }
    this.others = SignerSet.others(share, this.signers);
  }

  /**
   * One signer's run producing a BIP340 signature with a key share of {@link Secp256k1Taproot}'s
   * group (as the DKG made it, of any Y parity). The signing key is derived from {@code share}
   * by {@link #bip340Key} and destroyed when the run no longer needs it; {@code share} itself is
   * left alone.
   *
   * @param tweak empty to sign under the x-only key itself, else the BIP341 commitment to sign
   *     for (the signature then verifies under the output key)
   */
  public static FrostSign bip340(KeyShare share, List<PartyId> signers, byte[] message,
      Optional<TaprootTweak> tweak) {
    KeyShare key = bip340Key(share, tweak);
    boolean derived = key != share;
    try {
      return new FrostSign(Secp256k1Taproot.INSTANCE, key, signers, message, derived);
    } catch (RuntimeException e) {
      if (derived) {
        key.destroy();
      }
      throw e;
    }
  }

  /**
   * The even-Y share a BIP340 signature is made with, as every key holder derives it from public
   * values alone: the internal key {@code P} normalised to even Y (negating the secret share and
   * every verifying share when {@code P} has odd Y), then, with a tweak, {@code t =
   * hash_TapTweak(x(P) || merkle_root)} added ({@code Q = P + t·G}) and Q normalised to even Y
   * the same way. Returns {@code share} itself when it already is that key, else a new object
   * the caller destroys.
   */
  public static KeyShare bip340Key(KeyShare share, Optional<TaprootTweak> tweak) {
    boolean even = Bip340.hasEvenY(share.publicKey());
    KeyShare internal = even ? share : share.negate();
    if (tweak.isEmpty()) {
      return internal;
    }
    KeyShare tweaked;
    try {
      tweaked = internal.tweak(Taproot.tweak(Bip340.xOnly(internal.publicKey()),
          tweak.get().merkleRoot()));
    } finally {
      if (!even) {
        internal.destroy();
      }
    }
    if (Bip340.hasEvenY(tweaked.publicKey())) {
      return tweaked;
    }
    KeyShare negated = tweaked.negate();
    tweaked.destroy();
    return negated;
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
        destroy();
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
        destroy();
        return new RoundOutcome.Abort<>(new ProtocolAbort(List.copyOf(others),
            "the group commitment is the identity"));
      }
      Scalar challenge =
          Frost.computeChallenge(suite, groupCommitment, share.publicKey(), message);
      boolean negateNonces = suite.negatesNonces(groupCommitment);
      List<Scalar> identifiers = commitments.stream().map(Frost.Commitment::identifier).toList();
      int mine = order.indexOf(share.self());
      Scalar lambda = Lagrange.coefficientAtZero(identifiers.get(mine), identifiers);
      Scalar z = nonces.sign(bindingFactors.get(mine), lambda, share.secretShare(), challenge,
          negateNonces);
      releaseShare();
      Signing signing = new Signing(order, commitments, bindingFactors, identifiers,
          groupCommitment, negateNonces, challenge, z);
      return new RoundOutcome.Next<>(new ShareRound(signing),
          List.of(Outgoing.broadcast(new FrostMessage.SignatureShare(z).encode(group))));
    }

    @Override
    public void destroy() {
      nonces.destroy();
      releaseShare();
    }
  }

  /** Destroys a signing key derived by {@link #bip340} once the secret is no longer needed. */
  private void releaseShare() {
    if (ownsShare) {
      share.destroy();
    }
  }

  /** Everything round 2 needs to aggregate and, on failure, to find the culprit. */
  private record Signing(List<PartyId> order, List<Frost.Commitment> commitments,
      List<Scalar> bindingFactors, List<Scalar> identifiers, GroupElement groupCommitment,
      boolean negateNonces, Scalar challenge, Scalar ownShare) { }

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
      if (suite.verify(suite.encodePublicKey(share.publicKey()), message, signature)) {
        return new RoundOutcome.Done<>(signature);
      }
      for (int i = 0; i < signing.order().size(); i++) {
        PartyId signer = signing.order().get(i);
        Scalar lambda = Lagrange.coefficientAtZero(signing.identifiers().get(i),
            signing.identifiers());
        if (!Frost.verifySignatureShare(group, signing.commitments().get(i),
            signing.bindingFactors().get(i), lambda, share.verifyingShare(signer),
            signing.challenge(), shares.get(signer), signing.negateNonces())) {
          culprits.add(signer);
        }
      }
      return new RoundOutcome.Abort<>(new ProtocolAbort(culprits, culprits.isEmpty()
          ? "aggregate signature does not verify although every share does"
          : "signature share does not verify"));
    }
  }
}
