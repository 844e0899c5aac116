package io.mpcium.protocol.dkls23;

import io.mpcium.PartyId;
import io.mpcium.internal.codec.MalformedMessageException;
import io.mpcium.protocol.Outgoing;
import io.mpcium.protocol.Protocol;
import io.mpcium.protocol.Round;
import io.mpcium.protocol.RoundKind;
import io.mpcium.protocol.RoundOutcome;
import io.mpcium.protocol.dkg.DkgExtension;
import io.mpcium.protocol.dkg.KeyShare;
import io.mpcium.protocol.dkg.PedersenDkg;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * DKLs23 key generation over secp256k1: the shared {@link PedersenDkg} (three rounds: commitments
 * and proofs of knowledge, encrypted shares, key confirmation) with the DKLs23 pairwise setup
 * carried in its point-to-point round. To each peer a party sends, besides its share: its
 * {@link EndemicOt} sender point (for the pair where it will be the multiplication receiver),
 * its 256 endemic-OT receiver messages with random choice bits {@code Δ} (for the pair where it
 * will be the multiplication sender) and its zero-sharing seed contribution. Receiving completes
 * both base-OT batches; the output is a {@link Dkls23KeyShare}.
 *
 * <p>Pure; one instance per party and session; not thread-safe. Every per-session secret (the
 * polynomial, OT scalars and choice bits) is wiped when the run ends or aborts.
 */
public final class Dkls23KeyGen implements Protocol<Dkls23KeyShare> {
  private final byte[] sessionId;
  private final PartyId self;
  private final List<PartyId> participants;
  private final PedersenDkg dkg;
  private final Setup setup = new Setup();

  /**
   * @param sessionId unique per key generation (bound into every hash and kept as the key id)
   * @param participants sorted and unique, including {@code self}
   * @param threshold signers needed, at least 2 (a 1-of-n key would be a plain key)
   */
  public Dkls23KeyGen(byte[] sessionId, PartyId self, List<PartyId> participants,
      int threshold) {
    if (threshold < 2) {
      throw new IllegalArgumentException("a DKLs23 key needs a threshold of at least 2, not "
          + threshold);
    }
    this.sessionId = sessionId.clone();
    this.self = self;
    this.participants = List.copyOf(participants);
    this.dkg = new PedersenDkg(Secp256k1DkgSuite.INSTANCE, sessionId, self, participants,
        threshold, setup);
  }

  @Override
  public String name() {
    return "dkls23-secp256k1/keygen";
  }

  @Override
  public RoundOutcome.Next<Dkls23KeyShare> start(SecureRandom rng) {
    RoundOutcome.Next<KeyShare> first = dkg.start(rng);
    return new RoundOutcome.Next<>(new Mapped(first.next()), first.outgoing());
  }

  private int index(PartyId party) {
    return participants.indexOf(party) + 1;
  }

  /** The base-OT batch where {@code sender} is the base-OT sender (OT-extension receiver). */
  private byte[] baseOtContext(PartyId sender, PartyId receiver) {
    return TaggedHash.of("mpcium/dkls23/ot/base/context/v1").bytes(sessionId)
        .u32(index(sender)).u32(index(receiver)).digest();
  }

  /** The pairwise setup, as a DKG extension. */
  private final class Setup implements DkgExtension {
    private final EndemicOt.Suite suite = EndemicOt.Suite.SECP256K1;
    private final Map<PartyId, EndemicOt.Sender> senders = new HashMap<>();
    private final Map<PartyId, EndemicOt.Receiver> receivers = new HashMap<>();
    private final Map<PartyId, byte[]> zeroShares = new HashMap<>();
    private final Map<PartyId, PairwiseSetup> done = new TreeMap<>();

    @Override
    public byte[] payloadFor(PartyId to, SecureRandom rng) {
      EndemicOt.Sender sender = EndemicOt.sender(suite, rng);
      EndemicOt.Receiver receiver = EndemicOt.receiver(suite, baseOtContext(to, self), rng);
      byte[] zero = new byte[PairwiseSetup.ZERO_SEED_BYTES];
      rng.nextBytes(zero);
      senders.put(to, sender);
      receivers.put(to, receiver);
      zeroShares.put(to, zero);
      byte[] out = new byte[payloadLength()];
      System.arraycopy(sender.message, 0, out, 0, sender.message.length);
      System.arraycopy(receiver.message, 0, out, sender.message.length, receiver.message.length);
      System.arraycopy(zero, 0, out, out.length - zero.length, zero.length);
      return out;
    }

    private int payloadLength() {
      return suite.group().elementLength() + suite.receiverMessageLength()
          + PairwiseSetup.ZERO_SEED_BYTES;
    }

    @Override
    public void accept(PartyId from, byte[] payload) throws MalformedMessageException {
      if (payload.length != payloadLength()) {
        throw new MalformedMessageException("pairwise setup has " + payload.length
            + " bytes, expected " + payloadLength());
      }
      int pointLength = suite.group().elementLength();
      byte[] theirSender = Arrays.copyOf(payload, pointLength);
      byte[] theirReceiver = Arrays.copyOfRange(payload, pointLength,
          pointLength + suite.receiverMessageLength());
      byte[] theirZero = Arrays.copyOfRange(payload, payload.length
          - PairwiseSetup.ZERO_SEED_BYTES, payload.length);
      EndemicOt.Receiver receiver = receivers.get(from);
      EndemicOt.Sender sender = senders.get(from);
      // as base-OT receiver (OT-extension sender): k_{Δ_i, i}
      byte[] chosen = EndemicOt.receiverKeys(suite, receiver, baseOtContext(from, self),
          theirSender);
      // as base-OT sender (OT-extension receiver): k0_i, k1_i
      byte[][] both = EndemicOt.senderKeys(suite, sender, baseOtContext(self, from),
          theirReceiver);
      boolean selfFirst = index(self) < index(from);
      byte[] mine = zeroShares.get(from);
      byte[] zeroSeed = TaggedHash.of("mpcium/dkls23/zero/seed/v1").bytes(sessionId)
          .u32(Math.min(index(self), index(from))).u32(Math.max(index(self), index(from)))
          .bytes(selfFirst ? mine : theirZero).bytes(selfFirst ? theirZero : mine).digest();
      done.put(from, new PairwiseSetup(receiver.choice, chosen, both[0], both[1], zeroSeed));
      Arrays.fill(chosen, (byte) 0);
      Arrays.fill(both[0], (byte) 0);
      Arrays.fill(both[1], (byte) 0);
      Arrays.fill(zeroSeed, (byte) 0);
      Arrays.fill(theirZero, (byte) 0);
      forget(from);
    }

    private void forget(PartyId peer) {
      EndemicOt.Sender sender = senders.remove(peer);
      if (sender != null) {
        sender.destroy();
      }
      EndemicOt.Receiver receiver = receivers.remove(peer);
      if (receiver != null) {
        receiver.destroy();
      }
      byte[] zero = zeroShares.remove(peer);
      if (zero != null) {
        Arrays.fill(zero, (byte) 0);
      }
    }

    @Override
    public void destroy() {
      for (PartyId peer : List.copyOf(senders.keySet())) {
        forget(peer);
      }
      done.values().forEach(PairwiseSetup::destroy);
      done.clear();
    }
  }

  /** A DKG round whose result becomes a {@link Dkls23KeyShare}. */
  private final class Mapped implements Round<Dkls23KeyShare> {
    private final Round<KeyShare> inner;

    Mapped(Round<KeyShare> inner) {
      this.inner = inner;
    }

    @Override
    public int number() {
      return inner.number();
    }

    @Override
    public RoundKind kind() {
      return inner.kind();
    }

    @Override
    public Set<PartyId> senders() {
      return inner.senders();
    }

    @Override
    public RoundOutcome<Dkls23KeyShare> finish(Map<PartyId, byte[]> received,
        SecureRandom rng) {
      RoundOutcome<KeyShare> outcome = inner.finish(received, rng);
      if (outcome instanceof RoundOutcome.Next<KeyShare> next) {
        List<Outgoing> outgoing = next.outgoing();
        return new RoundOutcome.Next<>(new Mapped(next.next()), outgoing);
      }
      if (outcome instanceof RoundOutcome.Done<KeyShare> done) {
        Dkls23KeyShare share = new Dkls23KeyShare(done.result(), sessionId, setup.done,
            List.of());
        setup.done.clear();
        return new RoundOutcome.Done<>(share);
      }
      setup.destroy();
      return new RoundOutcome.Abort<>(((RoundOutcome.Abort<KeyShare>) outcome).reason());
    }

    @Override
    public void destroy() {
      inner.destroy();
      setup.destroy();
    }
  }
}
