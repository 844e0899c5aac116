package io.mpcium.protocol.dkls23;

import io.mpcium.PartyId;
import io.mpcium.crypto.Group;
import io.mpcium.crypto.GroupElement;
import io.mpcium.crypto.InvalidEncodingException;
import io.mpcium.crypto.Lagrange;
import io.mpcium.crypto.Scalar;
import io.mpcium.crypto.ScalarField;
import io.mpcium.crypto.secp256k1.Ecdsa;
import io.mpcium.crypto.secp256k1.EcdsaSignature;
import io.mpcium.crypto.secp256k1.InvalidSignatureException;
import io.mpcium.crypto.secp256k1.Secp256k1Point;
import io.mpcium.internal.codec.ByteReader;
import io.mpcium.internal.codec.ByteWriter;
import io.mpcium.internal.codec.MalformedMessageException;
import io.mpcium.protocol.AbstractRound;
import io.mpcium.protocol.Outgoing;
import io.mpcium.protocol.Protocol;
import io.mpcium.protocol.ProtocolAbort;
import io.mpcium.protocol.RoundKind;
import io.mpcium.protocol.RoundOutcome;
import io.mpcium.protocol.SignerSet;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * DKLs23 threshold ECDSA signing (eprint 2023/765, Protocol 3.6) over secp256k1, three rounds.
 *
 * <ol>
 *   <li>Point to point: fresh instance key {@code r_i} and inversion mask {@code φ_i}, a
 *       commitment to {@code R_i = r_i·G}, a fresh pair nonce, and — as multiplication receiver
 *       for each peer {@code j} — the OT-extension message that fixes the random {@code
 *       χ_{i,j}}.
 *   <li>Point to point: checks each peer's OT-extension message (failure: ban), derives the
 *       zero share {@code ζ_i}, {@code sk_i = λ_i·x_i + ζ_i}, {@code pk_i = sk_i·G}; as
 *       multiplication sender on {@code (r_i, sk_i)} sends the transfer values and
 *       {@code Γ_u = c_u·G}, {@code Γ_v = c_v·G}, {@code ψ_{i,j} = φ_i − χ_{i,j}}, and opens
 *       {@code R_i}.
 *   <li>Broadcast: checks each peer's opening, multiplication ({@code μ}), {@code χ·R_j = d_u·G +
 *       Γ_u} and {@code χ·pk_j = d_v·G + Γ_v} (each failure: ban that peer), then {@code Σ pk =
 *       PK} and {@code R = Σ R ≠ O}; sends {@code u_i} and {@code w_i = m·φ_i + r·v_i}.
 * </ol>
 *
 * Every party then computes {@code s = Σw / Σu}, normalizes to low S, computes the recovery id
 * against the final {@code s} and verifies the signature against the public key before
 * returning it ({@link Ecdsa#finish}). Rounds 1 and 2 do not use the digest.
 *
 * <p>Every hash binds the key id, this session id, the signer set and the ordered pair of party
 * indices; the OT-extension PRG also binds the receiver's fresh nonce and the multiplication both
 * nonces, so base-OT seeds reused across sessions never repeat a correlation. A peer that fails
 * a check of the reused correlations is reported in {@link ProtocolAbort#banned()}. Pure; one
 * instance per signer and signature; not thread-safe. Per-session secrets are wiped on every end.
 */
public final class Dkls23Sign implements Protocol<EcdsaSignature> {
  private static final String TAG_CONTEXT = "mpcium/dkls23/sign/context/v1";
  private static final String TAG_PRG = "mpcium/dkls23/ote/prg/v1";
  private static final String TAG_MUL = "mpcium/dkls23/mul/context/v1";
  private static final String TAG_ZERO = "mpcium/dkls23/zero/share/v1";
  private static final String TAG_COMMIT = "mpcium/dkls23/commitment/v1";
  private static final int NONCE = 32;
  private static final int SALT = 32;

  private final Dkls23KeyShare share;
  private final Group group;
  private final ScalarField field;
  private final List<PartyId> signers;
  private final byte[] digest;
  private final Set<PartyId> others;
  private final byte[] context;

  /**
   * @param sessionId unique per signing session
   * @param signers sorted and unique, at least the threshold, including this share's party
   * @param digest the 32-byte message digest to sign
   * @throws IllegalArgumentException if the signer set is unacceptable — in particular if it
   *     includes a party banned for this key — or the digest is not 32 bytes
   */
  public Dkls23Sign(Dkls23KeyShare share, byte[] sessionId, List<PartyId> signers,
      byte[] digest) {
    this.share = share;
    this.group = share.keyShare().group();
    this.field = group.scalarField();
    this.signers = List.copyOf(signers);
    this.digest = digest.clone();
    if (digest.length != 32) {
      throw new IllegalArgumentException("ECDSA digest must be 32 bytes, not " + digest.length);
    }
    this.others = SignerSet.others(share, this.signers);
    for (PartyId signer : this.signers) {
      if (share.banned().contains(signer)) {
        throw new IllegalArgumentException(signer + " is banned for this key (it failed a DKLs23 "
            + "OT-extension or multiplication check); choose signers without it");
      }
    }
    TaggedHash h = TaggedHash.of(TAG_CONTEXT).bytes(share.keyId()).bytes(sessionId)
        .u32(this.signers.size());
    for (PartyId signer : this.signers) {
      h.u32(index(signer));
    }
    this.context = h.bytes(this.digest).digest();
  }

  @Override
  public String name() {
    return "dkls23-secp256k1/sign";
  }

  private int index(PartyId party) {
    return share.participants().indexOf(party) + 1;
  }

  private byte[] prgContext(PartyId sender, PartyId receiver, byte[] receiverNonce) {
    return TaggedHash.of(TAG_PRG).bytes(context).u32(index(sender)).u32(index(receiver))
        .bytes(receiverNonce).digest();
  }

  private byte[] mulContext(PartyId sender, PartyId receiver, byte[] receiverNonce,
      byte[] senderNonce) {
    return TaggedHash.of(TAG_MUL).bytes(context).u32(index(sender)).u32(index(receiver))
        .bytes(receiverNonce).bytes(senderNonce).digest();
  }

  private byte[] commitment(PartyId party, byte[] point, byte[] salt) {
    return TaggedHash.of(TAG_COMMIT).bytes(context).u32(index(party)).bytes(point).bytes(salt)
        .digest();
  }

  private static int kosLength() {
    return Kos.MESSAGE_BYTES;
  }

  @Override
  public RoundOutcome.Next<EcdsaSignature> start(SecureRandom rng) {
    Scalar r = field.random(rng);
    Scalar phi = field.random(rng);
    byte[] bigR = group.mulBase(r).encode();
    byte[] salt = new byte[SALT];
    rng.nextBytes(salt);
    byte[] nonce = new byte[NONCE];
    rng.nextBytes(nonce);
    byte[] com = commitment(share.self(), bigR, salt);
    Map<PartyId, Multiplication.ReceiverState> receiving = new TreeMap<>();
    List<Outgoing> outgoing = new ArrayList<>();
    for (PartyId j : others) {
      Multiplication.ReceiverStart start = share.pairwise(j).use((d, s, r0, r1, z) ->
          Multiplication.receiverStart(field, share.gadget(), r0, r1,
              prgContext(j, share.self(), nonce), rng));
      receiving.put(j, start.state());
      byte[] message = new byte[NONCE + 32 + kosLength()];
      System.arraycopy(nonce, 0, message, 0, NONCE);
      System.arraycopy(com, 0, message, NONCE, 32);
      System.arraycopy(start.message(), 0, message, NONCE + 32, kosLength());
      outgoing.add(Outgoing.direct(j, message));
    }
    return new RoundOutcome.Next<>(new Round1(r, phi, bigR, salt, nonce, receiving), outgoing);
  }

  /** The per-session secrets shared by the rounds; wiped on every end. */
  /** Destroys the scalars that exist; a null array or element (not yet computed) is skipped. */
  private static void wipe(Scalar... scalars) {
    if (scalars == null) {
      return;
    }
    for (Scalar s : scalars) {
      if (s != null) {
        s.destroy();
      }
    }
  }

  private RoundOutcome<EcdsaSignature> ban(List<PartyId> culprits, String check) {
    return new RoundOutcome.Abort<>(new ProtocolAbort(culprits, check, true));
  }

  /** Waits for every peer's commitment and OT-extension message; answers as sender. */
  private final class Round1 extends AbstractRound<EcdsaSignature> {
    private final Scalar r;
    private final Scalar phi;
    private final byte[] bigR;
    private final byte[] salt;
    private final byte[] nonce;
    private final Map<PartyId, Multiplication.ReceiverState> receiving;

    Round1(Scalar r, Scalar phi, byte[] bigR, byte[] salt, byte[] nonce,
        Map<PartyId, Multiplication.ReceiverState> receiving) {
      super(1, RoundKind.DIRECT, others);
      this.r = r;
      this.phi = phi;
      this.bigR = bigR;
      this.salt = salt;
      this.nonce = nonce;
      this.receiving = receiving;
    }

    @Override
    public RoundOutcome<EcdsaSignature> finish(Map<PartyId, byte[]> received, SecureRandom rng) {
      Map<PartyId, byte[]> nonces = new TreeMap<>();
      Map<PartyId, byte[]> commitments = new TreeMap<>();
      Map<PartyId, byte[]> kos = new TreeMap<>();
      List<PartyId> culprits = new ArrayList<>();
      for (Map.Entry<PartyId, byte[]> entry : received.entrySet()) {
        byte[] m = entry.getValue();
        if (m.length != NONCE + 32 + kosLength()) {
          culprits.add(entry.getKey());
          continue;
        }
        nonces.put(entry.getKey(), Arrays.copyOf(m, NONCE));
        commitments.put(entry.getKey(), Arrays.copyOfRange(m, NONCE, NONCE + 32));
        kos.put(entry.getKey(), Arrays.copyOfRange(m, NONCE + 32, m.length));
      }
      if (!culprits.isEmpty()) {
        destroy();
        return ban(culprits, "malformed round 1 message");
      }
      // zero share, Lagrange-weighted key share, its public key
      Scalar zeta = field.zero();
      PartyId self = share.self();
      for (PartyId j : others) {
        boolean selfFirst = index(self) < index(j);
        byte[] lo = selfFirst ? nonce : nonces.get(j);
        byte[] hi = selfFirst ? nonces.get(j) : nonce;
        Scalar fragment = share.pairwise(j).use((d, s, r0, r1, z) ->
            TaggedHash.of(TAG_ZERO).bytes(z).bytes(context).bytes(lo).bytes(hi)
                .toScalar(field));
        zeta = selfFirst ? zeta.add(fragment) : zeta.sub(fragment);
        fragment.destroy();
      }
      List<Scalar> ids = new ArrayList<>();
      for (PartyId signer : signers) {
        ids.add(field.of(index(signer)));
      }
      Scalar lambda = Lagrange.coefficientAtZero(field.of(index(self)), ids);
      Scalar sk = lambda.mul(share.keyShare().secretShare()).add(zeta);
      zeta.destroy();
      byte[] pk = group.mulBase(sk).encode();
      Map<PartyId, Scalar[]> sent = new TreeMap<>();
      List<Outgoing> outgoing = new ArrayList<>();
      for (PartyId j : others) {
        byte[] theirNonce = nonces.get(j);
        Multiplication.SenderResult result = share.pairwise(j).use((d, s, r0, r1, z) ->
            Multiplication.send(group, share.gadget(), d, s, prgContext(self, j, theirNonce),
                mulContext(self, j, theirNonce, nonce), new Scalar[] {r, sk}, kos.get(j), rng));
        if (result == null) {
          culprits.add(j);
          continue;
        }
        sent.put(j, result.c());
        Scalar psi = phi.sub(receiving.get(j).b());
        byte[] message = new ByteWriter(Multiplication.senderMessageLength(group) + 256)
            .raw(bigR).raw(salt).raw(pk)
            .raw(group.mulBase(result.c()[0]).encode())
            .raw(group.mulBase(result.c()[1]).encode())
            .raw(group.encodeScalar(psi)).raw(result.message()).toByteArray();
        psi.destroy();
        outgoing.add(Outgoing.direct(j, message));
      }
      if (!culprits.isEmpty()) {
        sent.values().forEach(Dkls23Sign::wipe);
        wipe(sk);
        destroy();
        return ban(culprits, "OT-extension consistency check failed");
      }
      return new RoundOutcome.Next<>(new Round2(this, commitments, nonces, sk, pk, sent),
          outgoing);
    }

    @Override
    public void destroy() {
      wipe(r, phi);
      receiving.values().forEach(Multiplication.ReceiverState::destroy);
    }
  }

  /** Waits for every peer's opening and multiplication answer; runs every check. */
  private final class Round2 extends AbstractRound<EcdsaSignature> {
    private final Round1 first;
    private final Map<PartyId, byte[]> commitments;
    private final Map<PartyId, byte[]> nonces;
    private final Scalar sk;
    private final byte[] pk;
    private final Map<PartyId, Scalar[]> sent;

    Round2(Round1 first, Map<PartyId, byte[]> commitments, Map<PartyId, byte[]> nonces,
        Scalar sk, byte[] pk, Map<PartyId, Scalar[]> sent) {
      super(2, RoundKind.DIRECT, others);
      this.first = first;
      this.commitments = commitments;
      this.nonces = nonces;
      this.sk = sk;
      this.pk = pk;
      this.sent = sent;
    }

    @Override
    public RoundOutcome<EcdsaSignature> finish(Map<PartyId, byte[]> received, SecureRandom rng) {
      PartyId self = share.self();
      int pointLength = group.elementLength();
      int scalarLength = group.scalarLength();
      List<PartyId> culprits = new ArrayList<>();
      String failure = null;
      GroupElement sumR = decodeOwn(first.bigR);
      GroupElement sumPk = decodeOwn(pk);
      Scalar psiSum = first.phi.add(field.zero());
      Scalar uCross = field.zero();
      Scalar vCross = field.zero();
      for (Map.Entry<PartyId, byte[]> entry : received.entrySet()) {
        PartyId j = entry.getKey();
        Scalar[] d = null;
        Scalar psi = null;
        try {
          ByteReader in = new ByteReader(entry.getValue());
          byte[] rBytes = in.raw(pointLength);
          byte[] salt = in.raw(SALT);
          byte[] pkBytes = in.raw(pointLength);
          GroupElement gammaU = group.decodeElement(in.raw(pointLength));
          GroupElement gammaV = group.decodeElement(in.raw(pointLength));
          psi = group.decodeScalar(in.raw(scalarLength));
          byte[] mul = in.raw(Multiplication.senderMessageLength(group));
          in.end();
          if (!MessageDigest.isEqual(commitment(j, rBytes, salt), commitments.get(j))) {
            culprits.add(j);
            failure = "instance key does not open its commitment";
            psi.destroy();
            continue;
          }
          GroupElement rJ = group.decodeElement(rBytes);
          GroupElement pkJ = group.decodeElement(pkBytes);
          Multiplication.ReceiverState state = first.receiving.get(j);
          d = Multiplication.receiverFinish(group, share.gadget(), state,
              mulContext(j, self, first.nonce, nonces.get(j)), mul);
          if (d == null) {
            culprits.add(j);
            failure = "multiplication consistency check failed";
            psi.destroy();
            continue;
          }
          Scalar chi = state.b();
          boolean rOk = group.mul(rJ, chi).equals(group.mulBase(d[0]).add(gammaU));
          boolean pkOk = group.mul(pkJ, chi).equals(group.mulBase(d[1]).add(gammaV));
          if (!(rOk & pkOk)) {
            culprits.add(j);
            failure = "multiplication output is inconsistent with the revealed R_j or pk_j";
            wipe(d);
            psi.destroy();
            continue;
          }
          sumR = sumR.add(rJ);
          sumPk = sumPk.add(pkJ);
          psiSum = psiSum.add(psi);
          Scalar[] c = sent.get(j);
          uCross = uCross.add(c[0]).add(d[0]);
          vCross = vCross.add(c[1]).add(d[1]);
          wipe(d);
          psi.destroy();
        } catch (MalformedMessageException | InvalidEncodingException e) {
          culprits.add(j);
          failure = "malformed round 2 message: " + e.getMessage();
          wipe(d);
          wipe(psi);
        }
      }
      if (!culprits.isEmpty()) {
        wipe(psiSum, uCross, vCross);
        destroy();
        return ban(culprits, failure);
      }
      if (!sumPk.equals(share.publicKey())) {
        wipe(psiSum, uCross, vCross);
        destroy();
        return new RoundOutcome.Abort<>(new ProtocolAbort(List.copyOf(others),
            "the signers' public key shares do not sum to the public key"));
      }
      if (sumR.isIdentity()) {
        wipe(psiSum, uCross, vCross);
        destroy();
        return new RoundOutcome.Abort<>(new ProtocolAbort(List.copyOf(others),
            "the combined instance key is the identity"));
      }
      Scalar u = first.r.mul(psiSum).add(uCross);
      Scalar v = sk.mul(psiSum).add(vCross);
      Scalar rX = xCoordinate(sumR);
      Scalar m = Ecdsa.digestScalar(digest);
      Scalar w = m.mul(first.phi).add(rX.mul(v));
      byte[] message = new ByteWriter(64).raw(group.encodeScalar(u))
          .raw(group.encodeScalar(w)).toByteArray();
      wipe(psiSum, uCross, vCross, v);
      destroy();
      return new RoundOutcome.Next<>(new Round3(rX, u, w),
          List.of(Outgoing.broadcast(message)));
    }

    private GroupElement decodeOwn(byte[] encoded) {
      try {
        return group.decodeElement(encoded);
      } catch (InvalidEncodingException e) {
        throw new IllegalStateException("own point does not decode", e);
      }
    }

    @Override
    public void destroy() {
      first.destroy();
      wipe(sk);
      sent.values().forEach(Dkls23Sign::wipe);
    }
  }

  /** r = x(R) mod n, from the compressed encoding (public). */
  private Scalar xCoordinate(GroupElement point) {
    byte[] encoded = point.encode();
    return field.fromBigInteger(new BigInteger(1, Arrays.copyOfRange(encoded, 1, 33)));
  }

  /** Waits for every signer's (u, w); combines, normalizes, verifies. */
  private final class Round3 extends AbstractRound<EcdsaSignature> {
    private final Scalar rX;
    private final Scalar u;
    private final Scalar w;

    Round3(Scalar rX, Scalar u, Scalar w) {
      super(3, RoundKind.BROADCAST, others);
      this.rX = rX;
      this.u = u;
      this.w = w;
    }

    @Override
    public RoundOutcome<EcdsaSignature> finish(Map<PartyId, byte[]> received, SecureRandom rng) {
      Scalar sumU = u.add(field.zero());
      Scalar sumW = w.add(field.zero());
      List<PartyId> culprits = new ArrayList<>();
      int len = group.scalarLength();
      for (Map.Entry<PartyId, byte[]> entry : received.entrySet()) {
        byte[] m = entry.getValue();
        try {
          if (m.length != 2 * len) {
            throw new InvalidEncodingException("round 3 message has the wrong length");
          }
          sumU = sumU.add(group.decodeScalar(Arrays.copyOf(m, len)));
          sumW = sumW.add(group.decodeScalar(Arrays.copyOfRange(m, len, 2 * len)));
        } catch (InvalidEncodingException e) {
          culprits.add(entry.getKey());
        }
      }
      destroy();
      if (!culprits.isEmpty()) {
        return new RoundOutcome.Abort<>(new ProtocolAbort(culprits,
            "malformed round 3 message"));
      }
      if (sumU.isZero()) {
        return new RoundOutcome.Abort<>(new ProtocolAbort(List.copyOf(others),
            "the combined denominator is zero"));
      }
      Scalar s = sumW.mul(sumU.invert());
      try {
        return new RoundOutcome.Done<>(Ecdsa.finish((Secp256k1Point) share.publicKey(), digest,
            rX, s));
      } catch (InvalidSignatureException e) {
        return new RoundOutcome.Abort<>(new ProtocolAbort(List.copyOf(others),
            "the combined signature does not verify: " + e.getMessage()));
      }
    }

    @Override
    public void destroy() {
      wipe(u, w);
    }
  }
}
