package io.mpcium.transport.nats.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mpcium.KeyGenRequest;
import io.mpcium.KeyGenResult;
import io.mpcium.KeyScheme;
import io.mpcium.PartyId;
import io.mpcium.RequestPolicy;
import io.mpcium.ReshareRequest;
import io.mpcium.SignRequest;
import io.mpcium.SignatureResult;
import io.mpcium.TaprootTweak;
import io.mpcium.ThresholdNode;
import io.mpcium.hd.DerivationPath;
import io.mpcium.UnauthorizedRequestException;
import io.mpcium.protocol.ProtocolAbort;
import io.mpcium.protocol.SessionTimeoutException;
import io.mpcium.spi.KeyInfo;
import io.mpcium.spi.PeerInfo;
import io.mpcium.spi.PeerRegistry;
import io.mpcium.spi.RegistryException;
import io.mpcium.transport.nats.wire.ErrorCode;
import io.mpcium.transport.nats.wire.GenerateKeyMessage;
import io.mpcium.transport.nats.wire.KeygenResultEvent;
import io.mpcium.transport.nats.wire.MalformedMpciumMessageException;
import io.mpcium.transport.nats.wire.MpciumStreams;
import io.mpcium.transport.nats.wire.MpciumSubjects;
import io.mpcium.transport.nats.wire.ResharingMessage;
import io.mpcium.transport.nats.wire.ResharingResultEvent;
import io.mpcium.transport.nats.wire.ResultType;
import io.mpcium.transport.nats.wire.SignTxMessage;
import io.mpcium.transport.nats.wire.SigningResultEvent;
import io.nats.client.Connection;
import io.nats.client.ConsumeOptions;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueManagement;
import io.nats.client.Message;
import io.nats.client.MessageConsumer;
import io.nats.client.PublishOptions;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StorageType;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mpcium's client protocol in front of one {@link ThresholdNode}: every node of a cluster runs a
 * gateway, and Mpcium's Go and TypeScript clients (or {@code MpcClient}) talk to the cluster
 * through NATS JetStream as they would to Mpcium's Go nodes.
 *
 * <p><b>What it does.</b> At start it creates Mpcium's streams and consumers when absent
 * ({@link MpciumStreams}). Keygen and signing requests arrive through the shared durable pull
 * consumers {@code mpc_keygen_consumer} and {@code mpc_signing_consumer}, so each request
 * reaches one node, which coordinates the protocol run. The initiator's signature is checked
 * over exactly the bytes Mpcium's clients sign (and again by every node that takes part), then
 * the authorizers' signatures. The result, success or error with Mpcium's error code, is
 * published on the client's result subject ({@code ClientID} routing) with {@code Nats-Msg-Id}
 * {@code <result prefix>.[<ClientID>:]<wallet or tx id>:<request stream sequence>}, identical on
 * every node and every redelivery, so the stream keeps exactly one result per request. The
 * request is acknowledged only after JetStream has stored the result; a result that cannot be
 * published is retried, then the request is left to redelivery. Once its result is stored, a
 * request is recorded as answered in the key-value bucket {@value #ANSWERED_BUCKET}, so a
 * redelivery (after a server restart lost an acknowledgement, for instance) is acknowledged
 * without a second result, on whichever node it lands; one still running gets an in-progress
 * signal. Signing requests that exhaust their deliveries are answered with {@code
 * ERROR_MAX_DELIVERY_ATTEMPTS} (from the JetStream advisory). A keygen request for an existing
 * wallet replays the stored public keys. Reshare requests on core {@code mpc:reshare} are heard
 * by every gateway and verified; one node (the lowest-id ready holder of the key) coordinates
 * the resharing ({@link ThresholdNode#reshare}) and publishes Mpcium's reshare result with the
 * unchanged public key once every new node has stored and activated its share.
 *
 * <p><b>HD child keys.</b> A signing request's {@code derivation_path} signs with that
 * non-hardened child of the wallet's key ({@link io.mpcium.hd.HdDerivation}, with the node's
 * chain code: Mpcium's {@code chain_code} when configured), as Mpcium does; the result carries no
 * child key, clients derive it. As in Mpcium, the path is not covered by the initiator's
 * signature; every node binds it into the session id. A hardened index gets Mpcium's error.
 *
 * <p><b>Extension: key type {@code "schnorr"}.</b> Signing requests with {@code key_type}
 * {@code "schnorr"} are signed with the wallet's BIP340 key (FROST over secp256k1), optionally
 * for a Taproot output key ({@code taproot_tweak}, see {@link SignTxMessage}); the result's
 * {@code signature} is the 64-byte BIP340 signature and {@code public_key} the x-only key it
 * verifies under. Keygen creates schnorr keys only when {@link GatewayConfig#schnorrKeys()}.
 *
 * <p><b>Threading.</b> Requests arrive on jnats consumer threads, which only look up the
 * answered-requests record: the node's futures complete on its own threads, which publish the
 * result asynchronously. One daemon thread schedules publish retries and in-progress signals,
 * another records answered requests and acknowledges them. Thread-safe.
 */
public final class MpciumGateway implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MpciumGateway.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PUBLISH_ATTEMPTS = 10;
  private static final int CACHED_RESULTS = 8192;
  static final long PULL_EXPIRY_MILLIS = 5000;
  /** Longest wallet id, session id or client id used in a result subject. */
  static final int MAX_TOKEN = 256;
  /** Mpcium's {@code key_type} of ECDSA keys, and this library's label of that scheme. */
  static final String SECP256K1 = "secp256k1";
  /**
   * The keys of a wallet, as Mpcium creates them: one ECDSA (secp256k1) and one EdDSA key, of
   * the schemes this library has.
   */
  private static final List<KeyScheme> MPCIUM_SCHEMES = java.util.Arrays.stream(
      KeyScheme.values()).filter(s -> s.label().equals(SECP256K1) || s == KeyScheme.ED25519)
      .toList();
  /** Key-value bucket of answered requests (see {@link #ensureAnsweredBucket}). */
  public static final String ANSWERED_BUCKET = "mpcium_answered";

  private final Connection connection;
  private final JetStream jetStream;
  private final JetStreamManagement management;
  private final ThresholdNode node;
  private final PeerRegistry registry;
  private final RequestPolicy policy;
  private final GatewayConfig config;
  private final ScheduledExecutorService timer;
  private final java.util.concurrent.ExecutorService io;
  private final Map<String, InFlight> inFlight = new ConcurrentHashMap<>();
  private final Map<String, Boolean> answeredHere = new LinkedHashMap<>(256, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > CACHED_RESULTS;
    }
  };
  private KeyValue answered;
  private final List<MessageConsumer> consumers = new ArrayList<>();
  private Dispatcher dispatcher;
  private volatile boolean closed;
  private volatile boolean draining;

  private MpciumGateway(Connection connection, ThresholdNode node, PeerRegistry registry,
      RequestPolicy policy, GatewayConfig config) throws IOException {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.node = Objects.requireNonNull(node, "node");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.config = Objects.requireNonNull(config, "config");
    this.jetStream = connection.jetStream();
    this.management = connection.jetStreamManagement();
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "mpcium-gateway-timer-" + node.id());
      t.setDaemon(true);
      return t;
    });
    this.io = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "mpcium-gateway-io-" + node.id());
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Creates the streams and consumers if absent and starts serving requests for {@code node},
   * which must be started. {@code policy} must be the node's own request policy.
   */
  public static MpciumGateway start(Connection connection, ThresholdNode node,
      PeerRegistry registry, RequestPolicy policy, GatewayConfig config)
      throws IOException, JetStreamApiException {
    MpciumGateway gateway = new MpciumGateway(connection, node, registry, policy, config);
    try {
      gateway.open();
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      gateway.close();
      throw e;
    }
    return gateway;
  }

  private void open() throws IOException, JetStreamApiException {
    MpciumStreams.ensureStreams(management);
    answered = ensureAnsweredBucket();
    MpciumStreams.ensureRequestConsumers(management, config.maxConcurrentKeygen(),
        config.maxConcurrentSigning(), config.requestAckWait());
    MpciumStreams.ensureLegacyResultConsumers(management);
    dispatcher = connection.createDispatcher();
    dispatcher.subscribe(MpciumSubjects.RESHARE_REQUESTS, this::onReshare);
    dispatcher.subscribe(MpciumSubjects.MAX_DELIVERIES_ADVISORY, this::onMaxDeliveries);
    // Short pull expiry: after a server restart the consumer notices missed heartbeats and
    // pulls again within seconds rather than half a minute.
    ConsumeOptions options = ConsumeOptions.builder()
        .batchSize(Math.max(config.maxConcurrentSigning(), 16)).expiresIn(PULL_EXPIRY_MILLIS)
        .build();
    consumers.add(connection.getConsumerContext(MpciumSubjects.KEYGEN_STREAM,
        MpciumSubjects.KEYGEN_CONSUMER).consume(options, this::onKeygen));
    consumers.add(connection.getConsumerContext(MpciumSubjects.SIGNING_STREAM,
        MpciumSubjects.SIGNING_CONSUMER).consume(options, this::onSigning));
    log.info("gateway of {} serving Mpcium clients", node.id());
  }

  /**
   * The cluster's record of answered requests, {@code <stream>.<sequence>}: JetStream may
   * redeliver a request whose result was published and consumed (an acknowledgement lost with
   * a server restart), and de-duplication by {@code Nats-Msg-Id} no longer covers a result that
   * a client consumed before the restart. Entries expire after a day.
   */
  private KeyValue ensureAnsweredBucket() throws IOException, JetStreamApiException {
    KeyValueManagement kvm = connection.keyValueManagement();
    try {
      kvm.getStatus(ANSWERED_BUCKET);
    } catch (JetStreamApiException missing) {
      try {
        kvm.create(KeyValueConfiguration.builder().name(ANSWERED_BUCKET)
            .storageType(StorageType.File).maxHistoryPerKey(1).ttl(Duration.ofDays(1))
            .description("Mpcium for Java: requests whose result was published").build());
      } catch (JetStreamApiException raced) {
        kvm.getStatus(ANSWERED_BUCKET);
      }
    }
    return connection.keyValue(ANSWERED_BUCKET);
  }

  private static String answerKey(Message msg) {
    return msg.metaData().getStream() + "." + msg.metaData().streamSequence();
  }

  /** Whether the request in {@code msg} was answered already (here or by another node). */
  private boolean isAnswered(String key) {
    synchronized (answeredHere) {
      if (answeredHere.containsKey(key)) {
        return true;
      }
    }
    try {
      KeyValueEntry entry = answered.get(key);
      return entry != null && entry.getValue() != null;
    } catch (IOException | JetStreamApiException e) {
      log.warn("could not read the answered-requests record for {}: {}", key, e.getMessage());
      return false;
    }
  }

  private void markAnswered(String key) {
    synchronized (answeredHere) {
      answeredHere.put(key, Boolean.TRUE);
    }
    try {
      answered.put(key, new byte[] {1});
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      log.warn("could not record request {} as answered: {}", key, e.getMessage());
    }
  }

  // ------------------------------------------------------------------ keygen

  private void onKeygen(Message msg) {
    Optional<String> clientId;
    GenerateKeyMessage request;
    try {
      clientId = clientId(msg);
      request = GenerateKeyMessage.parse(msg.getData());
      requireToken(request.walletId(), "wallet_id");
    } catch (MalformedMpciumMessageException | Refusal e) {
      // No usable result subject (Mpcium's nodes cannot answer these either): drop it.
      log.warn("dropped an unusable keygen request: {}", e.getMessage());
      msg.ack();
      return;
    }
    String subject = MpciumSubjects.keygenResult(clientId, request.walletId());
    String messageId = MpciumSubjects.resultMessageId(MpciumSubjects.KEYGEN_RESULT, clientId,
        request.walletId()) + ":" + msg.metaData().streamSequence();
    handle(msg, subject, messageId, () -> keygen(request)
        .thenApply(KeygenResultEvent::toJson));
  }

  private CompletableFuture<KeygenResultEvent> keygen(GenerateKeyMessage request) {
    String walletId = request.walletId();
    try {
      byte[] raw = request.raw();
      try {
        policy.authorize(walletId, raw, request.signature());
      } catch (UnauthorizedRequestException e) {
        throw new Refusal(ErrorCode.ERROR_INVALID_INITIATOR_SIGNATURE,
            "Failed to verify initiator message: invalid signature from initiator");
      }
      config.authorizers().check(walletId, raw, request.signature(),
          request.authorizerSignatures());
      checkId(walletId, "wallet_id");
      Optional<KeyGenResult> existing = node.key(walletId, KeyScheme.ED25519);
      if (existing.isPresent()) {
        log.info("keygen for existing wallet {}: replaying the stored result", walletId);
        List<KeyGenResult> keys = new ArrayList<>();
        for (KeyScheme scheme : MPCIUM_SCHEMES) {
          node.key(walletId, scheme).ifPresent(keys::add);
        }
        node.key(walletId, KeyScheme.SCHNORR).ifPresent(keys::add);
        return CompletableFuture.completedFuture(keygenSuccess(walletId, keys));
      }
      List<PartyId> peers = registry.peers().stream().map(PeerInfo::id).toList();
      Set<PartyId> ready = registry.readyPeers();
      if (!ready.containsAll(peers)) {
        throw new Refusal(ErrorCode.ERROR_CLUSTER_NOT_READY, "not all peers are ready");
      }
      // Mpcium signs only the wallet id; the request id is ours and never reused.
      List<KeyScheme> schemes = new ArrayList<>(MPCIUM_SCHEMES);
      if (config.schnorrKeys()) {
        schemes.add(KeyScheme.SCHNORR);
      }
      KeyGenRequest keygen = KeyGenRequest.mpcium(UUID.randomUUID().toString(), walletId,
          schemes);
      return node.generateKey(keygen, request.signature()).handle((keys, error) -> {
        if (error == null) {
          return keygenSuccess(walletId, keys);
        }
        Refusal refusal = keygenFailure(walletId, unwrap(error));
        return KeygenResultEvent.error(walletId, refusal.code(), refusal.getMessage());
      });
    } catch (Refusal r) {
      return CompletableFuture.completedFuture(KeygenResultEvent.error(walletId, r.code(),
          r.getMessage()));
    } catch (Exception e) {
      return CompletableFuture.completedFuture(KeygenResultEvent.error(walletId,
          ErrorCode.ERROR_KEY_LOAD, "Failed to read the wallet's keys: " + e.getMessage()));
    }
  }

  /** Both public keys in Mpcium's encodings, and the x-only schnorr key if there is one. */
  private static KeygenResultEvent keygenSuccess(String walletId, List<KeyGenResult> keys) {
    byte[] ecdsa = null;
    byte[] eddsa = null;
    byte[] schnorr = null;
    for (KeyGenResult key : keys) {
      if (key.scheme() == KeyScheme.ED25519) {
        eddsa = key.publicKey();
      } else if (key.scheme() == KeyScheme.SCHNORR) {
        schnorr = key.publicKey();
      } else if (key.scheme().label().equals(SECP256K1)) {
        ecdsa = MpciumEncoding.ecdsaPublicKey(key.publicKey());
      }
    }
    return KeygenResultEvent.success(walletId, ecdsa, eddsa, schnorr);
  }

  private static Refusal keygenFailure(String walletId, Throwable error) {
    String message = String.valueOf(error.getMessage());
    if (error instanceof UnauthorizedRequestException) {
      return new Refusal(ErrorCode.ERROR_INVALID_INITIATOR_SIGNATURE,
          "Failed to verify initiator message: invalid signature from initiator");
    } else if (error instanceof SessionTimeoutException) {
      return new Refusal(ErrorCode.ERROR_NETWORK_TIMEOUT, "Key generation timed out: "
          + message);
    } else if (error instanceof ProtocolAbort) {
      return new Refusal(ErrorCode.ERROR_KEYGEN_FAILURE, "Failed to generate key: " + message);
    } else if (error instanceof IllegalStateException && message.contains("already running")) {
      return new Refusal(ErrorCode.ERROR_SESSION_DUPLICATE, "Duplicate keygen session: "
          + "duplicate keygen request detected for walletID=" + walletId);
    } else if (error instanceof IllegalArgumentException && message.contains("already has")) {
      return new Refusal(ErrorCode.ERROR_KEY_ALREADY_EXISTS,
          "Failed to create key generation session: Key already exists: " + walletId);
    } else if (error instanceof IllegalStateException && message.contains("not ready")) {
      return new Refusal(ErrorCode.ERROR_CLUSTER_NOT_READY, "not all peers are ready: "
          + message);
    }
    return new Refusal(ErrorCode.fromMessage(message), "Failed to generate key: " + message);
  }

  // ------------------------------------------------------------------ signing

  private void onSigning(Message msg) {
    long sequence = msg.metaData().streamSequence();
    Optional<String> clientId;
    try {
      clientId = clientId(msg);
    } catch (Refusal e) {
      log.warn("dropped a signing request: {}", e.getMessage());
      msg.ack();
      return;
    }
    SignTxMessage request;
    try {
      request = SignTxMessage.parse(msg.getData());
    } catch (MalformedMpciumMessageException e) {
      String messageId = MpciumSubjects.resultMessageId(MpciumSubjects.SIGNING_RESULT, clientId,
          "") + ":" + sequence;
      SigningResultEvent error = SigningResultEvent.error("", "", "",
          ErrorCode.ERROR_UNMARSHAL_FAILURE, "Failed to unmarshal signing request: "
              + e.getMessage(), false);
      handle(msg, MpciumSubjects.signingResult(clientId), messageId,
          () -> CompletableFuture.completedFuture(error.toJson()));
      return;
    }
    String messageId = MpciumSubjects.resultMessageId(MpciumSubjects.SIGNING_RESULT, clientId,
        request.txId()) + ":" + sequence;
    handle(msg, MpciumSubjects.signingResult(clientId), messageId,
        () -> sign(request).thenApply(SigningResultEvent::toJson));
  }

  private CompletableFuture<SigningResultEvent> sign(SignTxMessage request) {
    try {
      KeyScheme scheme = scheme(request.keyType()).orElseThrow(() -> new Refusal(
          ErrorCode.ERROR_UNKNOWN, "Failed to create signing session: unsupported key type: "
              + request.keyType()));
      byte[] raw = request.raw();
      try {
        policy.authorize(request.txId(), raw, request.signature());
      } catch (UnauthorizedRequestException e) {
        throw new Refusal(ErrorCode.ERROR_INVALID_INITIATOR_SIGNATURE,
            "Failed to verify initiator message: invalid signature from initiator");
      }
      config.authorizers().check(request.txId(), raw, request.signature(),
          request.authorizerSignatures());
      DerivationPath path = derivationPath(request);
      if (!path.isMaster() && !config.unsignedDerivationPaths()) {
        throw new Refusal(ErrorCode.ERROR_MSG_VALIDATION, "derivation_path is not covered by "
            + "the initiator's signature, and this node refuses unsigned derivation paths");
      }
      checkId(request.walletId(), "wallet_id");
      checkId(request.txId(), "tx_id");
      byte[] tx = request.tx() == null ? new byte[0] : request.tx();
      Optional<TaprootTweak> tweak = taprootTweak(request, scheme);
      SignRequest signRequest;
      try {
        signRequest = SignRequest.mpcium(request.txId(), request.walletId(), scheme, tx,
            request.networkInternalCode());
        if (tweak.isPresent()) {
          signRequest = signRequest.withTaprootTweak(tweak.get());
        }
        signRequest = signRequest.withDerivationPath(path);
      } catch (IllegalArgumentException e) {
        throw new Refusal(ErrorCode.ERROR_MSG_VALIDATION, "Failed to create signing session: "
            + "validation: " + e.getMessage());
      }
      return node.sign(signRequest, request.signature()).handle((result, error) -> {
        if (error == null) {
          return signed(request, result);
        }
        Refusal refusal = signingFailure(request, unwrap(error));
        return signingError(request, refusal.code(), refusal.getMessage());
      });
    } catch (Refusal r) {
      return CompletableFuture.completedFuture(signingError(request, r.code(), r.getMessage()));
    } catch (Exception e) {
      return CompletableFuture.completedFuture(signingError(request, ErrorCode.ERROR_KEY_LOAD,
          "Failed to create signing session: " + e.getMessage()));
    }
  }

  /**
   * The request's {@code derivation_path}: the master key when null or empty. A hardened index
   * or a path deeper than 255 is refused as Mpcium refuses it (its tss-lib's error text, which
   * Mpcium's error classifier maps to {@code ERROR_UNKNOWN}).
   */
  private static DerivationPath derivationPath(SignTxMessage request) throws Refusal {
    List<Long> indices = request.derivationPath();
    if (indices == null || indices.isEmpty()) {
      return DerivationPath.MASTER;
    }
    String goPath = indices.stream().map(String::valueOf)
        .collect(java.util.stream.Collectors.joining(" ", "[", "]"));
    String reason = null;
    if (indices.stream().anyMatch(i -> i >= DerivationPath.HARDENED)) {
      reason = "the index must be non-hardened";
    } else if (indices.size() > DerivationPath.MAX_DEPTH) {
      reason = "cannot derive key beyond max depth";
    }
    if (reason != null) {
      throw new Refusal(ErrorCode.ERROR_UNKNOWN, "Failed to init signing session: Failed to "
          + "derive key, derivationPath: " + goPath + ": failed to derive child key: " + reason);
    }
    return DerivationPath.of(indices);
  }

  /**
   * The request's {@code taproot_tweak} (an extension): only for {@code "schnorr"}; empty means
   * key path only, 32 bytes a script tree's merkle root.
   */
  private static Optional<TaprootTweak> taprootTweak(SignTxMessage request, KeyScheme scheme)
      throws Refusal {
    byte[] tweak = request.taprootTweak();
    if (tweak == null) {
      return Optional.empty();
    }
    if (scheme != KeyScheme.SCHNORR) {
      throw new Refusal(ErrorCode.ERROR_MSG_VALIDATION, "Failed to create signing session: "
          + "validation: taproot_tweak applies to key_type schnorr only");
    }
    if (tweak.length == 0) {
      return Optional.of(TaprootTweak.keyPathOnly());
    }
    if (tweak.length != 32) {
      throw new Refusal(ErrorCode.ERROR_MSG_VALIDATION, "Failed to create signing session: "
          + "validation: taproot_tweak must be empty (key path only) or a 32-byte merkle root, "
          + "not " + tweak.length + " bytes");
    }
    return Optional.of(TaprootTweak.scriptTree(tweak));
  }

  private static SigningResultEvent signed(SignTxMessage request, SignatureResult result) {
    byte[] signature = result.signature();
    if (result.scheme() == KeyScheme.SCHNORR) {
      return SigningResultEvent.schnorr(request.networkInternalCode(), request.walletId(),
          request.txId(), signature, result.publicKey());
    }
    if (result.recoveryId().isPresent()) {
      return SigningResultEvent.ecdsa(request.networkInternalCode(), request.walletId(),
          request.txId(), java.util.Arrays.copyOfRange(signature, 0, 32),
          java.util.Arrays.copyOfRange(signature, 32, 64), result.recoveryId().getAsInt());
    }
    return SigningResultEvent.eddsa(request.networkInternalCode(), request.walletId(),
        request.txId(), signature);
  }

  private static SigningResultEvent signingError(SignTxMessage request, ErrorCode code,
      String reason) {
    return SigningResultEvent.error(request.networkInternalCode(), request.walletId(),
        request.txId(), code, reason, code == ErrorCode.ERROR_NETWORK_TIMEOUT);
  }

  private static Refusal signingFailure(SignTxMessage request, Throwable error) {
    String message = String.valueOf(error.getMessage());
    if (error instanceof UnauthorizedRequestException u) {
      return UnauthorizedRequestException.REPLAYED.equals(u.reason())
          ? new Refusal(ErrorCode.ERROR_SESSION_DUPLICATE, "Duplicate session: duplicate "
              + "signing request detected for walletID=" + request.walletId() + " txID="
              + request.txId())
          : new Refusal(ErrorCode.ERROR_INVALID_INITIATOR_SIGNATURE,
              "Failed to verify initiator message: invalid signature from initiator");
    } else if (error instanceof SessionTimeoutException) {
      return new Refusal(ErrorCode.ERROR_NETWORK_TIMEOUT, "Failed to sign tx: " + message);
    } else if (error instanceof ProtocolAbort
        && message.contains(UnauthorizedRequestException.REPLAYED)) {
      // Another node already took part in a session for this tx id (a redelivery after the
      // first coordinator stopped answering): nodes never sign one request twice.
      return new Refusal(ErrorCode.ERROR_SESSION_DUPLICATE, "Duplicate session: duplicate "
          + "signing request detected for walletID=" + request.walletId() + " txID="
          + request.txId() + " (" + message + ")");
    } else if (error instanceof ProtocolAbort) {
      return new Refusal(ErrorCode.ERROR_SIGNING_FAILURE, "Failed to sign tx: " + message);
    } else if (error instanceof IllegalStateException && message.contains("ready")) {
      return new Refusal(ErrorCode.ERROR_INSUFFICIENT_PARTICIPANTS,
          "Failed to create signing session: not enough peers to create signing session: "
              + message);
    } else if (error instanceof IllegalArgumentException && message.startsWith("no ")
        && message.contains(" key for wallet ")) {
      return new Refusal(ErrorCode.ERROR_KEY_NOT_FOUND,
          "Failed to create signing session: Key info not found");
    } else if (error instanceof IllegalArgumentException) {
      return new Refusal(ErrorCode.ERROR_MSG_VALIDATION, "Failed to create signing session: "
          + "validation: " + message);
    }
    return new Refusal(ErrorCode.fromMessage(message), "Failed to sign tx: " + message);
  }

  private void onMaxDeliveries(Message advisory) {
    try {
      JsonNode event = JSON.readTree(advisory.getData());
      if (!MpciumSubjects.SIGNING_STREAM.equals(event.path("stream").asText())) {
        return;
      }
      long sequence = event.path("stream_seq").asLong();
      if (isAnswered(MpciumSubjects.SIGNING_STREAM + "." + sequence)) {
        return;
      }
      MessageInfo original = management.getMessage(MpciumSubjects.SIGNING_STREAM, sequence);
      Headers headers = original.getHeaders();
      String header = headers == null ? null : headers.getFirst(
          MpciumSubjects.CLIENT_ID_HEADER);
      Optional<String> clientId = Optional.ofNullable(header).filter(s -> !s.isEmpty())
          .filter(MpciumSubjects::validClientId);
      SignTxMessage request = SignTxMessage.parse(original.getData());
      SigningResultEvent error = SigningResultEvent.error(request.networkInternalCode(),
          request.walletId(), request.txId(), ErrorCode.ERROR_MAX_DELIVERY_ATTEMPTS,
          "Signing failed: maximum delivery attempts exceeded", true);
      String messageId = MpciumSubjects.resultMessageId(MpciumSubjects.SIGNING_RESULT, clientId,
          request.txId()) + ":" + sequence;
      publish(MpciumSubjects.signingResult(clientId), messageId, error.toJson(), 1,
          () -> { }, () -> { });
    } catch (IOException | JetStreamApiException | MalformedMpciumMessageException
        | RuntimeException e) {
      log.warn("could not answer a max-deliveries advisory: {}", e.getMessage());
    }
  }

  // ------------------------------------------------------------------ reshare

  /**
   * Every gateway hears every reshare request (core NATS, no JetStream). Each verifies it; a
   * refusal is published by all alike (the identical results share one {@code Nats-Msg-Id},
   * so the stream keeps one). A valid request is coordinated by exactly one node: the lowest-id
   * ready holder of the key according to the registry's key metadata; if the cluster has no
   * such key, the lowest-id ready node answers {@code ERROR_KEY_NOT_FOUND}.
   */
  private void onReshare(Message msg) {
    ResharingMessage request;
    Optional<String> clientId;
    String subject;
    try {
      clientId = clientId(msg);
      request = ResharingMessage.parse(msg.getData());
      if (request.sessionId().isEmpty()) {
        log.warn("dropped a reshare request without session_id (no result subject)");
        return;
      }
      requireToken(request.sessionId(), "session_id");
      subject = MpciumSubjects.reshareResult(clientId, request.sessionId());
    } catch (MalformedMpciumMessageException | Refusal e) {
      log.warn("dropped a reshare request: {}", e.getMessage());
      return;
    }
    String messageId = MpciumSubjects.resultMessageId(MpciumSubjects.RESHARE_RESULT, clientId,
        request.sessionId());
    CompletableFuture<ResharingResultEvent> result;
    try {
      result = reshare(request);
    } catch (Refusal r) {
      result = CompletableFuture.completedFuture(ResharingResultEvent.error(request.walletId(),
          request.newThreshold(), request.keyType(), r.code(), r.getMessage()));
    }
    if (result == null) {
      return;
    }
    result.thenAccept(event -> publish(subject, messageId, event.toJson(), 1, () -> { },
        () -> { }));
  }

  /** Runs a verified reshare request if this node coordinates it; null if another node does. */
  private CompletableFuture<ResharingResultEvent> reshare(ResharingMessage request)
      throws Refusal {
    KeyScheme scheme = scheme(request.keyType()).orElseThrow(() -> new Refusal(
        ErrorCode.ERROR_UNKNOWN, "Failed to create resharing session: unsupported key type: "
            + request.keyType()));
    try {
      policy.authorize(request.walletId(), request.raw(), request.signature());
    } catch (UnauthorizedRequestException e) {
      throw new Refusal(ErrorCode.ERROR_INVALID_INITIATOR_SIGNATURE,
          "Failed to verify initiator message: invalid signature from initiator");
    }
    config.authorizers().check(request.walletId(), request.raw(), request.signature(),
        request.authorizerSignatures());
    checkId(request.walletId(), "wallet_id");
    ReshareRequest reshare;
    try {
      List<PartyId> committee = new ArrayList<>();
      for (String id : request.nodeIds() == null ? List.<String>of() : request.nodeIds()) {
        committee.add(PartyId.of(id));
      }
      reshare = ReshareRequest.mpcium(request.sessionId(), request.walletId(), scheme,
          committee, Math.toIntExact(request.newThreshold()));
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new Refusal(ErrorCode.ERROR_INVALID_THRESHOLD, "Failed to create resharing "
          + "session: validation: " + e.getMessage());
    }
    PartyId coordinator;
    try {
      Set<PartyId> ready = registry.readyPeers();
      Optional<KeyInfo> info = registry.keyInfo(scheme.keyId(request.walletId()));
      List<PartyId> candidates = info.isPresent() ? info.get().participants()
          : registry.peers().stream().map(PeerInfo::id).toList();
      Optional<PartyId> first = candidates.stream().filter(ready::contains).sorted()
          .findFirst();
      if (first.isEmpty()) {
        throw new Refusal(ErrorCode.ERROR_CLUSTER_NOT_READY, "Failed to create resharing "
            + "session: no holder of the key is ready");
      }
      coordinator = first.get();
      if (!coordinator.equals(node.id())) {
        return null;
      }
      if (info.isEmpty()) {
        throw new Refusal(ErrorCode.ERROR_KEY_NOT_FOUND, "Failed to create resharing session: "
            + "no " + request.keyType() + " key for wallet " + request.walletId());
      }
    } catch (RegistryException e) {
      throw new Refusal(ErrorCode.ERROR_KEY_INFO_LOAD, "Failed to create resharing session: "
          + e.getMessage());
    }
    long mpciumThreshold = request.newThreshold();
    return node.reshare(reshare, request.signature()).handle((key, error) -> {
      if (error == null) {
        byte[] publicKey = scheme.label().equals(SECP256K1)
            ? MpciumEncoding.ecdsaPublicKey(key.publicKey()) : key.publicKey();
        return new ResharingResultEvent(request.walletId(), mpciumThreshold,
            request.keyType(), publicKey, ResultType.SUCCESS, "", "");
      }
      Throwable cause = unwrap(error);
      String message = String.valueOf(cause.getMessage());
      ErrorCode code = cause instanceof SessionTimeoutException ? ErrorCode.ERROR_NETWORK_TIMEOUT
          : cause instanceof IllegalStateException && message.contains("not ready")
              ? ErrorCode.ERROR_CLUSTER_NOT_READY
              : cause instanceof IllegalStateException && message.contains("already running")
                  ? ErrorCode.ERROR_SESSION_DUPLICATE : ErrorCode.ERROR_RESHARE_FAILURE;
      return ResharingResultEvent.error(request.walletId(), mpciumThreshold, request.keyType(),
          code, "Failed to reshare: " + message);
    });
  }

  // ------------------------------------------------------------------ delivery

  /**
   * Runs a request once, publishes its result, records it as answered, then acknowledges. A
   * request answered before is only acknowledged; one running here gets an in-progress signal.
   */
  private void handle(Message msg, String subject, String messageId,
      java.util.function.Supplier<CompletableFuture<byte[]>> work) {
    if (draining) {
      // Pulled before the consumers stopped: leave it to another node, at once.
      msg.nak();
      return;
    }
    String answerKey = answerKey(msg);
    if (isAnswered(answerKey)) {
      log.info("request {} was answered already; acknowledging its redelivery", answerKey);
      msg.ack();
      return;
    }
    InFlight running = new InFlight(msg);
    InFlight existing = inFlight.putIfAbsent(answerKey, running);
    if (existing != null) {
      existing.add(msg);
      msg.inProgress();
      return;
    }
    long period = Math.max(1000, config.requestAckWait().toMillis() / 3);
    running.keepAlive = timer.scheduleAtFixedRate(running::inProgress, period, period,
        TimeUnit.MILLISECONDS);
    CompletableFuture<byte[]> result;
    try {
      result = work.get();
    } catch (RuntimeException e) {
      result = CompletableFuture.failedFuture(e);
    }
    result.whenComplete((body, error) -> {
      if (error != null) {
        log.error("request {} failed without a result; leaving it to redelivery", messageId,
            error);
        finish(answerKey, false);
        return;
      }
      // Publish acknowledgements complete on the connection's reply thread, which must not
      // block: the answered-record write (a JetStream round trip) runs on the gateway's own
      // thread.
      publish(subject, messageId, body, 1, () -> io.execute(() -> {
        markAnswered(answerKey);
        finish(answerKey, true);
      }), () -> finish(answerKey, false));
    });
  }

  private void finish(String answerKey, boolean done) {
    InFlight running = inFlight.remove(answerKey);
    if (running != null) {
      running.complete(done);
    }
    synchronized (inFlight) {
      inFlight.notifyAll();
    }
  }

  /**
   * Graceful stop, first step: stops taking requests (JetStream keeps the ones not taken for
   * the other nodes, or for this one when it restarts; requests already pulled are returned
   * with a negative acknowledgement) and waits until the requests running
   * here are answered, at most {@code timeout}. Returns how many are still running; {@link
   * #close()} then leaves them to redelivery.
   */
  public int drain(Duration timeout) throws InterruptedException {
    draining = true;
    for (MessageConsumer consumer : consumers) {
      try {
        consumer.stop();
      } catch (RuntimeException e) {
        log.debug("consumer stop: {}", e.getMessage());
      }
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (inFlight) {
      long left;
      while (!inFlight.isEmpty() && (left = deadline - System.nanoTime()) > 0) {
        TimeUnit.NANOSECONDS.timedWait(inFlight, left);
      }
      log.info("gateway of {} drained: {} requests still running", node.id(), inFlight.size());
      return inFlight.size();
    }
  }

  /** Publishes to JetStream with {@code Nats-Msg-Id}, retrying with back-off. */
  private void publish(String subject, String messageId, byte[] body, int attempt,
      Runnable stored, Runnable failed) {
    if (closed) {
      failed.run();
      return;
    }
    CompletableFuture<?> ack;
    try {
      ack = jetStream.publishAsync(subject, null, body,
          PublishOptions.builder().messageId(messageId).build());
    } catch (RuntimeException e) {
      ack = CompletableFuture.failedFuture(e);
    }
    ack.whenComplete((ok, error) -> {
      if (error == null) {
        stored.run();
      } else if (attempt >= PUBLISH_ATTEMPTS || closed) {
        log.warn("could not publish result {} after {} attempts: {}", messageId, attempt,
            unwrap(error).getMessage());
        failed.run();
      } else {
        long delay = Math.min(3000, 100L << Math.min(attempt, 5));
        try {
          timer.schedule(() -> publish(subject, messageId, body, attempt + 1, stored, failed),
              delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
          failed.run();
        }
      }
    });
  }

  // ------------------------------------------------------------------ helpers

  private static Optional<String> clientId(Message msg) throws Refusal {
    Headers headers = msg.getHeaders();
    String value = headers == null ? null : headers.getFirst(MpciumSubjects.CLIENT_ID_HEADER);
    if (value == null || value.isEmpty()) {
      return Optional.empty();
    }
    if (value.length() > MAX_TOKEN || !MpciumSubjects.validClientId(value)) {
      throw new Refusal(ErrorCode.ERROR_MSG_VALIDATION, "invalid ClientID header");
    }
    return Optional.of(value);
  }

  /**
   * A value used as a subject token must be one non-empty NATS token, short enough that a
   * result subject fits NATS's control line (4 KiB by default: the client refuses to publish a
   * longer one, so the request would only be retried and redelivered, never answered).
   */
  private static void requireToken(String value, String field) throws Refusal {
    if (value.isEmpty() || value.length() > MAX_TOKEN || !MpciumSubjects.validClientId(value)) {
      throw new Refusal(ErrorCode.ERROR_MSG_VALIDATION, field + " must be one NATS subject "
          + "token of at most " + MAX_TOKEN + " characters (no '.', '*', '>' or whitespace)");
    }
  }

  private static void checkId(String value, String field) throws Refusal {
    if (!value.matches("[A-Za-z0-9_:-]{1,128}")) {
      throw new Refusal(ErrorCode.ERROR_MSG_VALIDATION, "Failed to create session: validation: "
          + field + " must be 1-128 characters from [A-Za-z0-9_:-]");
    }
  }

  /**
   * Mpcium's key types, {@code secp256k1} (ECDSA, DKLs23 here) and {@code ed25519}, and this
   * library's {@code schnorr}.
   */
  private static Optional<KeyScheme> scheme(String keyType) {
    if (KeyScheme.SCHNORR.label().equals(keyType)) {
      return Optional.of(KeyScheme.SCHNORR);
    }
    return MPCIUM_SCHEMES.stream().filter(s -> s.label().equals(keyType)).findFirst();
  }

  private static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** Stops consuming; requests in flight are left to redelivery. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (MessageConsumer consumer : consumers) {
      try {
        consumer.stop();
        consumer.close();
      } catch (Exception e) {
        log.debug("consumer close: {}", e.getMessage());
      }
    }
    if (dispatcher != null) {
      try {
        connection.closeDispatcher(dispatcher);
      } catch (IllegalStateException e) {
        log.debug("dispatcher already closed");
      }
    }
    timer.shutdownNow();
    io.shutdown();
  }

  /** The deliveries of one request that is being processed here. */
  private static final class InFlight {
    private final List<Message> deliveries = new ArrayList<>();
    private ScheduledFuture<?> keepAlive;

    InFlight(Message first) {
      deliveries.add(first);
    }

    synchronized void add(Message msg) {
      deliveries.add(msg);
    }

    synchronized void inProgress() {
      deliveries.forEach(Message::inProgress);
    }

    synchronized void complete(boolean answered) {
      if (keepAlive != null) {
        keepAlive.cancel(false);
      }
      for (Message msg : deliveries) {
        if (answered) {
          msg.ack();
        } else {
          msg.nak();
        }
      }
    }
  }
}
