package io.mpcium.benchmarks;

import io.mpcium.NodeIdentity;
import io.mpcium.PartyId;
import io.mpcium.internal.security.EnvelopeRejectedException;
import io.mpcium.internal.security.EnvelopeSealer;
import io.mpcium.internal.security.PeerKeyException;
import io.mpcium.spi.Envelope;
import io.mpcium.spi.PeerInfo;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The envelope every node-to-node message travels in: sealing (Ed25519 signature; for a
 * point-to-point message also AES-256-GCM under the cached X25519/HKDF pair key) and opening
 * (signature check, decryption). {@code payloadBytes}: 64 is a FROST round message, 24656 and
 * 49412 are the two large DKLs23 2-of-3 signing messages.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class EnvelopeBenchmark {
  @Param({"64", "24656", "49412"})
  public int payloadBytes;

  private static final String PROTOCOL = "bench/envelope";
  private final SecureRandom rng = new SecureRandom();
  private final byte[] sessionId = new byte[32];
  private final byte[] echo = new byte[0];
  private NodeIdentity alice;
  private NodeIdentity bob;
  private EnvelopeSealer fromAlice;
  private EnvelopeSealer atBob;
  private byte[] payload;
  private Envelope direct;
  private Envelope broadcast;

  @Setup
  public void setUp() throws PeerKeyException {
    alice = NodeIdentity.generate(PartyId.of("alice"), rng);
    bob = NodeIdentity.generate(PartyId.of("bob"), rng);
    Map<PartyId, PeerInfo> directory = Map.of(alice.id(), alice.peerInfo(), bob.id(),
        bob.peerInfo());
    fromAlice = new EnvelopeSealer(alice, id -> Optional.ofNullable(directory.get(id)), rng);
    atBob = new EnvelopeSealer(bob, id -> Optional.ofNullable(directory.get(id)), rng);
    rng.nextBytes(sessionId);
    payload = new byte[payloadBytes];
    rng.nextBytes(payload);
    direct = fromAlice.sealDirect(PROTOCOL, sessionId, 1, bob.id(), echo, payload);
    broadcast = fromAlice.sealBroadcast(PROTOCOL, sessionId, 1, echo, payload);
  }

  /** Sign and encrypt a point-to-point message. */
  @Benchmark
  public Envelope sealDirect() throws PeerKeyException {
    return fromAlice.sealDirect(PROTOCOL, sessionId, 1, bob.id(), echo, payload);
  }

  /** Verify and decrypt a point-to-point message. */
  @Benchmark
  public EnvelopeSealer.Opened openDirect() throws EnvelopeRejectedException {
    return atBob.open(direct);
  }

  /** Sign a broadcast message (payload in clear). */
  @Benchmark
  public Envelope sealBroadcast() {
    return fromAlice.sealBroadcast(PROTOCOL, sessionId, 1, echo, payload);
  }

  /** Verify a broadcast message. */
  @Benchmark
  public EnvelopeSealer.Opened openBroadcast() throws EnvelopeRejectedException {
    return atBob.open(broadcast);
  }

  @TearDown
  public void destroy() {
    fromAlice.destroy();
    atBob.destroy();
    alice.destroy();
    bob.destroy();
  }
}
