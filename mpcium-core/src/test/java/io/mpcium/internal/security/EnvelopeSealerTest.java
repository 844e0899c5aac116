package io.mpcium.internal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mpcium.NodeIdentity;
import io.mpcium.PartyId;
import io.mpcium.internal.codec.ByteWriter;
import io.mpcium.spi.Envelope;
import io.mpcium.spi.PeerInfo;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EnvelopeSealerTest {
  private static final SecureRandom RNG = new SecureRandom();
  private static final PartyId A = PartyId.of("alice");
  private static final PartyId B = PartyId.of("bob");
  private static final PartyId C = PartyId.of("carol");
  private static final PartyId M = PartyId.of("mallory");
  private static final String PROTOCOL = "frost-sign";
  private static final byte[] PLAINTEXT =
      "secret share for bob: 0123456789abcdef".getBytes(StandardCharsets.UTF_8);

  private final Map<PartyId, PeerInfo> directory = new ConcurrentHashMap<>();
  private NodeIdentity alice;
  private NodeIdentity bob;
  private NodeIdentity carol;
  private NodeIdentity mallory;
  private EnvelopeSealer aliceSealer;
  private EnvelopeSealer bobSealer;
  private EnvelopeSealer carolSealer;
  private byte[] sessionId;

  @BeforeEach
  void setUp() {
    alice = NodeIdentity.generate(A, RNG);
    bob = NodeIdentity.generate(B, RNG);
    carol = NodeIdentity.generate(C, RNG);
    mallory = NodeIdentity.generate(M, RNG); // not in the directory
    for (NodeIdentity id : new NodeIdentity[] {alice, bob, carol}) {
      directory.put(id.id(), id.peerInfo());
    }
    aliceSealer = sealer(alice);
    bobSealer = sealer(bob);
    carolSealer = sealer(carol);
    sessionId = new byte[32];
    RNG.nextBytes(sessionId);
  }

  private EnvelopeSealer sealer(NodeIdentity self) {
    return new EnvelopeSealer(self, id -> Optional.ofNullable(directory.get(id)), RNG);
  }

  @Test
  void broadcastRoundTripsThroughTheWireEncoding() throws Exception {
    byte[] echo = {9, 9};
    byte[] payload = "commitments".getBytes(StandardCharsets.UTF_8);
    Envelope sealed = aliceSealer.sealBroadcast(PROTOCOL, sessionId, 1, echo, payload);

    assertThat(sealed.isBroadcast()).isTrue();
    assertThat(sealed.payload()).isEqualTo(payload);
    assertThat(NodeIdentity.verify(alice.peerInfo().signingKey(), sealed.signedBytes(),
        sealed.signature())).isTrue();

    Envelope received = Envelope.decode(sealed.encode());
    EnvelopeSealer.Opened byBob = bobSealer.open(received);
    EnvelopeSealer.Opened byCarol = carolSealer.open(received);
    assertThat(byBob.plaintext()).isEqualTo(payload);
    assertThat(byCarol.plaintext()).isEqualTo(payload);
    assertThat(byBob.envelope()).isEqualTo(sealed);
  }

  @Test
  void directRoundTripEncryptsToTheReceiverOnly() throws Exception {
    Envelope sealed = aliceSealer.sealDirect(PROTOCOL, sessionId, 2, B, new byte[0], PLAINTEXT);

    assertThat(sealed.to()).contains(B);
    assertThat(sealed.payload()).hasSize(12 + PLAINTEXT.length + 16);
    assertThat(indexOf(sealed.payload(), Arrays.copyOf(PLAINTEXT, 8))).isEqualTo(-1);
    Envelope received = Envelope.decode(sealed.encode());
    assertThat(bobSealer.open(received).plaintext()).isEqualTo(PLAINTEXT);

    EnvelopeRejectedException byCarol = reject(carolSealer, received);
    assertThat(byCarol).hasMessage("envelope from alice is addressed to bob, not to carol");
    assertThat(byCarol.claimedSender()).isEqualTo(A);
  }

  @Test
  void sameMessageTwiceUsesFreshNonces() throws Exception {
    Envelope one = aliceSealer.sealDirect(PROTOCOL, sessionId, 2, B, new byte[0], PLAINTEXT);
    Envelope two = aliceSealer.sealDirect(PROTOCOL, sessionId, 2, B, new byte[0], PLAINTEXT);
    assertThat(Arrays.copyOf(one.payload(), 12)).isNotEqualTo(Arrays.copyOf(two.payload(), 12));
    assertThat(one.payload()).isNotEqualTo(two.payload());
    assertThat(bobSealer.open(two).plaintext()).isEqualTo(PLAINTEXT);
  }

  @Test
  void payloadFollowsTheSpecifiedKeyDerivation() throws Exception {
    // Independent re-implementation: X25519 -> HKDF-SHA256(info) -> AES-256-GCM(header as AAD).
    Envelope sealed = aliceSealer.sealDirect(PROTOCOL, sessionId, 3, B, new byte[0], PLAINTEXT);
    byte[] shared = new byte[32];
    X25519.scalarMult(bob.exportAgreementKey(), 0, alice.peerInfo().agreementKey(), 0, shared, 0);
    byte[] info = new ByteWriter().string("mpcium/p2p/v1").string("alice").string("bob")
        .bytes(alice.peerInfo().agreementKey()).bytes(bob.peerInfo().agreementKey())
        .toByteArray();
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(shared, null, info));
    byte[] key = new byte[32];
    hkdf.generateBytes(key, 0, 32);

    byte[] payload = sealed.payload();
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
        new GCMParameterSpec(128, payload, 0, 12));
    cipher.updateAAD(Envelope.header(PROTOCOL, sessionId, 3, A, Optional.of(B)));
    assertThat(cipher.doFinal(payload, 12, payload.length - 12)).isEqualTo(PLAINTEXT);
  }

  @Test
  void anyFlippedBitInASignedFieldIsRejected() throws Exception {
    Envelope e = aliceSealer.sealDirect(PROTOCOL, sessionId, 4, B, new byte[] {7, 7}, PLAINTEXT);
    Envelope[] tampered = {
        envelope(e.protocol() + "x", e.sessionId(), e.round(), e.from(), e.to(), e.echo(),
            e.payload(), e.signature()),
        envelope(e.protocol(), flip(e.sessionId(), 5), e.round(), e.from(), e.to(), e.echo(),
            e.payload(), e.signature()),
        envelope(e.protocol(), e.sessionId(), e.round() + 1, e.from(), e.to(), e.echo(),
            e.payload(), e.signature()),
        envelope(e.protocol(), e.sessionId(), e.round(), e.from(), e.to(), flip(e.echo(), 1),
            e.payload(), e.signature()),
        envelope(e.protocol(), e.sessionId(), e.round(), e.from(), e.to(), new byte[0],
            e.payload(), e.signature()),
        envelope(e.protocol(), e.sessionId(), e.round(), e.from(), e.to(), e.echo(),
            flip(e.payload(), 0), e.signature()),
        envelope(e.protocol(), e.sessionId(), e.round(), e.from(), e.to(), e.echo(),
            flip(e.payload(), e.payload().length * 8 - 1), e.signature()),
        envelope(e.protocol(), e.sessionId(), e.round(), e.from(), e.to(), e.echo(),
            e.payload(), flip(e.signature(), 0)),
        envelope(e.protocol(), e.sessionId(), e.round(), e.from(), e.to(), e.echo(),
            e.payload(), flip(e.signature(), 511)),
    };
    for (Envelope t : tampered) {
      assertThat(reject(bobSealer, t)).hasMessage("bad signature from alice");
    }
    assertThat(bobSealer.open(e).plaintext()).isEqualTo(PLAINTEXT);
  }

  @Test
  void flippedBroadcastPayloadIsRejected() {
    Envelope e = aliceSealer.sealBroadcast(PROTOCOL, sessionId, 1, new byte[0], new byte[] {1});
    Envelope t = envelope(e.protocol(), e.sessionId(), e.round(), e.from(), e.to(), e.echo(),
        new byte[] {2}, e.signature());
    assertThat(reject(bobSealer, t)).hasMessage("bad signature from alice");
  }

  @Test
  void retargetedDirectEnvelopeIsRejected() throws Exception {
    Envelope toBob = aliceSealer.sealDirect(PROTOCOL, sessionId, 2, B, new byte[0], PLAINTEXT);

    // Delivered to carol unchanged: not addressed to her.
    assertThat(reject(carolSealer, toBob)).hasMessageContaining("addressed to bob");

    // "to" rewritten to carol, signature kept: the signature no longer covers the header.
    Envelope rewritten = envelope(PROTOCOL, sessionId, 2, A, Optional.of(C), toBob.echo(),
        toBob.payload(), toBob.signature());
    assertThat(reject(carolSealer, rewritten)).hasMessage("bad signature from alice");

    // Rewritten and re-signed by an attacker without alice's key.
    Envelope forged = resign(mallory, rewritten);
    assertThat(reject(carolSealer, forged)).hasMessage("bad signature from alice");

    // Even alice herself (valid signature) cannot redirect the ciphertext: the AES key is per
    // ordered pair and the header is associated data.
    Envelope resignedByAlice = resign(alice, rewritten);
    assertThat(reject(carolSealer, resignedByAlice))
        .hasMessage("payload from alice does not authenticate");
  }

  @Test
  void forgedSenderIsRejectedNamingTheClaimedSender() throws Exception {
    Envelope byAlice = aliceSealer.sealBroadcast(PROTOCOL, sessionId, 1, new byte[0], PLAINTEXT);
    Envelope claimsBob = resign(alice, envelope(PROTOCOL, sessionId, 1, B, Optional.empty(),
        byAlice.echo(), byAlice.payload(), byAlice.signature()));
    EnvelopeRejectedException rejected = reject(carolSealer, claimsBob);
    assertThat(rejected).hasMessage("bad signature from bob");
    assertThat(rejected.claimedSender()).isEqualTo(B);
    assertThat(rejected.reason()).isEqualTo("bad signature from bob");
  }

  @Test
  void unknownSenderIsRejected() throws Exception {
    EnvelopeSealer mallorySealer = sealer(mallory);
    Envelope e = mallorySealer.sealBroadcast(PROTOCOL, sessionId, 1, new byte[0], PLAINTEXT);
    EnvelopeRejectedException rejected = reject(bobSealer, e);
    assertThat(rejected).hasMessage("unknown sender mallory");
    assertThat(rejected.claimedSender()).isEqualTo(M);
    assertThatThrownBy(() -> mallorySealer.sealDirect(PROTOCOL, sessionId, 1, PartyId.of("dave"),
        new byte[0], PLAINTEXT))
        .isInstanceOf(PeerKeyException.class)
        .hasMessageContaining("unknown peer dave");
  }

  @Test
  void ciphertextReplayedIntoAnotherSessionOrRoundDoesNotAuthenticate() throws Exception {
    Envelope e = aliceSealer.sealDirect(PROTOCOL, sessionId, 2, B, new byte[0], PLAINTEXT);
    byte[] otherSession = flip(sessionId, 0);
    // Re-signed with alice's real key so that only the AEAD binding can catch it.
    Envelope replayed = resign(alice, envelope(PROTOCOL, otherSession, 2, A, Optional.of(B),
        e.echo(), e.payload(), e.signature()));
    assertThat(reject(bobSealer, replayed)).hasMessage("payload from alice does not authenticate");
    Envelope otherRound = resign(alice, envelope(PROTOCOL, sessionId, 3, A, Optional.of(B),
        e.echo(), e.payload(), e.signature()));
    assertThat(reject(bobSealer, otherRound))
        .hasMessage("payload from alice does not authenticate");
  }

  @Test
  void keysAreDirectional() throws Exception {
    // alice->bob ciphertext presented as bob->alice (validly signed by bob) does not open.
    Envelope e = aliceSealer.sealDirect(PROTOCOL, sessionId, 2, B, new byte[0], PLAINTEXT);
    Envelope reflected = resign(bob, envelope(PROTOCOL, sessionId, 2, B, Optional.of(A),
        e.echo(), e.payload(), e.signature()));
    assertThat(reject(aliceSealer, reflected)).hasMessage("payload from bob does not authenticate");
    // The genuine reverse direction works.
    Envelope back = bobSealer.sealDirect(PROTOCOL, sessionId, 2, A, new byte[0], PLAINTEXT);
    assertThat(aliceSealer.open(back).plaintext()).isEqualTo(PLAINTEXT);
  }

  @Test
  void truncatedCiphertextIsRejected() {
    Envelope e = resign(alice, new Envelope(PROTOCOL, sessionId, 2, A, Optional.of(B),
        new byte[0], new byte[27], new byte[64]));
    assertThat(reject(bobSealer, e))
        .hasMessageContaining("payload from alice does not authenticate");
  }

  @Test
  void x25519RunsOncePerPeer() throws Exception {
    for (int i = 0; i < 5; i++) {
      aliceSealer.sealDirect(PROTOCOL, sessionId, i, B, new byte[0], PLAINTEXT);
      aliceSealer.sealDirect(PROTOCOL, sessionId, i, C, new byte[0], PLAINTEXT);
    }
    assertThat(aliceSealer.agreementCount()).isEqualTo(2);
    for (int i = 0; i < 5; i++) {
      bobSealer.open(aliceSealer.sealDirect(PROTOCOL, sessionId, i, B, new byte[0], PLAINTEXT));
      aliceSealer.open(bobSealer.sealDirect(PROTOCOL, sessionId, i, A, new byte[0], PLAINTEXT));
    }
    assertThat(bobSealer.agreementCount()).isEqualTo(1);
    assertThat(aliceSealer.agreementCount()).isEqualTo(2);
  }

  @Test
  void rotatedPeerKeyIsDerivedAgain() throws Exception {
    bobSealer.open(aliceSealer.sealDirect(PROTOCOL, sessionId, 1, B, new byte[0], PLAINTEXT));
    NodeIdentity newBob = NodeIdentity.generate(B, RNG);
    directory.put(B, newBob.peerInfo());
    Envelope e = aliceSealer.sealDirect(PROTOCOL, sessionId, 1, B, new byte[0], PLAINTEXT);
    assertThat(aliceSealer.agreementCount()).isEqualTo(2);
    assertThat(sealer(newBob).open(e).plaintext()).isEqualTo(PLAINTEXT);
  }

  @Test
  void smallOrderAgreementKeyIsRefused() throws Exception {
    PartyId dave = PartyId.of("dave");
    NodeIdentity daveIdentity = NodeIdentity.generate(dave, RNG);
    // u = 0 is a small-order point: X25519 with it is all zero for every scalar.
    directory.put(dave, new PeerInfo(dave, daveIdentity.peerInfo().signingKey(), new byte[32]));
    assertThatThrownBy(() -> aliceSealer.sealDirect(PROTOCOL, sessionId, 1, dave, new byte[0],
        PLAINTEXT))
        .isInstanceOf(PeerKeyException.class)
        .hasMessage("peer dave has an unusable X25519 key (small-order point, all-zero shared"
            + " secret)")
        .satisfies(t -> assertThat(((PeerKeyException) t).peer()).isEqualTo(dave));
    Envelope fromDave =
        sealer(daveIdentity).sealDirect(PROTOCOL, sessionId, 1, A, new byte[0], PLAINTEXT);
    assertThat(reject(aliceSealer, fromDave)).hasMessageContaining("dave has an unusable X25519");
  }

  @Test
  void echoEvidenceVerifiesFromHashesAlone() throws Exception {
    byte[] echo = {1, 2, 3};
    Envelope e = aliceSealer.sealBroadcast(PROTOCOL, sessionId, 1, echo, PLAINTEXT);
    byte[] header = e.header();
    byte[] echoHash = Envelope.sha256(echo);
    byte[] payloadHash = Envelope.sha256(PLAINTEXT);
    PeerInfo a = alice.peerInfo();

    assertThat(EnvelopeSealer.verifyEchoEvidence(a, header, echoHash, payloadHash,
        e.signature())).isTrue();
    assertThat(EnvelopeSealer.verifyEchoEvidence(bob.peerInfo(), header, echoHash, payloadHash,
        e.signature())).isFalse();
    assertThat(EnvelopeSealer.verifyEchoEvidence(a, header, echoHash, flip(payloadHash, 3),
        e.signature())).isFalse();
    assertThat(EnvelopeSealer.verifyEchoEvidence(a, header, flip(echoHash, 3), payloadHash,
        e.signature())).isFalse();
    assertThat(EnvelopeSealer.verifyEchoEvidence(a, header, echoHash, payloadHash,
        flip(e.signature(), 9))).isFalse();
    assertThat(EnvelopeSealer.verifyEchoEvidence(a, Arrays.copyOf(header, 10), echoHash,
        payloadHash, e.signature())).isFalse();
    assertThat(EnvelopeSealer.verifyEchoEvidence(a, header, new byte[31], payloadHash,
        e.signature())).isFalse();
    assertThat(EnvelopeSealer.verifyEchoEvidence(null, header, echoHash, payloadHash,
        e.signature())).isFalse();

    // A header naming another sender is not evidence against alice, even if alice signed it.
    byte[] headerNamingBob = Envelope.header(PROTOCOL, sessionId, 1, B, Optional.empty());
    byte[] signedByAlice =
        alice.sign(Envelope.signedBytes(headerNamingBob, echoHash, payloadHash));
    assertThat(EnvelopeSealer.verifyEchoEvidence(a, headerNamingBob, echoHash, payloadHash,
        signedByAlice)).isFalse();
  }

  @Test
  void messagesAndToStringCarryNoSecrets() throws Exception {
    Envelope e = aliceSealer.sealDirect(PROTOCOL, sessionId, 2, B, new byte[0], PLAINTEXT);
    EnvelopeSealer.Opened opened = bobSealer.open(e);
    String plainText = new String(PLAINTEXT, StandardCharsets.UTF_8);
    assertThat(opened.toString()).doesNotContain(plainText).contains(PLAINTEXT.length + " bytes");
    Envelope tampered = resign(alice, envelope(PROTOCOL, flip(sessionId, 1), 2, A, Optional.of(B),
        e.echo(), e.payload(), e.signature()));
    String message = reject(bobSealer, tampered).getMessage();
    HexFormat hex = HexFormat.of();
    for (byte[] secret : new byte[][] {alice.exportAgreementKey(), bob.exportAgreementKey(),
        alice.exportSigningSeed(), PLAINTEXT}) {
      assertThat(message).doesNotContain(hex.formatHex(secret));
    }
    assertThat(message).doesNotContain(plainText);
    assertThat(aliceSealer.toString()).isEqualTo("EnvelopeSealer[alice, 1 peers keyed]");
  }

  @Test
  void destroyForgetsKeys() throws Exception {
    aliceSealer.sealDirect(PROTOCOL, sessionId, 2, B, new byte[0], PLAINTEXT);
    aliceSealer.destroy();
    assertThatThrownBy(() -> aliceSealer.sealDirect(PROTOCOL, sessionId, 2, B, new byte[0],
        PLAINTEXT)).isInstanceOf(IllegalStateException.class).hasMessageContaining("destroyed");
    assertThatThrownBy(() -> aliceSealer.sealBroadcast(PROTOCOL, sessionId, 2, new byte[0],
        PLAINTEXT)).isInstanceOf(IllegalStateException.class);
    Envelope fromBob = bobSealer.sealBroadcast(PROTOCOL, sessionId, 2, new byte[0], PLAINTEXT);
    assertThatThrownBy(() -> aliceSealer.open(fromBob)).isInstanceOf(IllegalStateException.class);
    assertThat(aliceSealer.toString()).contains("0 peers keyed");
    assertThat(alice.isDestroyed()).isFalse();
  }

  @Test
  void rejectsBadSessionIdBeforeDoingWork() {
    assertThatThrownBy(() -> aliceSealer.sealDirect(PROTOCOL, new byte[31], 1, B, new byte[0],
        PLAINTEXT)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("session id must be 32 bytes");
    assertThat(aliceSealer.agreementCount()).isZero();
  }

  private static EnvelopeRejectedException reject(EnvelopeSealer sealer, Envelope e) {
    EnvelopeRejectedException thrown =
        catchThrowableOfType(EnvelopeRejectedException.class, () -> sealer.open(e));
    assertThat(thrown).as("envelope should be rejected").isNotNull();
    return thrown;
  }

  private static Envelope envelope(String protocol, byte[] sessionId, int round,
      PartyId from, Optional<PartyId> to, byte[] echo, byte[] payload, byte[] signature) {
    return new Envelope(protocol, sessionId, round, from, to, echo, payload, signature);
  }

  /** Re-signs the envelope's signed bytes with {@code signer}'s key, keeping its claimed from. */
  private static Envelope resign(NodeIdentity signer, Envelope e) {
    return new Envelope(e.protocol(), e.sessionId(), e.round(), e.from(), e.to(), e.echo(),
        e.payload(), signer.sign(e.signedBytes()));
  }

  private static byte[] flip(byte[] data, int bit) {
    byte[] copy = data.clone();
    copy[bit / 8] ^= (byte) (1 << (bit % 8));
    return copy;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
