package io.mpcium.protocol.dkls23;

import io.mpcium.PartyId;
import io.mpcium.internal.codec.MalformedMessageException;
import io.mpcium.protocol.dkg.DkgExtension;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The DKLs23 pairwise setup as a {@link DkgExtension}: to each peer a party sends its {@link
 * EndemicOt} sender point (for the pair where it will be the multiplication receiver), its 256
 * endemic-OT receiver messages with random choice bits {@code Δ} (for the pair where it will be
 * the multiplication sender) and its zero-sharing seed contribution. Receiving completes both
 * base-OT batches. Used by key generation and, among the new committee, by resharing; every hash
 * binds the session id and the pair's positions in {@code participants}.
 *
 * <p>One instance per party and session; not thread-safe. Per-session secrets are wiped as soon
 * as a peer's setup completes, and everything by {@link #destroy()}.
 */
final class Dkls23Pairing implements DkgExtension {
  private final byte[] sessionId;
  private final PartyId self;
  private final List<PartyId> participants;
  private final EndemicOt.Suite suite = EndemicOt.Suite.SECP256K1;
  private final Map<PartyId, EndemicOt.Sender> senders = new HashMap<>();
  private final Map<PartyId, EndemicOt.Receiver> receivers = new HashMap<>();
  private final Map<PartyId, byte[]> zeroShares = new HashMap<>();
  private final Map<PartyId, PairwiseSetup> done = new TreeMap<>();

  Dkls23Pairing(byte[] sessionId, PartyId self, List<PartyId> participants) {
    this.sessionId = sessionId.clone();
    this.self = self;
    this.participants = List.copyOf(participants);
  }

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

  /** The completed setups by peer; the caller owns them afterwards. */
  Map<PartyId, PairwiseSetup> take() {
    Map<PartyId, PairwiseSetup> taken = new TreeMap<>(done);
    done.clear();
    return taken;
  }

  private int index(PartyId party) {
    return participants.indexOf(party) + 1;
  }

  /** The base-OT batch where {@code sender} is the base-OT sender (OT-extension receiver). */
  private byte[] baseOtContext(PartyId sender, PartyId receiver) {
    return TaggedHash.of("mpcium/dkls23/ot/base/context/v1").bytes(sessionId)
        .u32(index(sender)).u32(index(receiver)).digest();
  }
}
