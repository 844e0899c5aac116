package io.mpcium.internal.node;

import io.mpcium.KeyGenRequest;
import io.mpcium.KeyGenResult;
import io.mpcium.KeyScheme;
import io.mpcium.NodeIdentity;
import io.mpcium.PartyId;
import io.mpcium.Request;
import io.mpcium.ReshareRequest;
import io.mpcium.Scheduler;
import io.mpcium.SignRequest;
import io.mpcium.SignatureResult;
import io.mpcium.UnauthorizedRequestException;
import io.mpcium.VaultException;
import io.mpcium.WrongPassphraseException;
import io.mpcium.hd.ChildKey;
import io.mpcium.hd.DerivationPath;
import io.mpcium.hd.HdDerivation;
import io.mpcium.internal.codec.ByteReader;
import io.mpcium.internal.codec.ByteWriter;
import io.mpcium.internal.codec.MalformedMessageException;
import io.mpcium.internal.security.EnvelopeSealer;
import io.mpcium.internal.security.RequestGate;
import io.mpcium.internal.security.ShareVault;
import io.mpcium.internal.security.VaultCheck;
import io.mpcium.internal.session.AbortNotice;
import io.mpcium.internal.session.ExecutorScheduler;
import io.mpcium.internal.session.SessionContext;
import io.mpcium.internal.session.SessionDriver;
import io.mpcium.protocol.Protocol;
import io.mpcium.protocol.ProtocolAbort;
import io.mpcium.protocol.ThresholdKeyShare;
import io.mpcium.protocol.dkg.Reshared;
import io.mpcium.protocol.dkg.Resharing;
import io.mpcium.spi.Envelope;
import io.mpcium.spi.KeyInfo;
import io.mpcium.spi.KeyStore;
import io.mpcium.spi.KeyStoreException;
import io.mpcium.spi.PeerInfo;
import io.mpcium.spi.PeerRegistry;
import io.mpcium.spi.RegistryException;
import io.mpcium.spi.Transport;
import io.mpcium.spi.TransportException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The working part of a {@link io.mpcium.ThresholdNode}: admits requests, coordinates sessions
 * (proposal, protocol run, storage, acknowledgements), joins sessions other nodes propose after
 * checking them itself, and keeps key shares sealed in the key store. Every stored version of a
 * key stays; the one in use is the newest unless an active-version record says otherwise, which
 * is how a reshared version waits until every new party stored it.
 *
 * <p>Thread-safe. Incoming frames are handled on the transport's delivery thread; protocol
 * rounds run there too, one session at a time per delivery thread.
 */
public final class NodeRuntime implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NodeRuntime.class);

  static final String PROPOSE = "mpcium/propose";
  static final String STORED = "mpcium/stored";
  /** A resharing coordinator's word that every new party stored its share: activate it. */
  static final String ACTIVATE = "mpcium/activate";
  /**
   * A resharing coordinator's word to dealers outside the new committee that every new party
   * activated the new version: they stop using their old one.
   */
  static final String RETIRE = "mpcium/retire";
  /**
   * Key store id prefix of the records naming a key's active version (the newest record holds
   * it; 0 for none). Without such a record the newest stored version is active.
   */
  static final String ACTIVE_PREFIX = "mpcium:active:";
  /** Key store id prefix of the records holding the parties banned for a key. */
  static final String BANS_PREFIX = "mpcium:bans:";

  private final NodeConfig config;
  private final PartyId self;
  private final Transport transport;
  private final PeerRegistry registry;
  private final KeyStore keyStore;
  private final Scheduler scheduler;
  private final Optional<ExecutorScheduler> ownedScheduler;
  private final RequestGate gate;
  private final EnvelopeSealer sealer;
  private final SessionRouter router;
  private final Map<PartyId, PeerInfo> peerCache = new ConcurrentHashMap<>();
  private final Map<String, AckCollector> acks = new ConcurrentHashMap<>();
  private final Set<String> keygenInFlight = ConcurrentHashMap.newKeySet();
  /** Reshared shares stored here and waiting for their coordinator's activation, by session. */
  private final Map<String, PendingActivation> pendingActivations = new ConcurrentHashMap<>();
  /** Keys this node dealt away in a resharing, waiting for the coordinator's word, by session. */
  private final Map<String, PendingRetirement> pendingRetirements = new ConcurrentHashMap<>();
  private volatile ShareVault vault;
  private volatile Transport.Subscription subscription;
  private volatile boolean closed;
  private volatile boolean draining;

  public NodeRuntime(NodeConfig config) {
    this.config = config;
    this.self = config.identity().id();
    this.transport = config.transport();
    this.registry = config.registry();
    this.keyStore = config.keyStore();
    if (config.scheduler().isPresent()) {
      this.scheduler = config.scheduler().get();
      this.ownedScheduler = Optional.empty();
    } else {
      ExecutorScheduler owned = new ExecutorScheduler("mpcium-timer-" + self);
      this.scheduler = owned;
      this.ownedScheduler = Optional.of(owned);
    }
    this.gate = new RequestGate(config.policy(), config.clock());
    this.sealer = new EnvelopeSealer(config.identity(), this::lookupPeer, config.rng());
    this.router = new SessionRouter(config.clock(), config.roundTimeout(), this::signedBySender);
  }

  public PartyId id() {
    return self;
  }

  // ------------------------------------------------------------------ lifecycle

  /** Opens the vault, registers the node, subscribes to the transport and reports ready. */
  public synchronized void start() throws VaultException, KeyStoreException, RegistryException,
      TransportException {
    if (vault != null) {
      throw new IllegalStateException("node " + self + " is already started");
    }
    if (closed) {
      throw new IllegalStateException("node " + self + " is closed");
    }
    ShareVault opened = openVault();
    try {
      registry.register(config.identity().peerInfo());
      subscription = transport.subscribe(self, this::onFrame);
      vault = opened;
      registry.setReady(self, true);
    } catch (RegistryException | TransportException | RuntimeException e) {
      vault = null;
      if (subscription != null) {
        subscription.close();
        subscription = null;
      }
      opened.destroy();
      throw e;
    }
    java.util.Arrays.fill(config.vaultPassphrase(), '\0');
    log.info("node {} started", self);
  }

  private ShareVault openVault() throws VaultException, KeyStoreException {
    return VaultCheck.openOrCreate(keyStore, config.vaultPassphrase(), config.newVaultKdf(),
        config.rng());
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (vault != null) {
        registry.setReady(self, false);
      }
    } catch (RegistryException e) {
      log.warn("node {}: could not mark itself not ready: {}", self, e.getMessage());
    }
    if (subscription != null) {
      subscription.close();
    }
    router.abortAll(new ProtocolAbort(List.of(), "node " + self + " is shutting down"));
    acks.values().forEach(a -> a.fail(new ProtocolAbort(List.of(), "node " + self
        + " is shutting down")));
    ownedScheduler.ifPresent(ExecutorScheduler::close);
    if (vault != null) {
      vault.destroy();
    }
    sealer.destroy();
    log.info("node {} closed", self);
  }

  public int activeSessions() {
    return router.activeSessions();
  }

  /**
   * Stops taking new work and lets the sessions in flight end: marks this node not ready (peers
   * stop choosing it), refuses new requests, keeps serving sessions that peers propose during
   * {@code settle} (proposals sent before they saw it not ready), then waits for every session
   * to end, up to {@code timeout} in all. Returns the number of sessions still running; {@link
   * #close()} aborts them.
   */
  public int drain(java.time.Duration settle, java.time.Duration timeout) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    draining = true;
    try {
      if (vault != null && !closed) {
        registry.setReady(self, false);
      }
    } catch (RegistryException e) {
      log.warn("node {}: could not mark itself not ready: {}", self, e.getMessage());
    }
    log.info("node {} draining: {} sessions running", self, router.activeSessions());
    // Sessions that peers propose until they have seen this node not ready still run here.
    int left = router.awaitIdle(start + settle.toNanos(), deadline);
    log.info("node {} drained: {} sessions still running", self, left);
    return left;
  }

  // ------------------------------------------------------------------ requests

  /**
   * Generates the wallet's key of every scheme in the request, one session per scheme, all at
   * once. The future completes with the results in the request's scheme order once every session
   * has finished, or with the first failure.
   */
  public CompletableFuture<List<KeyGenResult>> generateKey(KeyGenRequest request,
      byte[] signature) {
    try {
      requireStarted();
      for (KeyScheme scheme : request.schemes()) {
        if (!keyStore.versions(scheme.keyId(request.walletId())).isEmpty()) {
          throw new IllegalArgumentException("wallet " + request.walletId() + " already has an "
              + scheme.label() + " key");
        }
      }
      for (KeyScheme scheme : request.schemes()) {
        gate.admit(admissionId(request, scheme), request.signingBytes(), signature);
      }
      List<PeerInfo> peers = registry.peers();
      Set<PartyId> ready = registry.readyPeers();
      List<PartyId> participants = peers.stream().map(PeerInfo::id).toList();
      List<PartyId> notReady = participants.stream().filter(p -> !ready.contains(p)).toList();
      if (!notReady.isEmpty()) {
        throw new IllegalStateException("key generation needs every registered node ready; "
            + "not ready: " + notReady);
      }
      if (participants.size() < config.threshold()) {
        throw new IllegalStateException(participants.size() + " registered nodes are fewer "
            + "than the threshold " + config.threshold());
      }
      List<CompletableFuture<KeyGenResult>> runs = new ArrayList<>();
      for (KeyScheme scheme : request.schemes()) {
        runs.add(generateKey(request, scheme, signature, participants));
      }
      return CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new))
          .thenApply(ignored -> runs.stream().map(CompletableFuture::join).toList());
    } catch (Exception e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private CompletableFuture<KeyGenResult> generateKey(KeyGenRequest request, KeyScheme scheme,
      byte[] signature, List<PartyId> participants) {
    try {
      String keyId = scheme.keyId(request.walletId());
      Proposal proposal = new Proposal(request, scheme, signature, participants,
          config.threshold(), 1);
      Protocol<? extends ThresholdKeyShare> dkg = engine(scheme).keyGen(
          sessionId(self, proposal), self, participants, config.threshold());
      reserveKeygen(keyId, request.walletId());
      AckCollector collector = new AckCollector(sessionId(self, proposal), participants);
      acks.put(collector.key, collector);
      CompletableFuture<? extends ThresholdKeyShare> run;
      try {
        run = runSession(proposal, dkg);
      } catch (Exception e) {
        keygenInFlight.remove(keyId);
        collector.fail(new ProtocolAbort(List.of(), "could not start: " + e.getMessage()));
        throw e;
      }
      run.whenComplete((share, error) -> {
        if (error != null) {
          collector.fail(new ProtocolAbort(List.of(), "key generation failed"));
        }
      });
      return run.thenCompose(share -> collector.future().thenApply(ignored -> new KeyGenResult(
          request.walletId(), scheme, engine(scheme).publicKey(share), 1, share.threshold(),
          share.participants())));
    } catch (Exception e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  public CompletableFuture<SignatureResult> sign(SignRequest request, byte[] signature,
      Optional<List<PartyId>> requestedSigners) {
    try {
      requireStarted();
      SchemeEngine engine = engine(request.scheme());
      gate.admit(request.requestId(), request.signingBytes(), signature);
      String keyId = request.scheme().keyId(request.walletId());
      int version = activeVersion(keyId).orElseThrow(() -> new IllegalArgumentException(
          "no " + request.scheme().label() + " key for wallet " + request.walletId()));
      ThresholdKeyShare share = signingShare(request, loadShare(request.scheme(), keyId,
          version));
      CompletableFuture<?> run;
      List<PartyId> signers;
      try {
        signers = requestedSigners.isPresent()
            ? checkSigners(share, requestedSigners.get())
            : chooseSigners(share);
        Proposal proposal = new Proposal(request, request.scheme(), signature, signers,
            share.threshold(), version);
        run = runSession(proposal, engine.sign(share, sessionId(self, proposal), signers,
            request));
      } catch (Exception e) {
        share.destroy();
        throw e;
      }
      // The caller hears of a failure only once any ban it calls for is stored.
      CompletableFuture<SignatureResult> result = run
          .whenComplete((output, error) -> recordBans(error, keyId))
          .thenApply(output -> engine.result(request, share, output, signers));
      result.whenComplete((sig, error) -> share.destroy());
      return result;
    } catch (Exception e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** {@link io.mpcium.ThresholdNode#childKey}. */
  public Optional<ChildKey> childKey(String walletId, KeyScheme scheme, DerivationPath path)
      throws VaultException, KeyStoreException {
    return key(walletId, scheme).map(key -> childKey(scheme, key.publicKey(), path));
  }

  private ChildKey childKey(KeyScheme scheme, byte[] publicKey, DerivationPath path) {
    return HdDerivation.derive(scheme, publicKey, chainCode(scheme, publicKey), path);
  }

  private byte[] chainCode(KeyScheme scheme, byte[] publicKey) {
    return config.chainCode().map(byte[]::clone)
        .orElseGet(() -> HdDerivation.defaultChainCode(scheme, publicKey));
  }

  /**
   * The share a request signs with: the loaded share for the wallet's key, or its child at the
   * request's derivation path (which consumes the loaded share). Destroys {@code share} on
   * failure.
   */
  private ThresholdKeyShare signingShare(SignRequest request, ThresholdKeyShare share) {
    if (request.derivationPath().isMaster()) {
      return share;
    }
    try {
      SchemeEngine engine = engine(request.scheme());
      return engine.derive(share, childKey(request.scheme(), engine.publicKey(share),
          request.derivationPath()));
    } catch (RuntimeException e) {
      share.destroy();
      throw e;
    }
  }

  /**
   * What the session id binds of a signing request's child key: the path and which chain code
   * derives it (a digest of the cluster's, or "key" for the per-key default), so that nodes
   * configured with different chain codes never run a session together.
   */
  private String derivationBinding(Request request) {
    if (!(request instanceof SignRequest sign) || sign.derivationPath().isMaster()) {
      return "";
    }
    String chain = config.chainCode().map(code -> java.util.HexFormat.of().formatHex(
        Envelope.sha256(new ByteWriter().string("mpcium/hd/chain-code-id/v1").raw(code)
            .toByteArray()))).orElse("key");
    return sign.derivationPath() + ";chain=" + chain;
  }

  /**
   * Reshares (or refreshes) a wallet's key, coordinated by this node, which must hold its active
   * version. The dealers are {@code requestedDealers} or this node plus ready key holders up to
   * the key's threshold, preferring members of the new committee. Completes with the new version
   * once every new party stored its share and then activated it; until then the old version
   * stays active everywhere, and old versions are never deleted.
   */
  public CompletableFuture<KeyGenResult> reshare(ReshareRequest request, byte[] signature,
      Optional<List<PartyId>> requestedDealers) {
    try {
      requireStarted();
      KeyScheme scheme = request.scheme();
      SchemeEngine engine = engine(scheme);
      gate.admit(request.requestId(), request.signingBytes(), signature);
      String keyId = scheme.keyId(request.walletId());
      int version = activeVersion(keyId).orElseThrow(() -> new IllegalArgumentException(
          "node " + self + " holds no " + scheme.label() + " key of wallet "
              + request.walletId() + "; send the reshare request to one of its holders"));
      ThresholdKeyShare share = loadShare(scheme, keyId, version);
      CompletableFuture<KeyGenResult> result;
      try {
        result = reshare(request, signature, requestedDealers, engine, keyId, version, share);
      } catch (Exception e) {
        share.destroy();
        throw e;
      }
      result.whenComplete((key, error) -> share.destroy());
      return result;
    } catch (Exception e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private CompletableFuture<KeyGenResult> reshare(ReshareRequest request, byte[] signature,
      Optional<List<PartyId>> requestedDealers, SchemeEngine engine, String keyId, int version,
      ThresholdKeyShare share) throws RegistryException {
    List<PartyId> committee = request.newParticipants();
    Set<PartyId> ready = registry.readyPeers();
    for (PartyId party : committee) {
      if (lookupPeer(party).isEmpty()) {
        throw new IllegalArgumentException("new participant " + party
            + " is not a registered node");
      }
    }
    List<PartyId> notReady = committee.stream().filter(p -> !ready.contains(p)).toList();
    if (!notReady.isEmpty()) {
      throw new IllegalStateException("resharing needs every node of the new committee ready; "
          + "not ready: " + notReady);
    }
    List<PartyId> dealers = requestedDealers.isPresent()
        ? checkDealers(share, requestedDealers.get(), committee)
        : chooseDealers(share, committee, ready);
    TreeSet<PartyId> all = new TreeSet<>(dealers);
    all.addAll(committee);
    Proposal proposal = new Proposal(request, request.scheme(), signature, List.copyOf(all),
        request.newThreshold(), version, dealers);
    byte[] sessionId = sessionId(self, proposal);
    Protocol<? extends Reshared<? extends ThresholdKeyShare>> protocol = engine.reshare(
        sessionId, self, dealers.contains(self) ? Optional.of(share) : Optional.empty(),
        dealers, committee, request.newThreshold(),
        Optional.of(new Resharing.OldKey(share.participants(), share.threshold())));
    byte[] publicKey = engine.publicKey(share);
    reserveKeygen(keyId, request.walletId());
    AckCollector stored = new AckCollector(sessionId, committee);
    AckCollector activated = new AckCollector(activationId(sessionId), committee);
    acks.put(stored.key, stored);
    acks.put(activated.key, activated);
    CompletableFuture<? extends Reshared<? extends ThresholdKeyShare>> run;
    try {
      run = runSession(proposal, protocol);
    } catch (RegistryException | RuntimeException e) {
      keygenInFlight.remove(keyId);
      stored.fail(new ProtocolAbort(List.of(), "could not start: " + e.getMessage()));
      activated.fail(new ProtocolAbort(List.of(), "could not start: " + e.getMessage()));
      throw e;
    }
    run.whenComplete((reshared, error) -> {
      if (error != null) {
        stored.fail(new ProtocolAbort(List.of(), "resharing failed"));
        activated.fail(new ProtocolAbort(List.of(), "resharing failed"));
      } else {
        stored.arm();
      }
    });
    return run.thenCompose(reshared -> stored.future())
        .thenCompose(ignored -> {
          activated.arm();
          sendActivation(sessionId, committee, activated);
          return activated.future();
        })
        .thenApply(ignored -> {
          sendRetirement(sessionId, dealers.stream().filter(d -> !committee.contains(d))
              .toList());
          return new KeyGenResult(request.walletId(), request.scheme(), publicKey, version + 1,
              request.newThreshold(), committee);
        });
  }

  /** Checks dealers an operator chose: sorted key holders, enough of them. */
  private List<PartyId> checkDealers(ThresholdKeyShare share, List<PartyId> dealers,
      List<PartyId> committee) {
    List<PartyId> sorted = new ArrayList<>(new TreeSet<>(dealers));
    if (sorted.size() != dealers.size()) {
      throw new IllegalArgumentException("dealers listed twice: " + dealers);
    }
    if (!share.participants().containsAll(sorted)) {
      throw new IllegalArgumentException("dealers " + dealers + " are not all key holders "
          + share.participants());
    }
    if (sorted.size() < share.threshold()) {
      throw new IllegalArgumentException(sorted.size() + " old key holders are fewer than the "
          + "key's threshold " + share.threshold() + ": resharing needs at least "
          + share.threshold() + " of them");
    }
    if (!sorted.contains(self) && !committee.contains(self)) {
      throw new IllegalArgumentException("the coordinating node " + self + " must be a dealer "
          + "or in the new committee");
    }
    return sorted;
  }

  /**
   * This node plus ready, unbanned key holders up to the key's threshold, members of the new
   * committee first (they take part anyway).
   */
  private List<PartyId> chooseDealers(ThresholdKeyShare share, List<PartyId> committee,
      Set<PartyId> ready) {
    List<PartyId> candidates = new ArrayList<>();
    for (PartyId party : share.participants()) {
      if (!party.equals(self) && ready.contains(party) && !share.banned().contains(party)) {
        candidates.add(party);
      }
    }
    if (candidates.size() < share.threshold() - 1) {
      throw new IllegalStateException("only " + (candidates.size() + 1) + " of the key's "
          + "holders are ready" + (share.banned().isEmpty() ? "" : " and not banned "
          + share.banned()) + "; resharing needs " + share.threshold() + " of them to deal");
    }
    Collections.shuffle(candidates, config.rng());
    candidates.sort((a, b) -> Boolean.compare(!committee.contains(a), !committee.contains(b)));
    List<PartyId> dealers = new ArrayList<>(candidates.subList(0, share.threshold() - 1));
    dealers.add(self);
    Collections.sort(dealers);
    return dealers;
  }

  /** The public part of a wallet's newest key held by this node, if any. */
  public Optional<KeyGenResult> key(String walletId, KeyScheme scheme) throws VaultException,
      KeyStoreException {
    requireStarted();
    String keyId = scheme.keyId(walletId);
    Optional<Integer> version = activeVersion(keyId);
    if (version.isEmpty()) {
      return Optional.empty();
    }
    ThresholdKeyShare share = loadShare(scheme, keyId, version.get());
    try {
      return Optional.of(new KeyGenResult(walletId, scheme, engine(scheme).publicKey(share),
          version.get(), share.threshold(), share.participants()));
    } finally {
      share.destroy();
    }
  }

  /** At most one key generation per key id runs on this node at a time. */
  private void reserveKeygen(String keyId, String walletId) {
    if (!keygenInFlight.add(keyId)) {
      throw new IllegalStateException("a key generation for wallet " + walletId
          + " is already running on " + self);
    }
  }

  private List<PartyId> checkSigners(ThresholdKeyShare share, List<PartyId> signers) {
    List<PartyId> sorted = new ArrayList<>(new TreeSet<>(signers));
    if (sorted.size() != signers.size()) {
      throw new IllegalArgumentException("signers listed twice: " + signers);
    }
    if (!sorted.contains(self)) {
      throw new IllegalArgumentException("the coordinating node " + self
          + " must be one of the signers");
    }
    if (!share.participants().containsAll(sorted)) {
      throw new IllegalArgumentException("signers " + signers + " are not all key holders "
          + share.participants());
    }
    if (sorted.size() < share.threshold()) {
      throw new IllegalArgumentException(sorted.size() + " signers are fewer than the "
          + "threshold " + share.threshold());
    }
    return sorted;
  }

  /** This node plus threshold-1 ready key holders, picked at random. */
  private List<PartyId> chooseSigners(ThresholdKeyShare share) throws RegistryException {
    Set<PartyId> ready = registry.readyPeers();
    List<PartyId> candidates = new ArrayList<>();
    for (PartyId party : share.participants()) {
      if (!party.equals(self) && ready.contains(party) && !share.banned().contains(party)) {
        candidates.add(party);
      }
    }
    if (candidates.size() < share.threshold() - 1) {
      throw new IllegalStateException("only " + (candidates.size() + 1) + " key holders are "
          + "ready" + (share.banned().isEmpty() ? "" : " and not banned " + share.banned())
          + "; signing needs " + share.threshold());
    }
    Collections.shuffle(candidates, config.rng());
    List<PartyId> signers = new ArrayList<>(candidates.subList(0, share.threshold() - 1));
    signers.add(self);
    Collections.sort(signers);
    return signers;
  }

  // ------------------------------------------------------------------ sessions

  /** The id of the session a proposal from {@code coordinator} describes. */
  private byte[] sessionId(PartyId coordinator, Proposal proposal) {
    Request request = proposal.request();
    return SessionIds.of(coordinator, request, protocolName(proposal),
        proposal.scheme().keyId(request.walletId()), proposal.keyVersion(),
        proposal.participants(), derivationBinding(request));
  }

  private static String protocolName(Proposal proposal) {
    if (proposal.request() instanceof ReshareRequest) {
      return "reshare/" + proposal.scheme().label() + "/dealers:" + String.join(",",
          proposal.dealers().stream().map(PartyId::value).toList());
    }
    return (proposal.request() instanceof KeyGenRequest ? "keygen/" : "sign/")
        + proposal.scheme().label();
  }

  /** The id under which new parties confirm activating a reshared key. */
  private static byte[] activationId(byte[] sessionId) {
    return Envelope.sha256(new ByteWriter().string(ACTIVATE).raw(sessionId).toByteArray());
  }

  /**
   * The id under which the request gate records a request: a key generation request starts one
   * session per scheme, each admitted once.
   */
  private static String admissionId(Request request, KeyScheme scheme) {
    return request instanceof KeyGenRequest
        ? request.requestId() + "/" + scheme.label() : request.requestId();
  }

  /** Coordinator side: propose to the others, then run our own part. */
  private <R> CompletableFuture<R> runSession(Proposal proposal, Protocol<R> protocol)
      throws RegistryException {
    byte[] sessionId = sessionId(self, proposal);
    Envelope invitation = sealer.sealBroadcast(PROPOSE, sessionId, 0, new byte[0],
        proposal.encode());
    SessionDriver<R> driver = newDriver(sessionId, proposal.participants(), protocol);
    // The session is running and reachable before anyone is invited, so every reply finds it.
    CompletableFuture<R> result = launch(driver, proposal, self);
    byte[] frame = invitation.encode();
    for (PartyId party : proposal.participants()) {
      if (!party.equals(self)) {
        try {
          transport.send(self, party, frame);
        } catch (TransportException e) {
          driver.abort(new ProtocolAbort(party, "could not be sent the proposal: "
              + e.getMessage()));
          break;
        }
      }
    }
    return result;
  }

  private <R> SessionDriver<R> newDriver(byte[] sessionId, List<PartyId> participants,
      Protocol<R> protocol) throws RegistryException {
    List<PeerInfo> infos = new ArrayList<>();
    for (PartyId party : participants) {
      infos.add(lookupPeer(party).orElseThrow(() -> new RegistryException("participant "
          + party + " is not registered")));
    }
    return new SessionDriver<>(SessionContext.of(sessionId, self, infos), protocol, sealer,
        (to, envelope) -> transport.send(self, to, envelope.encode()), scheduler,
        config.clock(), config.roundTimeout(), config.rng(), router::ended);
  }

  /** Starts a driver, makes it reachable, and stores a key share when a key generation ends. */
  @SuppressWarnings("unchecked")
  private <R> CompletableFuture<R> launch(SessionDriver<R> driver, Proposal proposal,
      PartyId coordinator) {
    driver.start();
    router.register(driver);
    if (proposal.request() instanceof ReshareRequest reshare) {
      String keyId = reshare.scheme().keyId(reshare.walletId());
      CompletableFuture<R> stored = driver.result().thenApply(result -> {
        Optional<? extends ThresholdKeyShare> share = ((Reshared<?>) result).share();
        if (share.isPresent()) {
          storeReshared(reshare, share.get(), proposal, driver.context().sessionId(),
              coordinator);
        } else {
          keygenInFlight.remove(keyId);
          String sessionKey = SessionRouter.key(driver.context().sessionId());
          pendingRetirements.put(sessionKey, new PendingRetirement(keyId, proposal.keyVersion(),
              coordinator));
          forgetLater(() -> pendingRetirements.remove(sessionKey));
        }
        return result;
      });
      // On success the reservation ends before storage is confirmed (so that the next request
      // for the key, which may follow the confirmation at once, finds it free).
      stored.whenComplete((result, error) -> {
        if (error != null) {
          keygenInFlight.remove(keyId);
        }
      });
      return stored;
    }
    if (!(proposal.request() instanceof KeyGenRequest request)) {
      return driver.result();
    }
    String keyId = proposal.scheme().keyId(request.walletId());
    CompletableFuture<R> stored = (CompletableFuture<R>) driver.result().thenApply(result -> {
      ThresholdKeyShare share = (ThresholdKeyShare) result;
      storeShare(request, share, proposal, driver.context().sessionId(), coordinator);
      return share;
    });
    stored.whenComplete((result, error) -> {
      if (error != null) {
        keygenInFlight.remove(keyId);
      }
    });
    return stored;
  }

  private void storeShare(KeyGenRequest request, ThresholdKeyShare share, Proposal proposal,
      byte[] sessionId, PartyId coordinator) {
    String keyId = proposal.scheme().keyId(request.walletId());
    String failure = null;
    try {
      byte[] plain = share.encode();
      byte[] sealed = vault.seal(keyId, proposal.keyVersion(), plain);
      java.util.Arrays.fill(plain, (byte) 0);
      share.destroy();
      keyStore.put(keyId, proposal.keyVersion(), sealed);
      registry.putKeyInfo(new KeyInfo(request.walletId(), proposal.scheme(),
          proposal.keyVersion(), share.threshold(), share.participants()));
      log.info("node {} stored its share of {} v{}", self, keyId, proposal.keyVersion());
    } catch (KeyStoreException | RegistryException | RuntimeException e) {
      failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      log.error("node {} could not store its share of {}: {}", self, keyId, failure);
    }
    keygenInFlight.remove(keyId);
    confirmStored(sessionId, coordinator, failure);
  }

  /**
   * What this node knows of the key a resharing proposal names, for a party that does not deal
   * to check the dealers' claims against (so that dealers cannot pass off a key of their own):
   * its own active share if it holds one, else the registry's record of the key. The proposed
   * version must be the one this node knows as active.
   */
  private Resharing.OldKey knownOldKey(KeyScheme scheme, String keyId, int proposedVersion)
      throws VaultException, KeyStoreException, RegistryException {
    Optional<Integer> active = activeVersion(keyId);
    if (active.isPresent()) {
      if (active.get() != proposedVersion) {
        throw new IllegalArgumentException("proposed resharing of " + keyId + " v"
            + proposedVersion + ", but v" + active.get() + " is active here");
      }
      ThresholdKeyShare share = loadShare(scheme, keyId, proposedVersion);
      try {
        return new Resharing.OldKey(share.participants(), share.threshold());
      } finally {
        share.destroy();
      }
    }
    KeyInfo info = registry.keyInfo(keyId).orElseThrow(() -> new IllegalArgumentException(
        "no record of " + keyId + " to check a resharing of it against"));
    if (info.version() != proposedVersion) {
      throw new IllegalArgumentException("proposed resharing of " + keyId + " v"
          + proposedVersion + ", but the registry records v" + info.version());
    }
    return new Resharing.OldKey(info.participants(), info.threshold());
  }

  /**
   * Stores a reshared share as a new, inactive version (the active version is pinned first, so
   * a crash in between leaves the old version active) and confirms it to the coordinator.
   */
  private void storeReshared(ReshareRequest request, ThresholdKeyShare share, Proposal proposal,
      byte[] sessionId, PartyId coordinator) {
    String keyId = request.scheme().keyId(request.walletId());
    int version = proposal.keyVersion() + 1;
    String failure = null;
    try {
      if (latestVersion(ACTIVE_PREFIX + keyId).isEmpty()) {
        writeActiveVersion(keyId, latestVersion(keyId).orElse(0));
      }
      if (keyStore.versions(keyId).contains(version)
          && activeVersion(keyId).orElse(0) < version) {
        // Left by a resharing that failed before activating it: never used, safe to replace.
        keyStore.delete(keyId, version);
        log.info("node {} replaces the never-activated {} v{} of a failed resharing", self,
            keyId, version);
      }
      byte[] plain = share.encode();
      byte[] sealed = vault.seal(keyId, version, plain);
      java.util.Arrays.fill(plain, (byte) 0);
      share.destroy();
      keyStore.put(keyId, version, sealed);
      String sessionKey = SessionRouter.key(sessionId);
      pendingActivations.put(sessionKey, new PendingActivation(
          new KeyInfo(request.walletId(), request.scheme(), version, share.threshold(),
              share.participants()), coordinator));
      forgetLater(() -> pendingActivations.remove(sessionKey));
      log.info("node {} stored its reshared share of {} v{} (inactive until every new party "
          + "stored its share)", self, keyId, version);
    } catch (VaultException | KeyStoreException | RuntimeException e) {
      share.destroy();
      failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      log.error("node {} could not store its reshared share of {}: {}", self, keyId, failure);
    }
    keygenInFlight.remove(keyId);
    confirmStored(sessionId, coordinator, failure);
  }

  /**
   * Drops a resharing's pending word after a while: the coordinator sends it within one round
   * timeout of the run's end, or never (when another party failed).
   */
  private void forgetLater(Runnable forget) {
    scheduler.schedule(config.roundTimeout().multipliedBy(4), forget);
  }

  /** Confirms storage to the coordinator (or records it, on the coordinator). */
  private void confirmStored(byte[] sessionId, PartyId coordinator, String failure) {
    if (coordinator.equals(self)) {
      AckCollector collector = acks.get(SessionRouter.key(sessionId));
      if (collector != null) {
        collector.arm();
        collector.record(self, failure);
      }
      if (failure != null) {
        throw new CompletionException(new KeyStoreException("could not store the key share: "
            + failure));
      }
      return;
    }
    byte[] payload = new ByteWriter().u8(failure == null ? 0 : 1)
        .string(failure == null ? "" : failure).toByteArray();
    try {
      Envelope ack = sealer.sealBroadcast(STORED, sessionId, 0, new byte[0], payload);
      transport.send(self, coordinator, ack.encode());
    } catch (TransportException e) {
      log.warn("node {} could not confirm storage to {}: {}", self, coordinator, e.getMessage());
    }
  }

  // ------------------------------------------------------------------ incoming

  private void onFrame(byte[] frame) {
    Envelope envelope;
    try {
      envelope = Envelope.decode(frame);
    } catch (MalformedMessageException e) {
      log.warn("node {} dropped a malformed frame: {}", self, e.getMessage());
      return;
    }
    try {
      switch (envelope.protocol()) {
        case PROPOSE -> onProposal(envelope);
        case STORED -> onStored(envelope);
        case ACTIVATE -> onActivate(envelope);
        case RETIRE -> onRetire(envelope);
        default -> router.deliver(envelope);
      }
    } catch (RuntimeException e) {
      log.error("node {} failed handling {}", self, envelope, e);
    }
  }

  /** Participant side: check a proposal completely before joining its session. */
  private void onProposal(Envelope envelope) {
    Optional<PeerInfo> sender = lookupPeer(envelope.from());
    if (sender.isEmpty() || !envelope.isBroadcast() || envelope.round() != 0
        || !NodeIdentity.verify(sender.get().signingKey(), envelope.signedBytes(),
            envelope.signature())) {
      log.warn("node {} dropped a proposal that is not signed by its sender {}", self,
          envelope.from());
      return;
    }
    if (router.known(envelope.sessionId())) {
      log.warn("node {} dropped a repeated proposal for session {} from {}", self,
          SessionRouter.key(envelope.sessionId()).substring(0, 8), envelope.from());
      return;
    }
    Proposal proposal;
    try {
      proposal = Proposal.decode(envelope.payload());
    } catch (MalformedMessageException e) {
      log.warn("node {} dropped a malformed proposal from {}: {}", self, envelope.from(),
          e.getMessage());
      return;
    }
    // Only a proposal whose session id is derived from its content and its sender can change
    // anything here: otherwise a participant could kill or hijack another coordinator's session.
    if (!java.util.Arrays.equals(sessionId(envelope.from(), proposal), envelope.sessionId())) {
      log.warn("node {} dropped a proposal from {} whose session id does not match its content",
          self, envelope.from());
      return;
    }
    try {
      join(envelope, proposal);
    } catch (UnauthorizedRequestException | VaultException | KeyStoreException
        | RegistryException | IllegalArgumentException | IllegalStateException e) {
      refuse(envelope, proposal.participants(), e.getMessage());
    }
  }

  private void join(Envelope envelope, Proposal proposal) throws UnauthorizedRequestException,
      VaultException, KeyStoreException, RegistryException {
    Request request = proposal.request();
    List<PartyId> participants = proposal.participants();
    if (!participants.contains(self) || !participants.contains(envelope.from())) {
      throw new IllegalArgumentException("the proposal does not include both " + self
          + " and its coordinator");
    }
    if (!new ArrayList<>(new TreeSet<>(participants)).equals(participants)) {
      throw new IllegalArgumentException("proposal participants are not sorted and unique");
    }
    KeyScheme scheme = proposal.scheme();
    SchemeEngine engine = engine(scheme);
    if (request instanceof KeyGenRequest keygen && !keygen.schemes().contains(scheme)) {
      throw new IllegalArgumentException("the request asks for no " + scheme.label() + " key");
    }
    if (request instanceof SignRequest sign && sign.scheme() != scheme) {
      throw new IllegalArgumentException("the proposal's scheme differs from the request's");
    }
    if (request instanceof ReshareRequest reshare && reshare.scheme() != scheme) {
      throw new IllegalArgumentException("the proposal's scheme differs from the request's");
    }
    gate.admit(admissionId(request, scheme), request.signingBytes(),
        proposal.initiatorSignature());
    String keyId = scheme.keyId(request.walletId());
    Protocol<?> protocol;
    Optional<ThresholdKeyShare> loaded = Optional.empty();
    if (request instanceof KeyGenRequest) {
      if (proposal.threshold() != config.threshold()) {
        throw new IllegalArgumentException("proposed threshold " + proposal.threshold()
            + " differs from this node's threshold " + config.threshold());
      }
      List<PartyId> registered = registry.peers().stream().map(PeerInfo::id).toList();
      if (!participants.equals(registered)) {
        throw new IllegalArgumentException("key generation must include every registered node "
            + registered + ", not " + participants);
      }
      if (proposal.keyVersion() != 1 || !keyStore.versions(keyId).isEmpty()) {
        throw new IllegalArgumentException("wallet " + request.walletId() + " already has an "
            + scheme.label() + " key here");
      }
      protocol = engine.keyGen(envelope.sessionId(), self, participants, proposal.threshold());
      reserveKeygen(keyId, request.walletId());
    } else if (request instanceof ReshareRequest reshare) {
      List<PartyId> dealers = proposal.dealers();
      TreeSet<PartyId> all = new TreeSet<>(dealers);
      all.addAll(reshare.newParticipants());
      if (!participants.equals(List.copyOf(all))) {
        throw new IllegalArgumentException("a resharing's participants must be its dealers and "
            + "the new committee");
      }
      if (proposal.threshold() != reshare.newThreshold()) {
        throw new IllegalArgumentException("proposed threshold " + proposal.threshold()
            + " differs from the request's " + reshare.newThreshold());
      }
      Optional<ThresholdKeyShare> old = Optional.empty();
      Optional<Resharing.OldKey> expected = Optional.empty();
      if (dealers.contains(self)) {
        Optional<Integer> version = activeVersion(keyId);
        if (version.isEmpty() || version.get() != proposal.keyVersion()) {
          throw new IllegalArgumentException("this node holds no active share of " + keyId
              + " v" + proposal.keyVersion() + " to deal");
        }
        old = Optional.of(loadShare(scheme, keyId, proposal.keyVersion()));
      } else {
        expected = Optional.of(knownOldKey(scheme, keyId, proposal.keyVersion()));
      }
      try {
        protocol = engine.reshare(envelope.sessionId(), self, old, dealers,
            reshare.newParticipants(), proposal.threshold(), expected);
        reserveKeygen(keyId, request.walletId());
      } catch (IllegalArgumentException | IllegalStateException e) {
        old.ifPresent(ThresholdKeyShare::destroy);
        throw e;
      }
      loaded = old;
    } else {
      SignRequest sign = (SignRequest) request;
      Optional<Integer> version = activeVersion(keyId);
      if (version.isEmpty() || version.get() != proposal.keyVersion()) {
        throw new IllegalArgumentException("this node holds no share of " + keyId + " v"
            + proposal.keyVersion());
      }
      ThresholdKeyShare share = loadShare(scheme, keyId, proposal.keyVersion());
      if (proposal.threshold() != share.threshold()) {
        share.destroy();
        throw new IllegalArgumentException("proposed threshold " + proposal.threshold()
            + " differs from the key's threshold " + share.threshold());
      }
      share = signingShare(sign, share);
      try {
        protocol = engine.sign(share, envelope.sessionId(), participants, sign);
      } catch (IllegalArgumentException e) {
        share.destroy();
        throw e;
      }
      loaded = Optional.of(share);
    }
    SessionDriver<?> driver;
    try {
      driver = newDriver(envelope.sessionId(), participants, protocol);
    } catch (RegistryException e) {
      loaded.ifPresent(ThresholdKeyShare::destroy);
      if (!(request instanceof SignRequest)) {
        keygenInFlight.remove(keyId);
      }
      throw e;
    }
    Optional<ThresholdKeyShare> toDestroy = loaded;
    CompletableFuture<?> done = launch(driver, proposal, envelope.from());
    done.whenComplete((result, error) -> toDestroy.ifPresent(ThresholdKeyShare::destroy));
    if (request instanceof SignRequest) {
      done.whenComplete((result, error) -> recordBans(error, keyId));
    }
    done.whenComplete((result, error) -> {
      if (error != null) {
        log.info("node {}: session {} for request {} failed: {}", self,
            driver.context().shortId(), request.requestId(), rootMessage(error));
      }
    });
  }

  private void refuse(Envelope proposalEnvelope, List<PartyId> participants, String reason) {
    log.warn("node {} refused session {} from {}: {}", self,
        SessionRouter.key(proposalEnvelope.sessionId()).substring(0, 8),
        proposalEnvelope.from(), reason);
    router.abort(proposalEnvelope.sessionId(), new ProtocolAbort(List.of(),
        "refused locally: " + reason));
    Envelope refusal = sealer.sealBroadcast(SessionDriver.NOTICE,
        proposalEnvelope.sessionId(), 0, new byte[0], AbortNotice.refusal(reason).encode());
    for (PartyId party : participants) {
      if (!party.equals(self)) {
        try {
          transport.send(self, party, refusal.encode());
        } catch (TransportException e) {
          log.warn("node {} could not send its refusal to {}: {}", self, party, e.getMessage());
        }
      }
    }
  }

  private void onStored(Envelope envelope) {
    AckCollector collector = acks.get(SessionRouter.key(envelope.sessionId()));
    Optional<PeerInfo> sender = lookupPeer(envelope.from());
    if (collector == null || sender.isEmpty() || !NodeIdentity.verify(
        sender.get().signingKey(), envelope.signedBytes(), envelope.signature())) {
      log.warn("node {} dropped an unexpected storage confirmation from {}", self,
          envelope.from());
      return;
    }
    try {
      ByteReader in = new ByteReader(envelope.payload());
      int status = in.u8();
      String reason = in.string(1024);
      in.end();
      collector.record(envelope.from(), status == 0 ? null : reason);
    } catch (MalformedMessageException e) {
      collector.record(envelope.from(), "malformed storage confirmation");
    }
  }

  /** Coordinator side: tells every other new party to activate; activates here if new. */
  private void sendActivation(byte[] sessionId, List<PartyId> committee,
      AckCollector activated) {
    Envelope activation = sealer.sealBroadcast(ACTIVATE, sessionId, 0, new byte[0],
        new byte[0]);
    for (PartyId party : committee) {
      if (party.equals(self)) {
        activated.record(self, activate(SessionRouter.key(sessionId)));
        continue;
      }
      try {
        transport.send(self, party, activation.encode());
      } catch (TransportException e) {
        activated.record(party, "could not be sent the activation: " + e.getMessage());
      }
    }
  }

  /** New party side: the coordinator saw every new party store its share; activate ours. */
  private void onActivate(Envelope envelope) {
    String key = SessionRouter.key(envelope.sessionId());
    PendingActivation pending = pendingActivations.get(key);
    Optional<PeerInfo> sender = lookupPeer(envelope.from());
    if (pending == null || !pending.coordinator().equals(envelope.from()) || sender.isEmpty()
        || !NodeIdentity.verify(sender.get().signingKey(), envelope.signedBytes(),
            envelope.signature())) {
      log.warn("node {} dropped an unexpected activation from {}", self, envelope.from());
      return;
    }
    String failure = activate(key);
    byte[] payload = new ByteWriter().u8(failure == null ? 0 : 1)
        .string(failure == null ? "" : failure).toByteArray();
    try {
      Envelope ack = sealer.sealBroadcast(STORED, activationId(envelope.sessionId()), 0,
          new byte[0], payload);
      transport.send(self, envelope.from(), ack.encode());
    } catch (TransportException e) {
      log.warn("node {} could not confirm activation to {}: {}", self, envelope.from(),
          e.getMessage());
    }
  }

  /** Makes a stored reshared version active and publishes its metadata; null or a failure. */
  private String activate(String sessionKey) {
    PendingActivation pending = pendingActivations.remove(sessionKey);
    if (pending == null) {
      return "no stored share waits for activation";
    }
    KeyInfo info = pending.info();
    try {
      writeActiveVersion(info.keyId(), info.version());
      registry.putKeyInfo(info);
      log.info("node {} activated {} v{}", self, info.keyId(), info.version());
      return null;
    } catch (VaultException | KeyStoreException | RegistryException | RuntimeException e) {
      String failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      log.error("node {} could not activate {} v{}: {}", self, info.keyId(), info.version(),
          failure);
      return failure;
    }
  }

  /** Coordinator side: tells the dealers that left the committee to retire their version. */
  private void sendRetirement(byte[] sessionId, List<PartyId> leavers) {
    Envelope retirement = sealer.sealBroadcast(RETIRE, sessionId, 0, new byte[0], new byte[0]);
    for (PartyId party : leavers) {
      if (party.equals(self)) {
        retire(SessionRouter.key(sessionId));
        continue;
      }
      try {
        transport.send(self, party, retirement.encode());
      } catch (TransportException e) {
        log.warn("node {} could not tell {} to retire its share: {}", self, party,
            e.getMessage());
      }
    }
  }

  /** Leaving dealer side: the new committee holds the key now; stop using the old version. */
  private void onRetire(Envelope envelope) {
    String key = SessionRouter.key(envelope.sessionId());
    PendingRetirement pending = pendingRetirements.get(key);
    Optional<PeerInfo> sender = lookupPeer(envelope.from());
    if (pending == null || !pending.coordinator().equals(envelope.from()) || sender.isEmpty()
        || !NodeIdentity.verify(sender.get().signingKey(), envelope.signedBytes(),
            envelope.signature())) {
      log.warn("node {} dropped an unexpected retirement from {}", self, envelope.from());
      return;
    }
    retire(key);
  }

  /**
   * Marks the key as no longer held here (active version 0) if the dealt version is still the
   * active one; the old share stays in the key store until an operator deletes it.
   */
  private synchronized void retire(String sessionKey) {
    PendingRetirement pending = pendingRetirements.remove(sessionKey);
    if (pending == null) {
      return;
    }
    try {
      if (activeVersion(pending.keyId()).equals(Optional.of(pending.version()))) {
        writeActiveVersion(pending.keyId(), 0);
        log.info("node {} retired {} v{}: the key was reshared to a committee without it", self,
            pending.keyId(), pending.version());
      }
    } catch (VaultException | KeyStoreException | RuntimeException e) {
      log.error("node {} could not retire {} v{}: {}", self, pending.keyId(), pending.version(),
          e.getMessage());
    }
  }

  /** A key this node dealt to a committee without it, and the resharing's coordinator. */
  private record PendingRetirement(String keyId, int version, PartyId coordinator) { }

  /** A reshared share stored here, and the coordinator whose activation it waits for. */
  private record PendingActivation(KeyInfo info, PartyId coordinator) { }

  // ------------------------------------------------------------------ keys and peers

  /**
   * The version of a key this node uses: the one its newest active-version record names (none
   * for 0), else the newest stored version.
   */
  private Optional<Integer> activeVersion(String keyId) throws VaultException,
      KeyStoreException {
    String activeId = ACTIVE_PREFIX + keyId;
    Optional<Integer> record = latestVersion(activeId);
    if (record.isEmpty()) {
      return latestVersion(keyId);
    }
    byte[] sealed = keyStore.get(activeId, record.get()).orElseThrow(() -> new KeyStoreException(
        "record " + activeId + " v" + record.get() + " vanished"));
    byte[] plain = vault.open(activeId, record.get(), sealed);
    try {
      ByteReader in = new ByteReader(plain);
      int version = in.u32();
      in.end();
      return version == 0 ? Optional.empty() : Optional.of(version);
    } catch (MalformedMessageException e) {
      throw new VaultException("record " + activeId + " v" + record.get() + " holds no valid "
          + "version: " + e.getMessage());
    }
  }

  /** Records which version of a key is active, as a new version of its active-version record. */
  private synchronized void writeActiveVersion(String keyId, int version)
      throws VaultException, KeyStoreException {
    String activeId = ACTIVE_PREFIX + keyId;
    int next = latestVersion(activeId).orElse(0) + 1;
    keyStore.put(activeId, next, vault.seal(activeId, next, new ByteWriter().u32(version)
        .toByteArray()));
  }

  private Optional<Integer> latestVersion(String keyId) throws KeyStoreException {
    List<Integer> versions = keyStore.versions(keyId);
    return versions.isEmpty() ? Optional.empty()
        : Optional.of(versions.get(versions.size() - 1));
  }

  private ThresholdKeyShare loadShare(KeyScheme scheme, String keyId, int version)
      throws VaultException, KeyStoreException {
    byte[] sealed = keyStore.get(keyId, version).orElseThrow(() -> new KeyStoreException(
        "key " + keyId + " v" + version + " is not in the key store"));
    byte[] plain;
    try {
      plain = vault.open(keyId, version, sealed);
    } catch (WrongPassphraseException e) {
      // The passphrase opened the vault check record when the node started, so this record
      // itself was altered (or moved from another key id or version).
      throw new VaultException("record " + keyId + " v" + version + " was altered: it does not "
          + "authenticate under this node's vault passphrase");
    }
    ThresholdKeyShare share;
    try {
      share = engine(scheme).decodeShare(plain);
    } catch (MalformedMessageException e) {
      throw new VaultException("record " + keyId + " v" + version + " holds no valid key share: "
          + e.getMessage());
    } finally {
      java.util.Arrays.fill(plain, (byte) 0);
    }
    Set<PartyId> bans;
    try {
      bans = storedBans(keyId);
    } catch (VaultException | KeyStoreException | RuntimeException e) {
      share.destroy();
      throw e;
    }
    // Bans outlive resharing; only those of other holders of this version apply to it.
    Set<PartyId> relevant = new TreeSet<>(bans);
    relevant.retainAll(share.participants());
    relevant.remove(share.self());
    return relevant.isEmpty() ? share : share.withBanned(relevant);
  }

  /** The parties banned for a key: the newest version of its ban record, if any. */
  private Set<PartyId> storedBans(String keyId) throws VaultException, KeyStoreException {
    String banId = BANS_PREFIX + keyId;
    Optional<Integer> latest = latestVersion(banId);
    if (latest.isEmpty()) {
      return Set.of();
    }
    byte[] sealed = keyStore.get(banId, latest.get()).orElseThrow(() -> new KeyStoreException(
        "record " + banId + " v" + latest.get() + " vanished"));
    byte[] plain = vault.open(banId, latest.get(), sealed);
    try {
      ByteReader in = new ByteReader(plain);
      Set<PartyId> bans = new TreeSet<>();
      for (String id : in.strings(Proposal.MAX_PARTIES, 64)) {
        bans.add(PartyId.of(id));
      }
      in.end();
      return bans;
    } catch (MalformedMessageException | IllegalArgumentException e) {
      throw new VaultException("record " + banId + " v" + latest.get() + " holds no valid ban "
          + "list: " + e.getMessage());
    }
  }

  /**
   * Persists the bans a failed signing session calls for: a counterparty that failed a check on
   * pairwise material reused across sessions must never sign with this key again. Each change
   * writes a new version of the key's ban record (a key store never overwrites); the newest
   * version holds the whole list.
   */
  private synchronized void recordBans(Throwable error, String keyId) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (!(cause instanceof ProtocolAbort abort) || abort.banned().isEmpty()) {
      return;
    }
    String banId = BANS_PREFIX + keyId;
    try {
      Set<PartyId> bans = new TreeSet<>(storedBans(keyId));
      if (!bans.addAll(abort.banned())) {
        return;
      }
      int version = latestVersion(banId).orElse(0) + 1;
      byte[] plain = new ByteWriter().strings(bans.stream().map(PartyId::value).toList())
          .toByteArray();
      keyStore.put(banId, version, vault.seal(banId, version, plain));
      log.warn("node {} banned {} for key {}: {}", self, abort.banned(), keyId,
          abort.getMessage());
    } catch (VaultException | KeyStoreException | RuntimeException e) {
      log.error("node {} could not record the ban of {} for key {}: {}", self, abort.banned(),
          keyId, e.getMessage());
    }
  }


  private boolean signedBySender(Envelope envelope) {
    return lookupPeer(envelope.from()).map(peer -> NodeIdentity.verify(peer.signingKey(),
        envelope.signedBytes(), envelope.signature())).orElse(false);
  }

  private Optional<PeerInfo> lookupPeer(PartyId id) {
    PeerInfo cached = peerCache.get(id);
    if (cached != null) {
      return Optional.of(cached);
    }
    try {
      Optional<PeerInfo> found = registry.peer(id);
      found.ifPresent(info -> peerCache.put(id, info));
      return found;
    } catch (RegistryException e) {
      log.warn("node {} could not look up peer {}: {}", self, id, e.getMessage());
      return Optional.empty();
    }
  }

  private static SchemeEngine engine(KeyScheme scheme) {
    return switch (scheme) {
      case SECP256K1 -> Dkls23Engine.INSTANCE;
      case ED25519 -> FrostEd25519Engine.INSTANCE;
      case SCHNORR -> FrostTaprootEngine.INSTANCE;
    };
  }

  private void requireStarted() {
    if (vault == null || closed) {
      throw new IllegalStateException("node " + self + " is not running");
    }
    if (draining) {
      throw new IllegalStateException("node " + self + " is shutting down");
    }
  }

  private static String rootMessage(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage();
  }

  /** Collects every participant's confirmation that it stored its share of a new key. */
  private final class AckCollector {
    private final String key;
    private final Set<PartyId> waiting;
    private final CompletableFuture<Void> future = new CompletableFuture<>();
    private Scheduler.Cancellable timer = () -> { };
    private boolean armed;

    AckCollector(byte[] sessionId, List<PartyId> participants) {
      this.key = SessionRouter.key(sessionId);
      this.waiting = new TreeSet<>(participants);
    }

    /**
     * Starts the wait, once this node's own run has finished: the others finish at about the
     * same time, so one round timeout is enough for their confirmations. Idempotent.
     */
    synchronized void arm() {
      if (!future.isDone() && !armed) {
        armed = true;
        timer = scheduler.schedule(config.roundTimeout(), this::expire);
      }
    }

    CompletableFuture<Void> future() {
      return future;
    }

    synchronized void record(PartyId party, String failure) {
      if (!waiting.contains(party)) {
        // not a party this collector waits for (or one that already confirmed): ignore it, so
        // a node outside the session cannot fail or complete it
        log.warn("ignored a confirmation from {}, which this session does not wait for", party);
        return;
      }
      if (failure != null) {
        fail(new ProtocolAbort(party, "could not store its key share: " + failure));
        return;
      }
      waiting.remove(party);
      if (waiting.isEmpty()) {
        acks.remove(key);
        timer.cancel();
        future.complete(null);
      }
    }

    synchronized void fail(ProtocolAbort reason) {
      acks.remove(key);
      timer.cancel();
      future.completeExceptionally(reason);
    }

    private synchronized void expire() {
      if (!future.isDone()) {
        fail(new ProtocolAbort(List.copyOf(waiting),
            "did not confirm storing the key share in time"));
      }
    }
  }
}
