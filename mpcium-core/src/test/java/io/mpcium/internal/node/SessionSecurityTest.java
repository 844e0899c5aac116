package io.mpcium.internal.node;

import static io.mpcium.testing.TestCluster.party;
import static org.assertj.core.api.Assertions.assertThat;

import io.mpcium.Initiator;
import io.mpcium.KeyGenRequest;
import io.mpcium.KeyGenResult;
import io.mpcium.KeyScheme;
import io.mpcium.NodeIdentity;
import io.mpcium.PartyId;
import io.mpcium.internal.codec.MalformedMessageException;
import io.mpcium.internal.security.EnvelopeSealer;
import io.mpcium.internal.session.AbortNotice;
import io.mpcium.internal.session.SessionDriver;
import io.mpcium.protocol.ProtocolAbort;
import io.mpcium.protocol.SessionTimeoutException;
import io.mpcium.protocol.dkg.PedersenDkg;
import io.mpcium.protocol.frost.Ed25519Sha512;
import io.mpcium.spi.Envelope;
import io.mpcium.testing.ManualTime;
import io.mpcium.testing.TestCluster;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Envelope-level attacks against running nodes: duplicated, forged, equivocated and missing
 * messages, and proposals a coordinator was not authorized to make. Each must end the session
 * with the right culprit named.
 */
class SessionSecurityTest {
  private static final String DKG = "dkg/" + Ed25519Sha512.INSTANCE.contextString();
  private final SecureRandom rng = new SecureRandom();

  private static boolean dkgRound(Envelope e, int round) {
    return e.protocol().equals(DKG) && e.round() == round;
  }

  /** An envelope signed by {@code signer}'s key, whatever it claims. */
  private static Envelope signedBy(NodeIdentity signer, Envelope template, PartyId claimedFrom,
      byte[] payload) {
    Envelope unsigned = new Envelope(template.protocol(), template.sessionId(), template.round(),
        claimedFrom, template.to(), template.echo(), payload, new byte[64]);
    return new Envelope(unsigned.protocol(), unsigned.sessionId(), unsigned.round(),
        unsigned.from(), unsigned.to(), unsigned.echo(), unsigned.payload(),
        signer.sign(unsigned.signedBytes()));
  }

  private static String reasonOf(Envelope envelope) {
    try {
      AbortNotice notice = AbortNotice.decode(envelope.payload());
      assertThat(notice.refused()).isTrue();
      return notice.reason();
    } catch (MalformedMessageException e) {
      throw new AssertionError(e);
    }
  }

  private static ProtocolAbort abortOf(CompletableFuture<?> future) throws Exception {
    try {
      future.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      while (cause instanceof java.util.concurrent.CompletionException) {
        cause = cause.getCause();
      }
      assertThat(cause).isInstanceOf(ProtocolAbort.class);
      return (ProtocolAbort) cause;
    }
    throw new AssertionError("the session should have been aborted");
  }

  @Test
  void aRepeatedCopyOfAMessageIsDroppedAndTheSessionCompletes() throws Exception {
    Rules rules = new Rules();
    try (TestCluster cluster = new TestCluster(3, 2, Optional.empty(), rules)) {
      Map<PartyId, byte[]> firstRound = new ConcurrentHashMap<>();
      rules.rule = (from, to, envelope, frame) -> {
        if (to.equals(party(0)) && dkgRound(envelope, 1)) {
          firstRound.put(from, frame);
          return List.of(frame, frame); // the network duplicates it at once
        }
        if (from.equals(party(2)) && to.equals(party(0)) && dkgRound(envelope, 2)) {
          return List.of(firstRound.get(from), frame); // and replays it a round later
        }
        return List.of(frame);
      };

      KeyGenResult key = cluster.generate(0, "w").get(30, TimeUnit.SECONDS);
      assertThat(cluster.node(0).key("w", KeyScheme.ED25519).orElseThrow().publicKey())
          .isEqualTo(key.publicKey());
      assertThat(cluster.node(0).activeSessions()).isZero();
    }
  }

  @Test
  void aSecondDifferentMessageForARoundIsBlamedOnItsSender() throws Exception {
    Rules rules = new Rules();
    try (TestCluster cluster = new TestCluster(3, 2, Optional.empty(), rules)) {
      NodeIdentity node1 = cluster.identity(1);
      List<PartyId> parties = List.of(party(0), party(1), party(2));
      rules.rule = (from, to, envelope, frame) -> {
        if (from.equals(party(1)) && to.equals(party(0)) && dkgRound(envelope, 1)) {
          byte[] other = new PedersenDkg(Ed25519Sha512.INSTANCE, envelope.sessionId(), party(1),
              parties, 2).start(rng).outgoing().get(0).payload();
          return List.of(frame, signedBy(node1, envelope, party(1), other).encode());
        }
        return List.of(frame);
      };

      ProtocolAbort abort = abortOf(cluster.generate(0, "w"));
      assertThat(abort.culprits()).containsExactly(party(1));
      assertThat(abort.check()).contains("two different messages for round 1");
      assertThat(cluster.node(0).activeSessions()).isZero();
      assertThat(cluster.node(0).key("w", KeyScheme.ED25519)).isEmpty();
    }
  }

  @Test
  void aCopyFromAnEndedRoundThatDiffersIsBlamedOnItsSender() throws Exception {
    Rules rules = new Rules();
    try (TestCluster cluster = new TestCluster(3, 2, Optional.empty(), rules)) {
      NodeIdentity node2 = cluster.identity(2);
      List<PartyId> parties = List.of(party(0), party(1), party(2));
      rules.rule = (from, to, envelope, frame) -> {
        if (from.equals(party(2)) && to.equals(party(0)) && dkgRound(envelope, 2)) {
          Envelope template = new Envelope(envelope.protocol(), envelope.sessionId(), 1,
              party(2), Optional.empty(), new byte[0], new byte[0], new byte[64]);
          byte[] other = new PedersenDkg(Ed25519Sha512.INSTANCE, envelope.sessionId(), party(2),
              parties, 2).start(rng).outgoing().get(0).payload();
          return List.of(frame, signedBy(node2, template, party(2), other).encode());
        }
        return List.of(frame);
      };

      ProtocolAbort abort = abortOf(cluster.generate(0, "w"));
      assertThat(abort.culprits()).containsExactly(party(2));
      assertThat(abort.check()).contains("two different messages for round 1");
    }
  }

  @Test
  void aForgedSenderIsBlamedOnThePartyThatSignedIt() throws Exception {
    Rules rules = new Rules();
    try (TestCluster cluster = new TestCluster(3, 2, Optional.empty(), rules)) {
      NodeIdentity node2 = cluster.identity(2);
      rules.rule = (from, to, envelope, frame) -> {
        if (from.equals(party(2)) && to.equals(party(0)) && dkgRound(envelope, 1)) {
          return List.of(signedBy(node2, envelope, party(1), envelope.payload()).encode());
        }
        return List.of(frame);
      };

      ProtocolAbort abort = abortOf(cluster.generate(0, "w"));
      assertThat(abort.culprits()).containsExactly(party(2));
      assertThat(abort.check()).contains("claims to come from node1");
    }
  }

  @Test
  void aTamperedFrameFromNoParticipantIsDroppedAndTheSenderIsNamedWhenSilent() throws Exception {
    ManualTime time = new ManualTime();
    Rules rules = new Rules();
    try (TestCluster cluster = new TestCluster(3, 2, Optional.of(time), rules)) {
      rules.rule = (from, to, envelope, frame) -> {
        if (from.equals(party(2)) && to.equals(party(0)) && dkgRound(envelope, 1)) {
          byte[] changed = frame.clone();
          changed[changed.length - 70] ^= 1; // inside the payload: the signature breaks
          return List.of(changed);
        }
        return List.of(frame);
      };
      CompletableFuture<Void> node1Seen = cluster.transport().processed(
          (self, e) -> self.equals(party(0)) && e.from().equals(party(1)) && dkgRound(e, 1));
      CompletableFuture<Void> tamperedSeen = cluster.transport().processed(
          (self, e) -> self.equals(party(0)) && e.from().equals(party(2)) && dkgRound(e, 1));
      CompletableFuture<KeyGenResult> keygen = cluster.generate(0, "w");
      CompletableFuture.allOf(node1Seen, tamperedSeen).get(30, TimeUnit.SECONDS);
      assertThat(keygen).isNotDone();

      time.advance(Duration.ofSeconds(11));
      ProtocolAbort abort = abortOf(keygen);
      assertThat(abort).isInstanceOf(SessionTimeoutException.class);
      assertThat(abort.culprits()).containsExactly(party(2));
    }
  }

  @Test
  void anEquivocatedBroadcastIsBlamedOnTheEquivocator() throws Exception {
    Rules rules = new Rules();
    try (TestCluster cluster = new TestCluster(3, 2, Optional.empty(), rules)) {
      NodeIdentity node2 = cluster.identity(2);
      List<PartyId> parties = List.of(party(0), party(1), party(2));
      rules.rule = (from, to, envelope, frame) -> {
        if (from.equals(party(2)) && to.equals(party(0)) && dkgRound(envelope, 1)) {
          // A second, equally valid round 1 broadcast for the same session, sent only to node0.
          byte[] other = new PedersenDkg(Ed25519Sha512.INSTANCE, envelope.sessionId(), party(2),
              parties, 2).start(rng).outgoing().get(0).payload();
          return List.of(signedBy(node2, envelope, party(2), other).encode());
        }
        return List.of(frame);
      };

      ProtocolAbort abort = abortOf(cluster.generate(0, "w"));
      assertThat(abort.culprits()).containsExactly(party(2));
      assertThat(abort.check()).contains("equivocated");
    }
  }

  @Test
  void aFalseEchoIsBlamedOnTheEchoer() throws Exception {
    Rules rules = new Rules();
    try (TestCluster cluster = new TestCluster(3, 2, Optional.empty(), rules)) {
      NodeIdentity node1 = cluster.identity(1);
      rules.rule = (from, to, envelope, frame) -> {
        if (from.equals(party(1)) && to.equals(party(0)) && dkgRound(envelope, 2)) {
          // node1 claims node2 broadcast something else; it cannot produce node2's signature.
          byte[] echo = envelope.echo();
          echo[echo.length - 100] ^= 1; // a hash byte of the last entry, node2's
          Envelope lying = new Envelope(envelope.protocol(), envelope.sessionId(),
              envelope.round(), envelope.from(), envelope.to(), echo, envelope.payload(),
              new byte[64]);
          return List.of(new Envelope(lying.protocol(), lying.sessionId(), lying.round(),
              lying.from(), lying.to(), lying.echo(), lying.payload(),
              node1.sign(lying.signedBytes())).encode());
        }
        return List.of(frame);
      };

      ProtocolAbort abort = abortOf(cluster.generate(0, "w"));
      assertThat(abort.culprits()).containsExactly(party(1));
      assertThat(abort.check()).contains("did not sign");
    }
  }

  @Test
  void aSilentPartyMakesTheSessionTimeOutNamingIt() throws Exception {
    ManualTime time = new ManualTime();
    Rules rules = new Rules();
    try (TestCluster cluster = new TestCluster(3, 2, Optional.of(time), rules)) {
      rules.rule = (from, to, envelope, frame) ->
          from.equals(party(2)) && envelope.protocol().equals(DKG) ? List.of() : List.of(frame);
      CompletableFuture<Void> node0Ready = cluster.transport().processed(
          (self, e) -> self.equals(party(0)) && e.from().equals(party(1)) && dkgRound(e, 1));
      CompletableFuture<Void> node1Ready = cluster.transport().processed(
          (self, e) -> self.equals(party(1)) && e.from().equals(party(0)) && dkgRound(e, 1));

      CompletableFuture<KeyGenResult> keygen = cluster.generate(0, "w");
      CompletableFuture.allOf(node0Ready, node1Ready).get(30, TimeUnit.SECONDS);
      time.advance(Duration.ofSeconds(9));
      assertThat(keygen).isNotDone();

      // node1 ends either on its own timer (during advance) or on node0's abort notice (on a
      // transport thread, possibly after advance returns): wait until it has handled the notice.
      CompletableFuture<Void> node1Noticed = cluster.transport().processed(
          (self, e) -> self.equals(party(1)) && e.from().equals(party(0))
              && e.protocol().equals(SessionDriver.NOTICE));
      time.advance(Duration.ofSeconds(2));
      ProtocolAbort abort = abortOf(keygen);
      assertThat(abort).isInstanceOf(SessionTimeoutException.class);
      assertThat(abort.culprits()).containsExactly(party(2));
      assertThat(abort.getMessage()).contains("round 1");
      assertThat(cluster.node(0).activeSessions()).isZero();
      node1Noticed.get(30, TimeUnit.SECONDS);
      assertThat(cluster.node(1).activeSessions()).isZero();
    }
  }

  @Test
  void everyNodeRefusesAProposalTheInitiatorDidNotSign() throws Exception {
    Rules rules = new Rules();
    try (TestCluster cluster = new TestCluster(3, 2, Optional.empty(), rules)) {
      Map<PartyId, String> refusals = new ConcurrentHashMap<>();
      CompletableFuture<Void> bothRefused = new CompletableFuture<>();
      rules.rule = (from, to, envelope, frame) -> {
        if (envelope.protocol().equals(SessionDriver.NOTICE) && to.equals(party(0))) {
          refusals.put(from, reasonOf(envelope));
          if (refusals.size() == 2) {
            bothRefused.complete(null);
          }
        }
        return List.of(frame);
      };
      // node0 is compromised: it proposes a key generation with a signature of its own making.
      Initiator forger = Initiator.generateEd25519(rng);
      KeyGenRequest request = new KeyGenRequest("forged-1", "w", KeyScheme.ED25519);
      List<PartyId> parties = List.of(party(0), party(1), party(2));
      Proposal proposal = new Proposal(request, KeyScheme.ED25519, forger.sign(request.signingBytes()), parties,
          2, 1);
      byte[] sessionId = SessionIds.of(party(0), request, "keygen/ed25519", "ed25519:w", 1,
          parties, "");
      EnvelopeSealer node0 = new EnvelopeSealer(cluster.identity(0),
          id -> cluster.registry().peer(id), rng);
      Envelope invitation = node0.sealBroadcast(NodeRuntime.PROPOSE, sessionId, 0, new byte[0],
          proposal.encode());
      cluster.transport().send(party(0), party(1), invitation.encode());
      cluster.transport().send(party(0), party(2), invitation.encode());

      bothRefused.get(30, TimeUnit.SECONDS);
      assertThat(refusals).containsOnlyKeys(party(1), party(2));
      refusals.values().forEach(reason ->
          assertThat(reason).contains("forged-1").contains("signature does not verify"));
      assertThat(cluster.node(1).activeSessions()).isZero();
      assertThat(cluster.node(2).key("w", KeyScheme.ED25519)).isEmpty();
    }
  }

  @Test
  void aProposalWhoseSessionIdDoesNotMatchItsContentChangesNothing() throws Exception {
    Rules rules = new Rules();
    try (TestCluster cluster = new TestCluster(3, 2, Optional.empty(), rules)) {
      List<Envelope> notices = new java.util.concurrent.CopyOnWriteArrayList<>();
      rules.rule = (from, to, envelope, frame) -> {
        if (envelope.protocol().equals(SessionDriver.NOTICE)) {
          notices.add(envelope);
        }
        return List.of(frame);
      };
      KeyGenRequest request = cluster.keygenRequest("w");
      List<PartyId> parties = List.of(party(0), party(1), party(2));
      Proposal proposal = new Proposal(request, KeyScheme.ED25519,
          cluster.initiator().sign(request.signingBytes()), parties, 2, 1);
      // node2 replays node0's proposal content under a session id it does not derive from.
      byte[] node0Session = SessionIds.of(party(0), request, "keygen/ed25519", "ed25519:w", 1,
          parties, "");
      Function<PartyId, Optional<io.mpcium.spi.PeerInfo>> directory =
          id -> cluster.registry().peer(id);
      Envelope invitation = new EnvelopeSealer(cluster.identity(2), directory, rng)
          .sealBroadcast(NodeRuntime.PROPOSE, node0Session, 0, new byte[0], proposal.encode());
      CompletableFuture<Void> handled = cluster.transport().processed(
          (self, e) -> self.equals(party(1)) && e.protocol().equals(NodeRuntime.PROPOSE));
      cluster.transport().send(party(2), party(1), invitation.encode());
      handled.get(30, TimeUnit.SECONDS);

      assertThat(notices).isEmpty();
      assertThat(cluster.node(1).activeSessions()).isZero();
      // The request id was not spent either: the genuine proposal still works.
      KeyGenResult key = cluster.node(0).generateKey(request,
          cluster.initiator().sign(request.signingBytes())).get(30, TimeUnit.SECONDS).get(0);
      assertThat(key.participants()).isEqualTo(parties);
    }
  }

  @Test
  void aKeyGenerationThatLeavesANodeOutIsRefused() throws Exception {
    Rules rules = new Rules();
    try (TestCluster cluster = new TestCluster(3, 2, Optional.empty(), rules)) {
      CompletableFuture<String> refusal = new CompletableFuture<>();
      rules.rule = (from, to, envelope, frame) -> {
        if (envelope.protocol().equals(SessionDriver.NOTICE) && from.equals(party(1))) {
          refusal.complete(reasonOf(envelope));
        }
        return List.of(frame);
      };
      // node0 is compromised: it proposes an authorized key generation to node1 alone.
      KeyGenRequest request = cluster.keygenRequest("w");
      List<PartyId> twoOnly = List.of(party(0), party(1));
      Proposal proposal = new Proposal(request, KeyScheme.ED25519,
          cluster.initiator().sign(request.signingBytes()), twoOnly, 2, 1);
      byte[] sessionId = SessionIds.of(party(0), request, "keygen/ed25519", "ed25519:w", 1,
          twoOnly, "");
      Envelope invitation = new EnvelopeSealer(cluster.identity(0),
          id -> cluster.registry().peer(id), rng)
          .sealBroadcast(NodeRuntime.PROPOSE, sessionId, 0, new byte[0], proposal.encode());
      cluster.transport().send(party(0), party(1), invitation.encode());

      assertThat(refusal.get(30, TimeUnit.SECONDS)).contains("every registered node");
      assertThat(cluster.node(1).key("w", KeyScheme.ED25519)).isEmpty();
    }
  }
}
