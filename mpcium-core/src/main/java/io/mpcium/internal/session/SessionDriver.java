package io.mpcium.internal.session;

import io.mpcium.NodeIdentity;
import io.mpcium.PartyId;
import io.mpcium.Scheduler;
import io.mpcium.internal.codec.MalformedMessageException;
import io.mpcium.internal.security.EnvelopeRejectedException;
import io.mpcium.internal.security.EnvelopeSealer;
import io.mpcium.protocol.Outgoing;
import io.mpcium.protocol.Protocol;
import io.mpcium.protocol.ProtocolAbort;
import io.mpcium.protocol.Round;
import io.mpcium.protocol.RoundKind;
import io.mpcium.protocol.RoundOutcome;
import io.mpcium.protocol.SessionTimeoutException;
import io.mpcium.spi.Envelope;
import io.mpcium.spi.PeerInfo;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one party's protocol session: the only place where a protocol meets the network, the
 * clock and the scheduler.
 *
 * <p>For every incoming envelope it checks, before any cryptography: that the sender is a
 * participant, that the round is the current or the next one, and that the sender has not sent
 * for that round already (a byte-identical repeat is dropped; a different, validly signed second
 * message is blamed on its sender). Then it authenticates (signature, receiver, decryption),
 * buffers messages that arrived early, and hands the current round exactly one payload per
 * expected sender. A message that breaks a rule is blamed on its sender only when the sender's
 * signature proves it sent it; a signature made by another participant is blamed on that one. After a broadcast round, the next round's envelopes carry each sender's view of that
 * broadcast ({@link EchoView}); views are compared before the next round runs, and a difference
 * is blamed on the equivocating broadcaster (proved by its signature) or on the false echoer.
 * Each round has a deadline on the injected clock; a missed deadline ends the session naming the
 * parties that did not answer.
 *
 * <p>Thread-safe: incoming envelopes, timer callbacks and start are serialized on this object.
 * The result future is completed outside the lock, exactly once, and the session then removes
 * itself through {@code onEnd}.
 */
public final class SessionDriver<R> {
  private static final Logger log = LoggerFactory.getLogger(SessionDriver.class);

  /**
   * Protocol name of the notice a node sends to the other participants when it declines a
   * proposed session or its run of the session aborts, so that they stop at once instead of
   * waiting for a timeout.
   */
  public static final String NOTICE = "mpcium/abort";

  private final SessionContext context;
  private final Protocol<R> protocol;
  private final EnvelopeSealer sealer;
  private final Network network;
  private final Scheduler scheduler;
  private final Clock clock;
  private final Duration roundTimeout;
  private final SecureRandom rng;
  private final Consumer<SessionDriver<?>> onEnd;
  private final CompletableFuture<R> result = new CompletableFuture<>();

  private Round<R> current;
  private boolean ended;
  /** Digests of the envelopes accepted, by round and sender, to tell repeats from equivocation. */
  private final Map<Integer, Map<PartyId, byte[]>> seen = new HashMap<>();
  /** Authenticated envelopes and plaintexts by round, then sender; includes one round ahead. */
  private final Map<Integer, Map<PartyId, Opened>> inbox = new HashMap<>();
  /** This party's own broadcast of the last round it sent, for echo comparison. */
  private Envelope ownBroadcast;
  /** The full view of the previous round if it was a broadcast round, else null. */
  private Map<PartyId, Envelope> previousBroadcastView;
  private Instant deadline;
  private Scheduler.Cancellable timer = () -> { };

  /** Sends an envelope to one party. */
  @FunctionalInterface
  public interface Network {
    void send(PartyId to, Envelope envelope) throws Exception;
  }

  private record Opened(Envelope envelope, byte[] plaintext) { }

  public SessionDriver(
      SessionContext context,
      Protocol<R> protocol,
      EnvelopeSealer sealer,
      Network network,
      Scheduler scheduler,
      Clock clock,
      Duration roundTimeout,
      SecureRandom rng,
      Consumer<SessionDriver<?>> onEnd) {
    this.context = context;
    this.protocol = protocol;
    this.sealer = sealer;
    this.network = network;
    this.scheduler = scheduler;
    this.clock = clock;
    this.roundTimeout = roundTimeout;
    this.rng = rng;
    this.onEnd = onEnd;
  }

  public SessionContext context() {
    return context;
  }

  /** Completes with the protocol's result, or exceptionally with a {@link ProtocolAbort}. */
  public CompletableFuture<R> result() {
    return result;
  }

  /** Runs the protocol's first step and sends its messages. */
  public void start() {
    Runnable completion;
    synchronized (this) {
      if (ended) {
        return;
      }
      completion = advance(runSafely(() -> protocol.start(rng)));
    }
    completion.run();
  }

  /** Hands the session an envelope whose session id matches. */
  public void deliver(Envelope envelope) {
    Runnable completion;
    synchronized (this) {
      if (ended) {
        return;
      }
      completion = accept(envelope);
    }
    completion.run();
  }

  /** Ends the session from outside (for example when a participant refused it). */
  public void abort(ProtocolAbort reason) {
    Runnable completion;
    synchronized (this) {
      if (ended) {
        return;
      }
      completion = end(new RoundOutcome.Abort<>(reason));
    }
    completion.run();
  }

  // ---------------------------------------------------------------- incoming

  private Runnable accept(Envelope envelope) {
    PartyId from = envelope.from();
    if (from.equals(context.self()) || !context.participants().containsKey(from)) {
      log.warn("session {}: dropped an envelope claiming to be from non-participant {}",
          context.shortId(), from);
      return () -> { };
    }
    if (envelope.protocol().equals(NOTICE)) {
      return noticed(envelope);
    }
    if (!envelope.protocol().equals(protocol.name())) {
      return authenticatedAbort(envelope, "sent a message for protocol '"
          + envelope.protocol() + "' into a " + protocol.name() + " session");
    }
    int round = envelope.round();
    int now = current.number();
    if (round > now + 1 || round < 1) {
      return authenticatedAbort(envelope, "sent a message for round " + round
          + " while the session is in round " + now);
    }
    byte[] digest = Envelope.sha256(envelope.encode());
    byte[] earlier = seen.getOrDefault(round, Map.of()).get(from);
    if (earlier != null) {
      if (MessageDigest.isEqual(earlier, digest)) {
        // A byte-identical copy: the network repeated it (or an attacker replayed it). It adds
        // nothing and proves nothing against the sender, so it is dropped.
        log.debug("session {}: dropped a repeated round {} envelope from {}", context.shortId(),
            round, from);
        return () -> { };
      }
      return authenticatedAbort(envelope, "sent two different messages for round " + round);
    }
    if (round < now) {
      // Every round waits for every sender, so a first message for an ended round is impossible.
      return authenticatedAbort(envelope, "sent a message for round " + round
          + " after the round ended");
    }
    Opened opened;
    try {
      opened = new Opened(envelope, sealer.open(envelope).plaintext());
    } catch (EnvelopeRejectedException e) {
      return rejected(envelope, e);
    }
    seen.computeIfAbsent(round, r -> new HashMap<>()).put(from, digest);
    inbox.computeIfAbsent(round, r -> new TreeMap<>()).put(from, opened);
    return tryFinishRound();
  }

  /** A participant declined to take part or aborted: the session cannot complete. */
  private Runnable noticed(Envelope envelope) {
    PeerInfo sender = context.participants().get(envelope.from());
    if (!envelope.isBroadcast() || envelope.round() != 0 || !NodeIdentity.verify(
        sender.signingKey(), envelope.signedBytes(), envelope.signature())) {
      return attributeForgery(envelope);
    }
    AbortNotice notice;
    try {
      notice = AbortNotice.decode(envelope.payload());
    } catch (MalformedMessageException e) {
      return end(abort(envelope.from(), "sent a malformed abort notice"), false);
    }
    if (notice.refused()) {
      return end(abort(envelope.from(), "refused to take part: " + notice.reason()), false);
    }
    // The sender's blame is its claim, not proof: it is reported, but only the sender is named.
    return end(abort(envelope.from(), "aborted the session"
        + (notice.culprits().isEmpty() ? "" : ", blaming " + notice.culprits())
        + ": " + notice.reason()), false);
  }

  /**
   * A message that is wrong for its header alone is blamed on its sender only once its signature
   * shows the sender really sent it; otherwise an outsider could have the honest party blamed.
   */
  private Runnable authenticatedAbort(Envelope envelope, String check) {
    PeerInfo sender = context.participants().get(envelope.from());
    if (NodeIdentity.verify(sender.signingKey(), envelope.signedBytes(), envelope.signature())) {
      return end(abort(envelope.from(), check));
    }
    return attributeForgery(envelope);
  }

  private Runnable rejected(Envelope envelope, EnvelopeRejectedException e) {
    PeerInfo sender = context.participants().get(envelope.from());
    if (NodeIdentity.verify(sender.signingKey(), envelope.signedBytes(), envelope.signature())) {
      // Signed by its sender but not openable by us: the sender sent garbage or misaddressed it.
      return end(abort(envelope.from(), e.reason()));
    }
    return attributeForgery(envelope);
  }

  /** A signature that does not match the claimed sender: find which participant made it. */
  private Runnable attributeForgery(Envelope envelope) {
    byte[] signed = envelope.signedBytes();
    for (PeerInfo peer : context.participants().values()) {
      if (!peer.id().equals(envelope.from()) && !peer.id().equals(context.self())
          && NodeIdentity.verify(peer.signingKey(), signed, envelope.signature())) {
        return end(abort(peer.id(), "signed a message that claims to come from "
            + envelope.from()));
      }
    }
    log.warn("session {}: dropped an envelope claiming to be from {} with a signature no "
        + "participant made", context.shortId(), envelope.from());
    return () -> { };
  }

  private Runnable tryFinishRound() {
    Runnable completion = () -> { };
    while (!ended) {
      Map<PartyId, Opened> received = inbox.getOrDefault(current.number(), Map.of());
      if (!received.keySet().containsAll(current.senders())) {
        return completion;
      }
      List<PartyId> wrongKind = new ArrayList<>();
      received.forEach((party, opened) -> {
        if (opened.envelope().isBroadcast() != (current.kind() == RoundKind.BROADCAST)) {
          wrongKind.add(party);
        }
      });
      if (!wrongKind.isEmpty()) {
        return end(new RoundOutcome.Abort<>(new ProtocolAbort(wrongKind, "sent a "
            + (current.kind() == RoundKind.BROADCAST ? "direct" : "broadcast") + " message in round "
            + current.number() + ", which expects the other kind")));
      }
      Optional<ProtocolAbort> echoFailure = checkEchoes(received);
      if (echoFailure.isPresent()) {
        return end(new RoundOutcome.Abort<>(echoFailure.get()));
      }
      Map<PartyId, byte[]> payloads = new TreeMap<>();
      received.forEach((party, opened) -> payloads.put(party, opened.plaintext()));
      if (current.kind() == RoundKind.BROADCAST) {
        Map<PartyId, Envelope> view = new TreeMap<>();
        received.forEach((party, opened) -> view.put(party, opened.envelope()));
        view.put(context.self(), ownBroadcast);
        previousBroadcastView = view;
      } else {
        previousBroadcastView = null;
      }
      inbox.remove(current.number() - 1);
      completion = advance(runSafely(() -> current.finish(payloads, rng)));
    }
    return completion;
  }

  /** Compares every sender's echo of the previous broadcast round with this party's view. */
  private Optional<ProtocolAbort> checkEchoes(Map<PartyId, Opened> received) {
    List<ProtocolAbort> failures = new ArrayList<>();
    for (Opened opened : received.values()) {
      PartyId echoer = opened.envelope().from();
      byte[] echo = opened.envelope().echo();
      if (previousBroadcastView == null) {
        if (echo.length != 0) {
          failures.add(new ProtocolAbort(echoer, "sent an echo after a round that was not a "
              + "broadcast"));
        }
        continue;
      }
      EchoView view;
      try {
        view = EchoView.decode(echo, context.participants().size());
      } catch (MalformedMessageException e) {
        failures.add(new ProtocolAbort(echoer, "sent a malformed echo: " + e.getMessage()));
        continue;
      }
      if (!view.entries().keySet().equals(context.participants().keySet())) {
        failures.add(new ProtocolAbort(echoer, "sent an echo that does not cover every "
            + "participant"));
        continue;
      }
      int echoedRound = current.number() - 1;
      for (Map.Entry<PartyId, EchoView.Entry> entry : view.entries().entrySet()) {
        PartyId broadcaster = entry.getKey();
        Envelope mine = previousBroadcastView.get(broadcaster);
        if (EchoView.entryOf(mine).sameContent(entry.getValue())) {
          continue;
        }
        byte[] header = Envelope.header(protocol.name(), context.sessionId(), echoedRound,
            broadcaster, Optional.empty());
        boolean signedByBroadcaster = EnvelopeSealer.verifyEchoEvidence(
            context.participants().get(broadcaster), header, entry.getValue().echoHash(),
            entry.getValue().payloadHash(), entry.getValue().signature());
        failures.add(signedByBroadcaster
            ? new ProtocolAbort(broadcaster, "equivocated: sent different round "
                + echoedRound + " broadcasts to different parties")
            : new ProtocolAbort(echoer, "echoed a round " + echoedRound + " broadcast that "
                + broadcaster + " did not sign"));
      }
    }
    if (failures.isEmpty()) {
      return Optional.empty();
    }
    TreeSet<PartyId> culprits = new TreeSet<>();
    failures.forEach(f -> culprits.addAll(f.culprits()));
    String checks = failures.get(0).check();
    return Optional.of(new ProtocolAbort(List.copyOf(culprits), checks));
  }

  // ---------------------------------------------------------------- outgoing

  private Runnable advance(RoundOutcome<R> outcome) {
    if (!(outcome instanceof RoundOutcome.Next<R> next)) {
      return end(outcome);
    }
    Round<R> nextRound = next.next();
    byte[] echo = previousBroadcastView == null ? new byte[0]
        : EchoView.of(previousBroadcastView).encode();
    ownBroadcast = null;
    try {
      for (Outgoing message : next.outgoing()) {
        send(nextRound.number(), echo, message);
      }
    } catch (Exception e) {
      return end(new RoundOutcome.Abort<>(new ProtocolAbort(List.of(),
          "could not send round " + nextRound.number() + " messages: " + e.getMessage())));
    }
    current = nextRound;
    armTimer();
    return () -> { };
  }

  private void send(int round, byte[] echo, Outgoing message) throws Exception {
    if (message.to().isEmpty()) {
      Envelope envelope = sealer.sealBroadcast(protocol.name(), context.sessionId(), round, echo,
          message.payload());
      ownBroadcast = envelope;
      for (PartyId peer : context.participants().keySet()) {
        if (!peer.equals(context.self())) {
          network.send(peer, envelope);
        }
      }
    } else {
      PartyId to = message.to().get();
      if (!context.participants().containsKey(to) || to.equals(context.self())) {
        throw new IllegalStateException("protocol addressed a message to " + to);
      }
      network.send(to, sealer.sealDirect(protocol.name(), context.sessionId(), round, to, echo,
          message.payload()));
    }
  }

  // ---------------------------------------------------------------- time and ending

  private void armTimer() {
    timer.cancel();
    deadline = clock.instant().plus(roundTimeout);
    int round = current.number();
    timer = scheduler.schedule(roundTimeout, () -> onTimer(round));
  }

  private void onTimer(int round) {
    Runnable completion;
    synchronized (this) {
      if (ended || current.number() != round) {
        return;
      }
      Duration remaining = Duration.between(clock.instant(), deadline);
      if (!remaining.isNegative() && !remaining.isZero()) {
        timer = scheduler.schedule(remaining, () -> onTimer(round));
        return;
      }
      TreeSet<PartyId> silent = new TreeSet<>(current.senders());
      silent.removeAll(inbox.getOrDefault(round, Map.of()).keySet());
      completion = end(new RoundOutcome.Abort<>(
          new SessionTimeoutException(List.copyOf(silent), round)));
    }
    completion.run();
  }

  private Runnable end(RoundOutcome<R> outcome) {
    return end(outcome, true);
  }

  /** Ends the session; a local abort is announced to the other participants if {@code notify}. */
  private Runnable end(RoundOutcome<R> outcome, boolean notify) {
    ended = true;
    if (notify && outcome instanceof RoundOutcome.Abort<R> abort) {
      announce(abort.reason());
    }
    timer.cancel();
    if (current != null && !(outcome instanceof RoundOutcome.Done)) {
      current.destroy();
    }
    current = null;
    inbox.clear();
    seen.clear();
    previousBroadcastView = null;
    ownBroadcast = null;
    // Removed from its router while still holding this lock (the router never calls a session
    // under its own lock), so a session that has ended is never seen as active.
    onEnd.accept(this);
    return () -> {
      if (outcome instanceof RoundOutcome.Done<R> done) {
        result.complete(done.result());
      } else if (outcome instanceof RoundOutcome.Abort<R> abort) {
        log.info("session {} ({}) aborted: {}", context.shortId(), protocol.name(),
            abort.reason().getMessage());
        result.completeExceptionally(abort.reason());
      }
    };
  }

  private void announce(ProtocolAbort reason) {
    byte[] payload = AbortNotice.aborted(reason.culprits(), reason.check()).encode();
    Envelope notice = sealer.sealBroadcast(NOTICE, context.sessionId(), 0, new byte[0], payload);
    for (PartyId peer : context.participants().keySet()) {
      if (!peer.equals(context.self())) {
        try {
          network.send(peer, notice);
        } catch (Exception e) {
          log.debug("session {}: could not tell {} about the abort: {}", context.shortId(), peer,
              e.getMessage());
        }
      }
    }
  }

  /** A bug in a round must end the session with its cause, not leave it hanging. */
  private RoundOutcome<R> runSafely(java.util.function.Supplier<RoundOutcome<R>> step) {
    try {
      return step.get();
    } catch (RuntimeException e) {
      log.error("session {} ({}): a protocol step failed", context.shortId(), protocol.name(), e);
      return new RoundOutcome.Abort<>(new ProtocolAbort(List.of(),
          "internal error in " + protocol.name() + ": " + e.getClass().getSimpleName()));
    }
  }

  private static <R> RoundOutcome<R> abort(PartyId culprit, String check) {
    return new RoundOutcome.Abort<>(new ProtocolAbort(culprit, check));
  }
}
