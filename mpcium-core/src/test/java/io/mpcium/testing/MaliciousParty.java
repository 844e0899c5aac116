package io.mpcium.testing;

import io.mpcium.NodeIdentity;
import io.mpcium.PartyId;
import io.mpcium.inmemory.InMemoryTransport;
import io.mpcium.internal.codec.MalformedMessageException;
import io.mpcium.internal.security.EnvelopeRejectedException;
import io.mpcium.internal.security.EnvelopeSealer;
import io.mpcium.internal.security.PeerKeyException;
import io.mpcium.spi.Envelope;
import io.mpcium.spi.TransportException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The malicious-party harness: a {@link TestCluster}'s frame interceptor that rewrites the frames
 * one compromised node sends in one protocol by a {@link Misbehaviour}, while the real nodes
 * (their session drivers, envelope checks and culprit naming) run unchanged.
 *
 * <p>Use: build the cluster with this as its interceptor and {@link ManualTime}, {@link #bind}
 * it, {@link #attack} a protocol, start an operation at an honest node and {@link #drive} it:
 * delayed frames are let go when the network is quiet and time moves past the round timeout only
 * when nothing else can happen, so every run ends (a result or a named abort) without sleeping.
 *
 * <p>A rule that changes a message re-signs it with the malicious node's identity; to change a
 * point-to-point payload it reads the plaintext with the receiver's keys (the plaintext is the
 * malicious node's own, which it knows) and re-encrypts it with its own. Every payload it sends
 * in the attacked protocol is recorded, so it can replay messages from another round or
 * session. Thread-safe.
 */
public final class MaliciousParty implements InMemoryTransport.FrameInterceptor {
  private static final HexFormat HEX = HexFormat.of();

  private final PartyId self;
  private final PartyId victim;
  private final SecureRandom rng = new SecureRandom();
  private final ThreadLocal<Boolean> releasing = ThreadLocal.withInitial(() -> false);
  private final Map<PartyId, EnvelopeSealer> sealers = new ConcurrentHashMap<>();
  /** Plaintexts this party sent in the attacked protocol: session/round/receiver to payload. */
  private final Map<String, byte[]> sent = new ConcurrentHashMap<>();
  private volatile TestCluster cluster;
  private volatile String protocol = "";
  private volatile Misbehaviour rule;

  // Guarded by this.
  private int inFlight;
  private int altered;
  private final List<Held> held = new ArrayList<>();
  private final Map<PartyId, Held> reordered = new LinkedHashMap<>();

  private record Held(PartyId from, PartyId to, byte[] frame) { }

  /**
   * @param self the compromised node
   * @param victim the honest node that gets the odd message of an equivocation
   */
  public MaliciousParty(PartyId self, PartyId victim) {
    this.self = self;
    this.victim = victim;
  }

  public PartyId self() {
    return self;
  }

  /** Gives the harness the cluster's identities, to sign and seal as its nodes. */
  public void bind(TestCluster cluster) {
    this.cluster = cluster;
    cluster.transport().afterEachFrame(this::handled);
  }

  /**
   * From now on, applies {@code misbehaviour} to this party's frames of {@code protocolName}
   * (null: send honestly, but still record what is sent).
   */
  public void attack(String protocolName, Misbehaviour misbehaviour) {
    synchronized (this) {
      altered = 0;
    }
    this.protocol = protocolName;
    this.rule = misbehaviour;
  }

  /** How many frames the rule changed, dropped, held or added since {@link #attack}. */
  public synchronized int altered() {
    return altered;
  }

  @Override
  public List<byte[]> intercept(PartyId from, PartyId to, byte[] frame) {
    List<byte[]> out = releasing.get() ? List.of(frame) : decide(from, to, frame);
    synchronized (this) {
      inFlight += out.size();
    }
    return out;
  }

  private synchronized void handled() {
    inFlight--;
    if (inFlight <= 0) {
      notifyAll();
    }
  }

  /**
   * Runs the network until {@code outcome} completes: when no frame is in flight, first lets
   * delayed frames go, else moves {@code time} forward by {@code step} (then lets frames delayed
   * beyond the timeout go). Fails, rather than hang, after {@code maxSteps} such moves or if
   * frames keep flowing for a minute.
   */
  public void drive(CompletableFuture<?> outcome, ManualTime time, Duration step, int maxSteps)
      throws InterruptedException {
    outcome.whenComplete((result, error) -> {
      synchronized (this) {
        notifyAll();
      }
    });
    for (int steps = 0; ; ) {
      awaitQuiet(outcome);
      if (outcome.isDone()) {
        break;
      }
      Misbehaviour current = rule;
      boolean beyond = current != null
          && current.kind() == Misbehaviour.Kind.DELAY_BEYOND_TIMEOUT;
      if (!beyond && release()) {
        continue;
      }
      if (steps++ == maxSteps) {
        throw new AssertionError("the operation did not end after " + maxSteps
            + " round timeouts: it hangs");
      }
      time.advance(step);
      release();
    }
    // Let the notices and acknowledgements that follow the outcome arrive.
    awaitQuiet(new CompletableFuture<>());
  }

  private void awaitQuiet(CompletableFuture<?> outcome) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    synchronized (this) {
      while (inFlight > 0 && !outcome.isDone()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(inFlight + " frames still in flight after a minute");
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
    }
  }

  /** Delivers every held frame; returns whether there was one. */
  private boolean release() {
    List<Held> frames;
    synchronized (this) {
      frames = new ArrayList<>(held);
      frames.addAll(reordered.values());
      held.clear();
      reordered.clear();
    }
    releasing.set(true);
    try {
      for (Held frame : frames) {
        try {
          cluster.transport().send(frame.from(), frame.to(), frame.frame());
        } catch (TransportException e) {
          // The receiver is gone: a late frame it no longer needs.
        }
      }
    } finally {
      releasing.set(false);
    }
    return !frames.isEmpty();
  }

  // ------------------------------------------------------------------ the rules

  private List<byte[]> decide(PartyId from, PartyId to, byte[] frame) {
    if (!from.equals(self)) {
      return List.of(frame);
    }
    Envelope envelope;
    try {
      envelope = Envelope.decode(frame);
    } catch (MalformedMessageException e) {
      return List.of(frame);
    }
    if (!envelope.protocol().equals(protocol) || envelope.round() < 1) {
      return List.of(frame);
    }
    byte[] plaintext = plaintext(envelope, to);
    String session = HEX.formatHex(envelope.sessionId());
    sent.put(key(session, envelope.round(), envelope.to()), plaintext);
    Misbehaviour current = rule;
    if (current == null) {
      return List.of(frame);
    }
    List<byte[]> out = apply(current, envelope, to, frame, plaintext, session);
    if (out.size() != 1 || out.get(0) != frame) {
      synchronized (this) {
        altered++;
      }
    }
    return out;
  }

  private List<byte[]> apply(Misbehaviour rule, Envelope envelope, PartyId to, byte[] frame,
      byte[] plaintext, String session) {
    int round = envelope.round();
    return switch (rule.kind()) {
      case DROP -> List.of();
      case DELAY, DELAY_BEYOND_TIMEOUT -> {
        synchronized (this) {
          held.add(new Held(self, to, frame));
        }
        yield List.of();
      }
      case DUPLICATE -> List.of(frame, frame);
      case REORDER -> {
        synchronized (this) {
          Held earlier = reordered.put(to, new Held(self, to, frame));
          yield earlier == null ? List.of() : List.of(earlier.frame());
        }
      }
      case REPLAY_OTHER_SESSION -> sent.entrySet().stream()
          .filter(e -> !e.getKey().startsWith(session)
              && e.getKey().endsWith(suffix(round, envelope.to())))
          .map(Map.Entry::getValue).findFirst()
          .map(old -> List.of(reseal(envelope, round, to, old))).orElse(List.of(frame));
      case REPLAY_OTHER_ROUND -> {
        byte[] previous = round == 1 ? null
            : sent.getOrDefault(key(session, round - 1, envelope.to()),
                sent.get(key(session, round - 1, Optional.empty())));
        yield previous == null ? List.of(frame)
            : List.of(reseal(envelope, round, to, previous));
      }
      case EQUIVOCATE -> envelope.isBroadcast() && to.equals(victim)
          ? List.of(reseal(envelope, round, to, flip(plaintext, Misbehaviour.Position.MIDDLE)))
          : List.of(frame);
      case MUTATE -> round != rule.round() ? List.of(frame)
          : List.of(reseal(envelope, round, to, flip(plaintext, rule.at())));
      case MISLABEL_ROUND -> List.of(reseal(envelope, round + 1, to, plaintext));
      case IMPERSONATE -> List.of(impersonate(envelope, to));
    };
  }

  private static String key(String session, int round, Optional<PartyId> to) {
    return session + suffix(round, to);
  }

  private static String suffix(int round, Optional<PartyId> to) {
    return "/" + round + "/" + to.map(PartyId::value).orElse("*");
  }

  private static byte[] flip(byte[] payload, Misbehaviour.Position at) {
    if (payload.length == 0) {
      return new byte[] {1};
    }
    byte[] changed = payload.clone();
    int index = switch (at) {
      case FIRST -> 0;
      case MIDDLE -> payload.length / 2;
      case LAST -> payload.length - 1;
    };
    changed[index] ^= 0x01;
    return changed;
  }

  /** The payload in clear: a broadcast's as is, a point-to-point one read with the receiver's keys. */
  private byte[] plaintext(Envelope envelope, PartyId to) {
    if (envelope.isBroadcast()) {
      return envelope.payload();
    }
    try {
      return sealer(to).open(envelope).plaintext();
    } catch (EnvelopeRejectedException e) {
      throw new AssertionError("the harness cannot read its own message", e);
    }
  }

  /** The same message with another round and payload, sealed and signed by this party. */
  private byte[] reseal(Envelope envelope, int round, PartyId to, byte[] payload) {
    EnvelopeSealer own = sealer(self);
    if (envelope.isBroadcast()) {
      return own.sealBroadcast(envelope.protocol(), envelope.sessionId(), round, envelope.echo(),
          payload).encode();
    }
    try {
      return own.sealDirect(envelope.protocol(), envelope.sessionId(), round, to,
          envelope.echo(), payload).encode();
    } catch (PeerKeyException e) {
      throw new AssertionError(e);
    }
  }

  /** The message claiming another node (not the receiver) as its sender, signed by this one. */
  private byte[] impersonate(Envelope envelope, PartyId to) {
    PartyId claimed = null;
    for (int i = 0; i < cluster.nodes().size(); i++) {
      PartyId candidate = TestCluster.party(i);
      if (!candidate.equals(self) && !candidate.equals(to)) {
        claimed = candidate;
        break;
      }
    }
    if (claimed == null) {
      throw new IllegalStateException("impersonation needs a third node");
    }
    Envelope unsigned = new Envelope(envelope.protocol(), envelope.sessionId(), envelope.round(),
        claimed, envelope.to(), envelope.echo(), envelope.payload(), new byte[64]);
    return new Envelope(unsigned.protocol(), unsigned.sessionId(), unsigned.round(),
        unsigned.from(), unsigned.to(), unsigned.echo(), unsigned.payload(),
        identity(self).sign(unsigned.signedBytes())).encode();
  }

  private EnvelopeSealer sealer(PartyId party) {
    return sealers.computeIfAbsent(party, p -> new EnvelopeSealer(identity(p),
        id -> cluster.registry().peer(id), rng));
  }

  private NodeIdentity identity(PartyId party) {
    for (int i = 0; i < cluster.nodes().size(); i++) {
      if (TestCluster.party(i).equals(party)) {
        return cluster.identity(i);
      }
    }
    throw new IllegalArgumentException("no node " + party);
  }
}
