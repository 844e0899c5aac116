package io.mpcium.transport.nats.client;

import io.mpcium.Initiator;
import io.mpcium.transport.nats.wire.AuthorizerSignature;
import io.mpcium.transport.nats.wire.GenerateKeyMessage;
import io.mpcium.transport.nats.wire.KeygenResultEvent;
import io.mpcium.transport.nats.wire.MalformedMpciumMessageException;
import io.mpcium.transport.nats.wire.MpciumStreams;
import io.mpcium.transport.nats.wire.MpciumSubjects;
import io.mpcium.transport.nats.wire.ResharingMessage;
import io.mpcium.transport.nats.wire.ResharingResultEvent;
import io.mpcium.transport.nats.wire.SignTxMessage;
import io.mpcium.transport.nats.wire.SigningResultEvent;
import io.nats.client.Connection;
import io.nats.client.ConsumeOptions;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.Message;
import io.nats.client.MessageConsumer;
import io.nats.client.PublishOptions;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Java client for wallet services, equivalent to Mpcium's Go {@code pkg/client}: it creates
 * wallets, signs transactions and requests reshares with requests signed by the initiator key,
 * and receives results through its own durable consumers on stream {@code mpc}, scoped by its
 * client id. Works with Mpcium's Go nodes and with this library's {@code MpciumGateway}.
 *
 * <p>Two styles: Mpcium's ({@link #createWallet}, {@link #signTransaction}, {@link #resharing}
 * plus {@link #onWalletCreationResult} and friends), and futures ({@link #createWalletAsync},
 * {@link #signAsync}, {@link #reshareAsync}) that complete with the matching result. A
 * result consumer starts at the first listener or future of its kind; results are acknowledged
 * after the listeners ran. Listeners run on jnats threads and must not block.
 *
 * <p>Requests are published with a fresh {@code Nats-Msg-Id} and retried up to five times if
 * JetStream does not acknowledge them, so a short server outage does not lose or duplicate a
 * request. A result redelivered by JetStream (its acknowledgement lost in an outage) is
 * recognised by its {@code Nats-Msg-Id} and not handed out twice. Thread-safe. Does not own the connection.
 */
public final class MpcClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MpcClient.class);
  /**
   * Attempts to publish a request; each waits {@link #PUBLISH_TIMEOUT} for JetStream, with a
   * growing pause between attempts ({@link #backOff}).
   */
  private static final int PUBLISH_ATTEMPTS = 6;
  private static final java.time.Duration PUBLISH_TIMEOUT = java.time.Duration.ofSeconds(5);

  private final Connection connection;
  private final JetStream jetStream;
  private final Initiator signer;
  private final Optional<String> clientId;
  private final Map<String, MessageConsumer> consumers = new ConcurrentHashMap<>();
  private final List<Consumer<KeygenResultEvent>> keygenListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<SigningResultEvent>> signListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<ResharingResultEvent>> reshareListeners =
      new CopyOnWriteArrayList<>();
  private final Map<String, CompletableFuture<KeygenResultEvent>> pendingKeygen =
      new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<SigningResultEvent>> pendingSign =
      new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<ResharingResultEvent>> pendingReshare =
      new ConcurrentHashMap<>();
  /** Message ids of recent results, to hand each result out once. */
  private final Map<String, Boolean> seenResults = new java.util.LinkedHashMap<>(256, 0.75f,
      true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > 65_536;
    }
  };

  private MpcClient(Connection connection, Initiator signer, Optional<String> clientId)
      throws IOException, JetStreamApiException {
    this.connection = connection;
    this.signer = signer;
    this.clientId = clientId;
    this.jetStream = connection.jetStream(JetStreamOptions.builder()
        .requestTimeout(PUBLISH_TIMEOUT).build());
    JetStreamManagement jsm = connection.jetStreamManagement();
    MpciumStreams.ensureStreams(jsm);
    for (String prefix : new String[] {MpciumSubjects.KEYGEN_RESULT,
        MpciumSubjects.SIGNING_RESULT, MpciumSubjects.RESHARE_RESULT}) {
      MpciumStreams.ensureResultConsumer(jsm, prefix, clientId);
    }
  }

  /**
   * A client signing with {@code signer} and routing its results by {@code clientId} (empty:
   * Mpcium's legacy shared consumers). Creates the streams and its result consumers if absent.
   *
   * @throws IllegalArgumentException if the client id is blank or has whitespace, '.', '*', '>'
   */
  public static MpcClient create(Connection connection, Initiator signer,
      Optional<String> clientId) throws IOException, JetStreamApiException {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(clientId, "clientId");
    clientId.ifPresent(id -> {
      if (!MpciumSubjects.validClientId(id)) {
        throw new IllegalArgumentException("client id must be non-blank without whitespace, "
            + "'.', '*' or '>'");
      }
    });
    return new MpcClient(connection, signer, clientId);
  }

  public Optional<String> clientId() {
    return clientId;
  }

  // ------------------------------------------------------------------ Mpcium's API

  /** Publishes a signed keygen request for {@code walletId}. */
  public void createWallet(String walletId) throws IOException, JetStreamApiException {
    createWalletWithAuthorizers(walletId, List.of());
  }

  public void createWalletWithAuthorizers(String walletId,
      List<AuthorizerSignature> authorizerSignatures) throws IOException, JetStreamApiException {
    GenerateKeyMessage unsigned = new GenerateKeyMessage(walletId, null, List.of());
    GenerateKeyMessage message = new GenerateKeyMessage(walletId, signer.sign(unsigned.raw()),
        authorizerSignatures);
    publishRequest("mpc.keygen_request." + token(walletId), message.toJson());
  }

  /** Signs {@code message}'s initiator bytes and publishes it. Returns the signed message. */
  public SignTxMessage signTransaction(SignTxMessage message)
      throws IOException, JetStreamApiException {
    SignTxMessage signed = message.withSignature(signer.sign(message.raw()));
    publishRequest("mpc.signing_request." + token(message.txId()), signed.toJson());
    return signed;
  }

  /** Signs and publishes a reshare request on core {@code mpc:reshare}. */
  public ResharingMessage resharing(ResharingMessage message) {
    ResharingMessage signed = message.withSignature(signer.sign(message.raw()));
    Headers headers = headers();
    connection.publish(MpciumSubjects.RESHARE_REQUESTS, headers, signed.toJson());
    return signed;
  }

  public void onWalletCreationResult(Consumer<KeygenResultEvent> listener) throws IOException {
    keygenListeners.add(Objects.requireNonNull(listener, "listener"));
    consume(MpciumSubjects.KEYGEN_RESULT);
  }

  public void onSignResult(Consumer<SigningResultEvent> listener) throws IOException {
    signListeners.add(Objects.requireNonNull(listener, "listener"));
    consume(MpciumSubjects.SIGNING_RESULT);
  }

  public void onResharingResult(Consumer<ResharingResultEvent> listener) throws IOException {
    reshareListeners.add(Objects.requireNonNull(listener, "listener"));
    consume(MpciumSubjects.RESHARE_RESULT);
  }

  // ------------------------------------------------------------------ futures

  /**
   * Creates a wallet; the future completes with its result (success or error event), or
   * exceptionally if the request could not be published. Add your own timeout.
   */
  public CompletableFuture<KeygenResultEvent> createWalletAsync(String walletId) {
    CompletableFuture<KeygenResultEvent> future = new CompletableFuture<>();
    if (pendingKeygen.putIfAbsent(walletId, future) != null) {
      return CompletableFuture.failedFuture(new IllegalStateException(
          "a keygen for wallet " + walletId + " is already pending on this client"));
    }
    try {
      consume(MpciumSubjects.KEYGEN_RESULT);
      createWallet(walletId);
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      pendingKeygen.remove(walletId, future);
      future.completeExceptionally(e);
    }
    return future;
  }

  /** Signs {@code tx} with a fresh uuid as tx id; completes with the result event. */
  public CompletableFuture<SigningResultEvent> signAsync(String keyType, String walletId,
      String networkInternalCode, byte[] tx) {
    return signAsync(new SignTxMessage(keyType, walletId, networkInternalCode,
        UUID.randomUUID().toString(), tx, null, null, List.of()));
  }

  /**
   * Signs {@code tx} with the wallet's BIP340 Schnorr key (key type {@code "schnorr"}, this
   * library's extension; the cluster's gateways must create schnorr keys), for the Taproot
   * output key that {@code tweak} defines when present; a fresh uuid is the tx id. The result's
   * {@code signature} verifies under its {@code public_key} ({@link
   * SigningResultEvent#publicKey()}).
   */
  public CompletableFuture<SigningResultEvent> signSchnorrAsync(String walletId,
      String networkInternalCode, byte[] tx, Optional<io.mpcium.TaprootTweak> tweak) {
    return signAsync(SignTxMessage.schnorr(walletId, networkInternalCode,
        UUID.randomUUID().toString(), tx, tweak));
  }

  /** Publishes {@code message} (signed here); completes with the result for its tx id. */
  public CompletableFuture<SigningResultEvent> signAsync(SignTxMessage message) {
    CompletableFuture<SigningResultEvent> future = new CompletableFuture<>();
    if (pendingSign.putIfAbsent(message.txId(), future) != null) {
      return CompletableFuture.failedFuture(new IllegalStateException(
          "tx " + message.txId() + " is already pending on this client"));
    }
    try {
      consume(MpciumSubjects.SIGNING_RESULT);
      signTransaction(message);
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      pendingSign.remove(message.txId(), future);
      future.completeExceptionally(e);
    }
    return future;
  }

  /** Publishes a reshare request; completes with the result for its session id. */
  public CompletableFuture<ResharingResultEvent> reshareAsync(ResharingMessage message) {
    CompletableFuture<ResharingResultEvent> future = new CompletableFuture<>();
    if (pendingReshare.putIfAbsent(message.sessionId(), future) != null) {
      return CompletableFuture.failedFuture(new IllegalStateException(
          "reshare session " + message.sessionId() + " is already pending on this client"));
    }
    try {
      consume(MpciumSubjects.RESHARE_RESULT);
      resharing(message);
    } catch (IOException | RuntimeException e) {
      pendingReshare.remove(message.sessionId(), future);
      future.completeExceptionally(e);
    }
    return future;
  }

  // ------------------------------------------------------------------ results

  private void consume(String resultPrefix) throws IOException {
    if (consumers.containsKey(resultPrefix)) {
      return;
    }
    synchronized (consumers) {
      if (consumers.containsKey(resultPrefix)) {
        return;
      }
      try {
        MessageConsumer consumer = connection.getConsumerContext(MpciumSubjects.RESULT_STREAM,
            MpciumSubjects.resultConsumer(resultPrefix, clientId))
            .consume(ConsumeOptions.builder().expiresIn(5000).build(),
                msg -> onResult(resultPrefix, msg));
        consumers.put(resultPrefix, consumer);
      } catch (JetStreamApiException e) {
        throw new IOException("could not consume " + resultPrefix + " results: "
            + e.getMessage(), e);
      }
    }
  }

  private void onResult(String resultPrefix, Message msg) {
    if (alreadySeen(msg)) {
      // JetStream redelivered a result whose acknowledgement was lost (a server restart):
      // the listeners have had it already.
      msg.ack();
      return;
    }
    try {
      // Listeners first (a failing one gets the result redelivered), then the acknowledgement,
      // then the futures: a caller that closes the client once its futures are done must not
      // close the connection under the acknowledgement.
      Runnable completion;
      switch (resultPrefix) {
        case MpciumSubjects.KEYGEN_RESULT -> {
          KeygenResultEvent event = KeygenResultEvent.parse(msg.getData());
          keygenListeners.forEach(l -> l.accept(event));
          completion = () -> complete(pendingKeygen, event.walletId(), event);
        }
        case MpciumSubjects.SIGNING_RESULT -> {
          SigningResultEvent event = SigningResultEvent.parse(msg.getData());
          signListeners.forEach(l -> l.accept(event));
          completion = () -> complete(pendingSign, event.txId(), event);
        }
        default -> {
          ResharingResultEvent event = ResharingResultEvent.parse(msg.getData());
          reshareListeners.forEach(l -> l.accept(event));
          String subject = msg.getSubject();
          completion = () -> complete(pendingReshare, subject.substring(subject.lastIndexOf('.')
              + 1), event);
        }
      }
      msg.ack();
      completion.run();
    } catch (MalformedMpciumMessageException e) {
      log.warn("dropped a malformed result on {}: {}", msg.getSubject(), e.getMessage());
      msg.term();
    } catch (RuntimeException e) {
      log.error("a result listener failed; the result will be redelivered", e);
      msg.nak();
    }
  }

  /** Whether a result with this message's {@code Nats-Msg-Id} was handed out already. */
  private boolean alreadySeen(Message msg) {
    Headers headers = msg.getHeaders();
    String id = headers == null ? null : headers.getFirst("Nats-Msg-Id");
    if (id == null) {
      return false;
    }
    synchronized (seenResults) {
      return seenResults.put(id, Boolean.TRUE) != null;
    }
  }

  private static <T> void complete(Map<String, CompletableFuture<T>> pending, String key,
      T event) {
    CompletableFuture<T> future = pending.remove(key);
    if (future != null) {
      future.complete(event);
    }
  }

  /**
   * Publishes a request to JetStream, retrying a publish that failed or was not acknowledged
   * (the server restarting, for instance). Every attempt carries the same {@code Nats-Msg-Id},
   * so JetStream stores the request once however many attempts reached it.
   */
  private void publishRequest(String subject, byte[] body)
      throws IOException, JetStreamApiException {
    PublishOptions options = PublishOptions.builder().messageId(UUID.randomUUID().toString())
        .build();
    IOException last = null;
    for (int attempt = 0; attempt < PUBLISH_ATTEMPTS; attempt++) {
      if (attempt > 0) {
        backOff(attempt);
      }
      try {
        jetStream.publish(subject, headers(), body, options);
        return;
      } catch (IOException e) {
        last = e;
        log.debug("publishing a request failed (attempt {}): {}", attempt + 1, e.getMessage());
      }
    }
    throw last;
  }

  /**
   * Waits before retry {@code attempt} (250 ms, doubling): a server that has just restarted may
   * refuse or drop JetStream requests for a moment while it recovers its streams, and retrying
   * at once would spend every attempt in that moment.
   */
  private static void backOff(int attempt) throws IOException {
    try {
      TimeUnit.MILLISECONDS.sleep(250L << (attempt - 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while retrying a publish");
    }
  }

  private Headers headers() {
    Headers headers = new Headers();
    clientId.ifPresent(id -> headers.put(MpciumSubjects.CLIENT_ID_HEADER, id));
    return headers;
  }

  private static String token(String id) {
    return MpciumSubjects.validClientId(id) ? id : "*";
  }

  /** Stops the result consumers; pending futures fail. Idempotent. */
  @Override
  public void close() {
    consumers.values().forEach(consumer -> {
      try {
        consumer.stop();
        consumer.close();
      } catch (Exception e) {
        log.debug("consumer close: {}", e.getMessage());
      }
    });
    consumers.clear();
    IllegalStateException closed = new IllegalStateException("client closed");
    pendingKeygen.values().forEach(f -> f.completeExceptionally(closed));
    pendingSign.values().forEach(f -> f.completeExceptionally(closed));
    pendingReshare.values().forEach(f -> f.completeExceptionally(closed));
  }
}
