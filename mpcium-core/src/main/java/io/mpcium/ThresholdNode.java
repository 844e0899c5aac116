package io.mpcium;

import io.mpcium.hd.ChildKey;
import io.mpcium.hd.DerivationPath;
import io.mpcium.internal.node.NodeConfig;
import io.mpcium.internal.node.NodeRuntime;
import io.mpcium.internal.security.KdfParams;
import io.mpcium.spi.KeyStore;
import io.mpcium.spi.KeyStoreException;
import io.mpcium.spi.PeerRegistry;
import io.mpcium.spi.RegistryException;
import io.mpcium.spi.Transport;
import io.mpcium.spi.TransportException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One node of a threshold-signing cluster. It holds one share of each key it helps generate and
 * never the whole private key.
 *
 * <p>A request reaches one node, which coordinates: it checks the initiator's signature and the
 * request id, proposes a session to the other participants, each of which checks the request
 * itself before it joins, and the protocol runs over the {@link Transport}. Key generation
 * (Pedersen DKG) involves every registered node and completes once every participant has stored
 * its share; signing (FROST) involves {@code threshold} key holders.
 *
 * <p>Results are {@link CompletableFuture}s. A failure completes the future exceptionally with a
 * {@link io.mpcium.protocol.ProtocolAbort} naming the parties to blame (a cheating or silent
 * party), an {@link UnauthorizedRequestException}, an {@link IllegalArgumentException} for a bad
 * request, or an I/O exception from the SPI. Futures may complete on transport threads: do not
 * block in their callbacks.
 *
 * <p>Thread-safe. The node does not own the transport, registry or key store it is given: close
 * them yourself after closing the node.
 */
public final class ThresholdNode implements AutoCloseable {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(
      ThresholdNode.class);
  private final NodeRuntime runtime;
  private final SessionListener listener;
  private final Clock clock;

  private ThresholdNode(NodeRuntime runtime, SessionListener listener, Clock clock) {
    this.runtime = runtime;
    this.listener = listener;
    this.clock = clock;
  }

  public static Builder builder() {
    return new Builder();
  }

  public PartyId id() {
    return runtime.id();
  }

  /**
   * Opens the share vault (a wrong passphrase fails here with {@link WrongPassphraseException}
   * and changes nothing), registers this node's identity, subscribes to the transport and marks
   * the node ready.
   */
  public void start() throws VaultException, KeyStoreException, RegistryException,
      TransportException {
    runtime.start();
  }

  /**
   * Generates {@code request.walletId()}'s keys, one per requested scheme, across every registered
   * node. Completes with one result per scheme, in the request's scheme order, once every
   * participant has stored its shares.
   */
  public CompletableFuture<List<KeyGenResult>> generateKey(KeyGenRequest request,
      byte[] initiatorSignature) {
    return observed(SessionListener.Operation.KEYGEN, request.schemes(),
        () -> runtime.generateKey(request, initiatorSignature));
  }

  /** Signs with this node and {@code threshold - 1} other ready key holders chosen at random. */
  public CompletableFuture<SignatureResult> sign(SignRequest request, byte[] initiatorSignature) {
    return observed(SessionListener.Operation.SIGN, List.of(request.scheme()),
        () -> runtime.sign(request, initiatorSignature, Optional.empty()));
  }

  /** Signs with exactly the given key holders, which must include this node. */
  public CompletableFuture<SignatureResult> sign(SignRequest request, byte[] initiatorSignature,
      List<PartyId> signers) {
    return observed(SessionListener.Operation.SIGN, List.of(request.scheme()),
        () -> runtime.sign(request, initiatorSignature, Optional.of(List.copyOf(signers))));
  }

  private <T> CompletableFuture<T> observed(SessionListener.Operation operation,
      List<KeyScheme> schemes, java.util.function.Supplier<CompletableFuture<T>> run) {
    if (listener == SessionListener.NONE) {
      return run.get();
    }
    java.time.Instant start = clock.instant();
    schemes.forEach(scheme -> notify(() -> listener.started(operation, scheme)));
    CompletableFuture<T> result = run.get();
    result.whenComplete((value, error) -> {
      Optional<String> failure = error == null ? Optional.empty()
          : Optional.of(SessionListener.category(error));
      Duration elapsed = Duration.between(start, clock.instant());
      schemes.forEach(scheme -> notify(() -> listener.finished(operation, scheme, failure,
          elapsed)));
    });
    return result;
  }

  private void notify(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      log.warn("node {}: a session listener failed: {}", id(), e.toString());
    }
  }

  /**
   * The child key at {@code path} of a wallet's active key held by this node, with the parent
   * key and chain code a client needs to re-derive it offline ({@link
   * io.mpcium.hd.HdDerivation#derive}). Empty if this node holds no such key. With {@link
   * DerivationPath#MASTER} it is the wallet's key itself, with its chain code.
   *
   * @throws IllegalArgumentException if the path gives no valid child key (about 2^-127)
   */
  public Optional<ChildKey> childKey(String walletId, KeyScheme scheme, DerivationPath path)
      throws VaultException, KeyStoreException {
    return runtime.childKey(walletId, scheme, path);
  }

  /**
   * Moves a wallet's key to {@code request}'s committee and threshold, keeping its public key
   * (a refresh when they are the key's current ones: {@link ReshareRequest#refresh}). This node
   * must hold the key's active version; it deals together with ready key holders up to the
   * key's threshold (members of the new committee first). Completes with the new version once
   * every new party has stored its share and activated it; until then the old version stays in
   * use. Old versions are kept until an operator deletes them. The new committee runs any
   * scheme-specific pairwise setup (DKLs23's OTs) afresh.
   */
  public CompletableFuture<KeyGenResult> reshare(ReshareRequest request,
      byte[] initiatorSignature) {
    return observed(SessionListener.Operation.RESHARE, List.of(request.scheme()),
        () -> runtime.reshare(request, initiatorSignature, Optional.empty()));
  }

  /**
   * Like {@link #reshare(ReshareRequest, byte[])} with exactly the given old key holders
   * dealing: at least the key's threshold of them, sorted; this node must be one of them or in
   * the new committee.
   */
  public CompletableFuture<KeyGenResult> reshare(ReshareRequest request,
      byte[] initiatorSignature, List<PartyId> dealers) {
    return observed(SessionListener.Operation.RESHARE, List.of(request.scheme()),
        () -> runtime.reshare(request, initiatorSignature, Optional.of(List.copyOf(dealers))));
  }

  /** The public part of the active key of a wallet that this node holds a share of. */
  public Optional<KeyGenResult> key(String walletId, KeyScheme scheme) throws VaultException,
      KeyStoreException {
    return runtime.key(walletId, scheme);
  }

  /** Sessions this node is running now (0 when idle: every session is removed when it ends). */
  public int activeSessions() {
    return runtime.activeSessions();
  }

  /**
   * Prepares a graceful stop: marks the node not ready so that peers stop choosing it, refuses
   * new requests, goes on serving the sessions peers propose during {@code settle} (sent before
   * they saw it not ready), and waits until every session has ended, at most {@code timeout} in
   * all. Returns the number of sessions still running, which {@link #close()} then aborts.
   * Blocks the calling thread.
   */
  public int drain(Duration settle, Duration timeout) throws InterruptedException {
    Objects.requireNonNull(settle, "settle");
    Objects.requireNonNull(timeout, "timeout");
    return runtime.drain(settle, timeout);
  }

  /** Marks the node not ready, aborts its sessions and wipes its vault keys. Idempotent. */
  @Override
  public void close() {
    runtime.close();
  }

  @Override
  public String toString() {
    return "ThresholdNode[" + id() + "]";
  }

  /**
   * Collects a node's parts. Setters reject bad values at once; {@link #build()} names any
   * missing part. Not thread-safe.
   */
  public static final class Builder {
    private NodeIdentity identity;
    private Transport transport;
    private PeerRegistry registry;
    private KeyStore keyStore;
    private char[] passphrase;
    private boolean fastKdfForTesting;
    private RequestPolicy policy;
    private int threshold;
    private Clock clock = Clock.systemUTC();
    private Scheduler scheduler;
    private Duration roundTimeout = Duration.ofSeconds(30);
    private SecureRandom rng;
    private byte[] chainCode;
    private SessionListener listener = SessionListener.NONE;

    private Builder() { }

    /** Observes the requests this node coordinates (for metrics). Default: none. */
    public Builder sessionListener(SessionListener listener) {
      this.listener = Objects.requireNonNull(listener, "sessionListener");
      return this;
    }

    /** This node's long-term identity (its id and keys). Required. */
    public Builder identity(NodeIdentity identity) {
      this.identity = Objects.requireNonNull(identity, "identity");
      return this;
    }

    /** Moves envelopes between nodes. Required. */
    public Builder transport(Transport transport) {
      this.transport = Objects.requireNonNull(transport, "transport");
      return this;
    }

    /** Membership, readiness and key metadata. Required. */
    public Builder peerRegistry(PeerRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "peerRegistry");
      return this;
    }

    /** Durable storage of this node's sealed key shares. Required. */
    public Builder keyStore(KeyStore keyStore) {
      this.keyStore = Objects.requireNonNull(keyStore, "keyStore");
      return this;
    }

    /**
     * The passphrase that seals key shares (scrypt, then AES-256-GCM). Required. The array is
     * copied; wipe yours afterwards.
     */
    public Builder vaultPassphrase(char[] passphrase) {
      Objects.requireNonNull(passphrase, "vaultPassphrase");
      if (passphrase.length == 0) {
        throw new IllegalArgumentException("vault passphrase must not be empty");
      }
      this.passphrase = passphrase.clone();
      return this;
    }

    /**
     * Seals a new vault with a deliberately weak scrypt cost, so that tests and throw-away
     * in-memory clusters start fast. Never use it for keys that matter.
     */
    public Builder insecureFastVaultKdfForTesting() {
      this.fastKdfForTesting = true;
      return this;
    }

    /** Which initiators may make requests. Required. */
    public Builder requestPolicy(RequestPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "requestPolicy");
      return this;
    }

    /** How many nodes must sign with a key this node generates (t of n). At least 2. Required. */
    public Builder threshold(int threshold) {
      if (threshold < 2) {
        throw new IllegalArgumentException("threshold must be at least 2, got " + threshold);
      }
      this.threshold = threshold;
      return this;
    }

    /** The clock for timeouts and replay windows. Default: the UTC system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Runs timeout checks. Default: a daemon thread owned by the node. */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /** How long a round waits for the other parties. Default 30 seconds. */
    public Builder roundTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "roundTimeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("round timeout must be positive, got " + timeout);
      }
      this.roundTimeout = timeout;
      return this;
    }

    /**
     * The cluster's chain code for HD child keys (Mpcium's {@code chain_code}): 32 bytes, the
     * same on every node, used for every wallet. Keep it secret to keep child keys unlinkable
     * to their wallet. Default: none, and each key's chain code is a hash of its public key
     * ({@link io.mpcium.hd.HdDerivation#defaultChainCode}), which anyone can compute.
     */
    public Builder chainCode(byte[] chainCode) {
      Objects.requireNonNull(chainCode, "chainCode");
      if (chainCode.length != 32) {
        throw new IllegalArgumentException("a chain code is 32 bytes, not " + chainCode.length);
      }
      this.chainCode = chainCode.clone();
      return this;
    }

    /** The randomness source. Default: a new {@link SecureRandom}. */
    public Builder secureRandom(SecureRandom rng) {
      this.rng = Objects.requireNonNull(rng, "secureRandom");
      return this;
    }

    /** @throws IllegalStateException naming the first missing required part */
    public ThresholdNode build() {
      require(identity, "identity");
      require(transport, "transport");
      require(registry, "peerRegistry");
      require(keyStore, "keyStore");
      require(passphrase, "vaultPassphrase");
      require(policy, "requestPolicy");
      if (threshold == 0) {
        throw new IllegalStateException("threshold is required");
      }
      SecureRandom random = rng != null ? rng : new SecureRandom();
      KdfParams kdf = fastKdfForTesting ? KdfParams.forTesting(random)
          : KdfParams.defaults(random);
      NodeConfig config = new NodeConfig(identity, transport, registry, keyStore,
          passphrase.clone(), kdf, policy, threshold, clock, Optional.ofNullable(scheduler),
          roundTimeout, random, Optional.ofNullable(chainCode).map(byte[]::clone));
      Arrays.fill(passphrase, '\0');
      passphrase = null;
      return new ThresholdNode(new NodeRuntime(config), listener, clock);
    }

    private static void require(Object value, String name) {
      if (value == null) {
        throw new IllegalStateException(name + " is required");
      }
    }
  }
}
