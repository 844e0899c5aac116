package io.mpcium.internal.security;

import io.mpcium.NodeIdentity;
import io.mpcium.PartyId;
import io.mpcium.internal.codec.ByteReader;
import io.mpcium.internal.codec.ByteWriter;
import io.mpcium.internal.codec.MalformedMessageException;
import io.mpcium.spi.Envelope;
import io.mpcium.spi.PeerInfo;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * Binds one node's {@link NodeIdentity} to the envelopes it sends and receives.
 *
 * <p>Every envelope is signed with the node's Ed25519 key over {@link Envelope#signedBytes()}.
 * A point-to-point payload is additionally encrypted to its receiver: static-static X25519
 * between the two nodes' agreement keys, HKDF-SHA256 (no salt; info = {@code "mpcium/p2p/v1"},
 * sender id, receiver id, sender and receiver X25519 public keys, each length-prefixed) giving
 * one AES-256 key per <em>ordered</em> pair, then AES-256-GCM with a fresh random 96-bit nonce
 * and the envelope header as associated data. The payload is {@code nonce || ciphertext || tag}.
 * Binding the header means a ciphertext cannot be moved to another session, round, sender or
 * receiver.
 *
 * <p>The X25519 computation runs once per peer; the derived pair keys are cached, re-derived if
 * the directory later reports a different agreement key for that peer, and zeroed by {@link
 * #destroy()}. Random nonces under a long-lived pair key are safe for about 2<sup>32</sup>
 * messages per ordered pair; rotate node identities well before that.
 *
 * <p>Thread-safe: any number of threads may seal and open concurrently. The directory function
 * and the {@link SecureRandom} must be thread-safe too.
 */
public final class EnvelopeSealer {
  static final String KDF_INFO_DOMAIN = "mpcium/p2p/v1";
  static final int NONCE_LENGTH = 12;
  static final int TAG_LENGTH = 16;
  private static final int KEY_LENGTH = 32;
  private static final String CIPHER = "AES/GCM/NoPadding";

  private final NodeIdentity self;
  private final PartyId selfId;
  private final byte[] selfAgreementPublic;
  private final Function<PartyId, Optional<PeerInfo>> directory;
  private final SecureRandom rng;
  private final ConcurrentHashMap<PartyId, PairKeys> pairKeys = new ConcurrentHashMap<>();
  private final AtomicInteger agreements = new AtomicInteger();
  private final SecretGuard guard;

  /** An authenticated envelope and its payload in clear (decrypted if it was point-to-point). */
  public record Opened(Envelope envelope, byte[] plaintext) {
    public Opened {
      Objects.requireNonNull(envelope, "envelope");
      Objects.requireNonNull(plaintext, "plaintext");
    }

    /**
     * The payload in clear; not a copy. For a point-to-point envelope it is secret: the caller
     * owns it and should zero it once decoded.
     */
    @Override
    public byte[] plaintext() {
      return plaintext;
    }

    @Override
    public String toString() {
      return "Opened[" + envelope + ", " + plaintext.length + " bytes in clear]";
    }
  }

  /**
   * @param self this node's identity; not owned (not destroyed by {@link #destroy()})
   * @param directory the public identity of a party, or empty if the party is unknown
   * @param rng source of AES-GCM nonces
   */
  public EnvelopeSealer(
      NodeIdentity self, Function<PartyId, Optional<PeerInfo>> directory, SecureRandom rng) {
    this.self = Objects.requireNonNull(self, "self");
    this.directory = Objects.requireNonNull(directory, "directory");
    this.rng = Objects.requireNonNull(rng, "rng");
    PeerInfo mine = self.peerInfo();
    this.selfId = mine.id();
    this.selfAgreementPublic = mine.agreementKey();
    this.guard = new SecretGuard("envelope sealer of " + selfId);
  }

  /** A signed broadcast envelope; the payload travels in clear. */
  public Envelope sealBroadcast(
      String protocol, byte[] sessionId, int round, byte[] echo, byte[] payload) {
    return signed(protocol, sessionId, round, Optional.empty(), echo, payload);
  }

  /**
   * A signed envelope whose payload is {@code plaintext} encrypted to {@code to}.
   *
   * @throws PeerKeyException if {@code to} is unknown or its X25519 key is unusable
   */
  public Envelope sealDirect(String protocol, byte[] sessionId, int round, PartyId to,
      byte[] echo, byte[] plaintext) throws PeerKeyException {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(echo, "echo");
    Objects.requireNonNull(plaintext, "plaintext");
    requireSessionId(sessionId);
    PeerInfo peer = lookup(to).orElseThrow(() -> PeerKeyException.unknown(to));
    byte[] header = Envelope.header(protocol, sessionId, round, selfId, Optional.of(to));
    PairKeys keys = guard.use(() -> keysFor(peer));
    if (keys == null) {
      throw PeerKeyException.smallOrder(to);
    }
    byte[] nonce = new byte[NONCE_LENGTH];
    rng.nextBytes(nonce);
    byte[] payload = new byte[NONCE_LENGTH + plaintext.length + TAG_LENGTH];
    System.arraycopy(nonce, 0, payload, 0, NONCE_LENGTH);
    try {
      guard.use(() -> {
        Cipher cipher = Cipher.getInstance(CIPHER);
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keys.sendKey, "AES"),
            new GCMParameterSpec(TAG_LENGTH * 8, nonce));
        cipher.updateAAD(header);
        return cipher.doFinal(plaintext, 0, plaintext.length, payload, NONCE_LENGTH);
      });
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM encryption failed", e);
    }
    return signed(protocol, sessionId, round, Optional.of(to), echo, payload);
  }

  /**
   * Authenticates a received envelope: the sender must be known to the directory, its signature
   * must verify, and a point-to-point envelope must be addressed to this node and decrypt.
   */
  public Opened open(Envelope envelope) throws EnvelopeRejectedException {
    Objects.requireNonNull(envelope, "envelope");
    guard.requireLive();
    PartyId from = envelope.from();
    PeerInfo sender = lookup(from)
        .orElseThrow(() -> new EnvelopeRejectedException(from, "unknown sender " + from));
    if (!NodeIdentity.verify(sender.signingKey(), envelope.signedBytes(), envelope.signature())) {
      throw new EnvelopeRejectedException(from, "bad signature from " + from);
    }
    if (envelope.isBroadcast()) {
      return new Opened(envelope, envelope.payload());
    }
    PartyId to = envelope.to().orElseThrow();
    if (!to.equals(selfId)) {
      throw new EnvelopeRejectedException(from,
          "envelope from " + from + " is addressed to " + to + ", not to " + selfId);
    }
    byte[] payload = envelope.payload();
    if (payload.length < NONCE_LENGTH + TAG_LENGTH) {
      throw new EnvelopeRejectedException(from,
          "payload from " + from + " does not authenticate (too short for AES-GCM)");
    }
    PairKeys keys = guard.use(() -> keysFor(sender));
    if (keys == null) {
      throw new EnvelopeRejectedException(from, "sender " + from
          + " has an unusable X25519 key (small-order point, all-zero shared secret)");
    }
    try {
      byte[] plaintext = guard.use(() -> {
        Cipher cipher = Cipher.getInstance(CIPHER);
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(keys.receiveKey, "AES"),
            new GCMParameterSpec(TAG_LENGTH * 8, payload, 0, NONCE_LENGTH));
        cipher.updateAAD(envelope.header());
        return cipher.doFinal(payload, NONCE_LENGTH, payload.length - NONCE_LENGTH);
      });
      return new Opened(envelope, plaintext);
    } catch (AEADBadTagException e) {
      throw new EnvelopeRejectedException(from, "payload from " + from + " does not authenticate");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM decryption failed", e);
    }
  }

  /**
   * Checks, from hashes alone, that {@code sender} signed an envelope with this header and
   * these SHA-256 hashes of echo and payload: the evidence an echo-broadcast check needs to
   * prove equivocation. The header must be well formed and name {@code sender} as its sender.
   * Returns false, never throws, on malformed input.
   */
  public static boolean verifyEchoEvidence(PeerInfo sender, byte[] header, byte[] echoHash,
      byte[] payloadHash, byte[] signature) {
    if (sender == null || header == null || echoHash == null || payloadHash == null
        || signature == null || echoHash.length != 32 || payloadHash.length != 32
        || !headerNames(header, sender.id())) {
      return false;
    }
    return NodeIdentity.verify(sender.signingKey(),
        Envelope.signedBytes(header, echoHash, payloadHash), signature);
  }

  /** Zeroes and forgets every cached pair key; later seal or open calls fail. Idempotent. */
  public void destroy() {
    guard.destroy(() -> {
      pairKeys.values().forEach(PairKeys::zero);
      pairKeys.clear();
    });
  }

  @Override
  public String toString() {
    return "EnvelopeSealer[" + selfId + ", " + pairKeys.size() + " peers keyed]";
  }

  /** Number of X25519 computations so far; for tests of the per-peer cache. */
  int agreementCount() {
    return agreements.get();
  }

  private Envelope signed(String protocol, byte[] sessionId, int round, Optional<PartyId> to,
      byte[] echo, byte[] payload) {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(echo, "echo");
    Objects.requireNonNull(payload, "payload");
    requireSessionId(sessionId);
    guard.requireLive();
    byte[] header = Envelope.header(protocol, sessionId, round, selfId, to);
    byte[] signature =
        self.sign(Envelope.signedBytes(header, Envelope.sha256(echo), Envelope.sha256(payload)));
    return new Envelope(protocol, sessionId, round, selfId, to, echo, payload, signature);
  }

  private Optional<PeerInfo> lookup(PartyId id) {
    Optional<PeerInfo> found = directory.apply(id);
    if (found == null) {
      throw new IllegalStateException("directory returned null for " + id);
    }
    if (found.isPresent() && !found.get().id().equals(id)) {
      throw new IllegalStateException(
          "directory returned the identity of " + found.get().id() + " when asked for " + id);
    }
    return found;
  }

  /** The cached keys for this peer, derived now if needed; null if its key is small-order. */
  private PairKeys keysFor(PeerInfo peer) {
    byte[] peerKey = peer.agreementKey();
    PairKeys cached = pairKeys.get(peer.id());
    if (cached != null && Arrays.equals(cached.peerAgreementKey, peerKey)) {
      return cached;
    }
    return pairKeys.compute(peer.id(), (id, existing) -> {
      if (existing != null && Arrays.equals(existing.peerAgreementKey, peerKey)) {
        return existing;
      }
      // A replaced entry is not zeroed here: another thread may still be using it. destroy()
      // zeroes what is cached under the write lock.
      return derive(id, peerKey);
    });
  }

  private PairKeys derive(PartyId peer, byte[] peerKey) {
    byte[] mine = self.exportAgreementKey();
    byte[] shared = new byte[X25519.POINT_SIZE];
    try {
      agreements.incrementAndGet();
      if (!X25519.calculateAgreement(mine, 0, peerKey, 0, shared, 0)) {
        return null;
      }
      byte[] send = hkdf(shared, selfId, peer, selfAgreementPublic, peerKey);
      byte[] receive = hkdf(shared, peer, selfId, peerKey, selfAgreementPublic);
      return new PairKeys(peerKey, send, receive);
    } finally {
      Arrays.fill(mine, (byte) 0);
      Arrays.fill(shared, (byte) 0);
    }
  }

  private static byte[] hkdf(byte[] shared, PartyId sender, PartyId receiver,
      byte[] senderPublic, byte[] receiverPublic) {
    byte[] info = new ByteWriter(160)
        .string(KDF_INFO_DOMAIN)
        .string(sender.value())
        .string(receiver.value())
        .bytes(senderPublic)
        .bytes(receiverPublic)
        .toByteArray();
    HKDFBytesGenerator generator = new HKDFBytesGenerator(new SHA256Digest());
    generator.init(new HKDFParameters(shared, null, info));
    byte[] key = new byte[KEY_LENGTH];
    generator.generateBytes(key, 0, KEY_LENGTH);
    return key;
  }

  private static boolean headerNames(byte[] header, PartyId sender) {
    try {
      ByteReader in = new ByteReader(header);
      in.string(64);
      String protocol = in.string(64);
      byte[] sessionId = in.raw(Envelope.SESSION_ID_LENGTH);
      int round = in.u32();
      String from = in.string(64);
      String to = in.string(64);
      in.end();
      if (round < 0 || !from.equals(sender.value())) {
        return false;
      }
      Optional<PartyId> receiver = to.isEmpty() ? Optional.empty() : Optional.of(PartyId.of(to));
      // Canonical form only: re-encoding must give the same bytes (this also checks the domain).
      return Arrays.equals(header,
          Envelope.header(protocol, sessionId, round, sender, receiver));
    } catch (MalformedMessageException | IllegalArgumentException e) {
      return false;
    }
  }

  private static void requireSessionId(byte[] sessionId) {
    Objects.requireNonNull(sessionId, "sessionId");
    if (sessionId.length != Envelope.SESSION_ID_LENGTH) {
      throw new IllegalArgumentException(
          "session id must be " + Envelope.SESSION_ID_LENGTH + " bytes, got " + sessionId.length);
    }
  }

  /** The two AES keys of one peer: sending (self to peer) and receiving (peer to self). */
  private static final class PairKeys {
    final byte[] peerAgreementKey;
    final byte[] sendKey;
    final byte[] receiveKey;

    PairKeys(byte[] peerAgreementKey, byte[] sendKey, byte[] receiveKey) {
      this.peerAgreementKey = peerAgreementKey;
      this.sendKey = sendKey;
      this.receiveKey = receiveKey;
    }

    void zero() {
      Arrays.fill(sendKey, (byte) 0);
      Arrays.fill(receiveKey, (byte) 0);
    }

    @Override
    public String toString() {
      return "PairKeys[redacted]";
    }
  }
}
