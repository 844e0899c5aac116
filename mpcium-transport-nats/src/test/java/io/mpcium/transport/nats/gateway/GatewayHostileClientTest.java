package io.mpcium.transport.nats.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpcium.Initiator;
import io.mpcium.RequestPolicy;
import io.mpcium.transport.nats.NatsConnections;
import io.mpcium.transport.nats.client.MpcClient;
import io.mpcium.transport.nats.testing.NatsServerExtension;
import io.mpcium.transport.nats.wire.KeygenResultEvent;
import io.mpcium.transport.nats.wire.MpciumSubjects;
import io.mpcium.transport.nats.wire.SignTxMessage;
import io.mpcium.transport.nats.wire.SigningResultEvent;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Clients that send what no honest client sends, against three gateways on a real nats-server:
 * malformed JSON, unknown fields, huge and subject-breaking ids, oversized and deeply nested
 * requests, and floods beyond the concurrency limits. Each gets a clear answer (Mpcium's error
 * code on the result subject) or, where no result subject can be formed, is dropped as Mpcium
 * drops it; the gateways keep serving, and in-flight work stays within the limits (JetStream
 * holds the rest of a flood in the request stream, as Mpcium's shared consumers do).
 */
class GatewayHostileClientTest {
  @RegisterExtension
  static final NatsServerExtension NATS = new NatsServerExtension();
  private static final SecureRandom RNG = new SecureRandom();
  private static final Initiator INITIATOR = Initiator.generateEd25519(RNG);
  private static final int MAX_SIGNING = 2;
  private static final List<AutoCloseable> OPEN = new ArrayList<>();
  private static Connection client;
  private static MpcClient mpc;
  private static String wallet;
  private static byte[] walletKey;

  @BeforeAll
  static void startCluster() throws Exception {
    RequestPolicy policy = RequestPolicy.builder().initiator(INITIATOR.publicKey()).build();
    GatewayConfig config = new GatewayConfig(2, MAX_SIGNING, Duration.ofSeconds(30),
        Authorizers.disabled());
    OPEN.add(new GatewayCluster(NATS.url(), policy, config, Duration.ofSeconds(10)));
    client = NatsConnections.connect(NATS.url(), "hostile-client");
    OPEN.add(client);
    mpc = MpcClient.create(client, INITIATOR, Optional.of("honest"));
    OPEN.add(0, mpc);
    wallet = "w-" + UUID.randomUUID();
    KeygenResultEvent created = await(mpc.createWalletAsync(wallet));
    assertThat(created.isSuccess()).isTrue();
    walletKey = created.eddsaPubKey();
  }

  @AfterAll
  static void stopCluster() throws Exception {
    for (AutoCloseable c : OPEN) {
      c.close();
    }
  }

  private static <T> T await(CompletableFuture<T> future) throws Exception {
    return future.get(60, TimeUnit.SECONDS);
  }

  /** Signing results routed to {@code clientId}, as a core subscription sees them. */
  private static BlockingQueue<SigningResultEvent> signingResults(String clientId) {
    BlockingQueue<SigningResultEvent> results = new LinkedBlockingQueue<>();
    Dispatcher dispatcher = client.createDispatcher(msg -> {
      try {
        results.add(SigningResultEvent.parse(msg.getData()));
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    dispatcher.subscribe(MpciumSubjects.signingResult(Optional.of(clientId)));
    return results;
  }

  private static void publish(String subject, String clientId, byte[] body) throws Exception {
    Headers headers = new Headers().add(MpciumSubjects.CLIENT_ID_HEADER, clientId);
    client.jetStream().publish(NatsMessage.builder().subject(subject).headers(headers)
        .data(body).build());
  }

  private static SigningResultEvent next(BlockingQueue<SigningResultEvent> results)
      throws InterruptedException {
    SigningResultEvent result = results.poll(60, TimeUnit.SECONDS);
    assertThat(result).as("a result within a minute").isNotNull();
    return result;
  }

  /** A signing request for {@code walletId}, signed by the initiator. */
  private static SignTxMessage signed(String walletId, String txId, byte[] tx) {
    SignTxMessage message = new SignTxMessage("ed25519", walletId, "net", txId, tx, null, null,
        List.of());
    return message.withSignature(INITIATOR.sign(message.raw()));
  }

  private static void assertStillServing() throws Exception {
    SigningResultEvent ok = await(mpc.signAsync("ed25519", wallet, "net",
        "still serving".getBytes(StandardCharsets.UTF_8)));
    assertThat(ok.isSuccess()).isTrue();
  }

  @Test
  void malformedJsonIsAnsweredWithAnUnmarshalError() throws Exception {
    BlockingQueue<SigningResultEvent> results = signingResults("malformed");
    List<String> bodies = List.of("{not json", "", "[]", "null", "{\"tx\":\"not base64!\"}",
        "{\"wallet_id\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}",
        "{\"tx_id\":\"\\ud800\"}", "{\"tx_id\":\"caf\u00e9\",\"key_type\":\"ed25519\"}",
        "\u0000\u00ff");
    for (String body : bodies) {
      publish("mpc.signing_request.x", "malformed", body.getBytes(StandardCharsets.UTF_8));
    }
    for (int i = 0; i < bodies.size(); i++) {
      SigningResultEvent result = next(results);
      assertThat(result.isSuccess()).isFalse();
      // ERROR_UNKNOWN is Mpcium's code for a missing or unsupported key_type.
      assertThat(result.errorCode()).isIn("ERROR_UNMARSHAL_FAILURE",
          "ERROR_INVALID_INITIATOR_SIGNATURE", "ERROR_MSG_VALIDATION", "ERROR_UNKNOWN");
      assertThat(result.errorReason()).isNotBlank();
    }
    // Keygen requests without a usable wallet id have no result subject: dropped, as Mpcium's
    // nodes drop them; none is redelivered.
    for (String body : List.of("{not json", "{\"wallet_id\":\"a.b\"}", "{\"wallet_id\":\"\"}")) {
      publish("mpc.keygen_request.x", "malformed", body.getBytes(StandardCharsets.UTF_8));
    }
    assertStillServing();
    assertThat(await(mpc.createWalletAsync("w-" + UUID.randomUUID())).isSuccess()).isTrue();
  }

  @Test
  void unknownFieldsAreIgnoredAsMpciumsGoDecoderIgnoresThem() throws Exception {
    BlockingQueue<SigningResultEvent> results = signingResults("extra");
    byte[] tx = "with unknown fields".getBytes(StandardCharsets.UTF_8);
    String json = new String(signed(wallet, UUID.randomUUID().toString(), tx).toJson(),
        StandardCharsets.UTF_8);
    String extended = json.substring(0, json.length() - 1)
        + ",\"unknown\":{\"nested\":[1,2.5e3,true,null]},\"Extra_Field\":\"x\"}";
    publish("mpc.signing_request.x", "extra", extended.getBytes(StandardCharsets.UTF_8));
    SigningResultEvent result = next(results);
    assertThat(result.isSuccess()).as(result.errorReason()).isTrue();
    assertThat(GatewayTest.verifies(walletKey, tx, result.signature())).isTrue();
  }

  @Test
  void hugeAndSubjectBreakingIdsGetAValidationError() throws Exception {
    BlockingQueue<SigningResultEvent> results = signingResults("ids");
    List<String> walletIds = List.of("w".repeat(200_000), "a.b", "a*", "a>", "a b", "\u0000",
        "../../etc/passwd", "no-such-wallet-" + UUID.randomUUID());
    for (String walletId : walletIds) {
      publish("mpc.signing_request.*", "ids",
          signed(walletId, UUID.randomUUID().toString(), new byte[] {1}).toJson());
    }
    Map<String, AtomicInteger> codes = new ConcurrentHashMap<>();
    for (int i = 0; i < walletIds.size(); i++) {
      SigningResultEvent result = next(results);
      assertThat(result.isSuccess()).isFalse();
      codes.computeIfAbsent(result.errorCode(), c -> new AtomicInteger()).incrementAndGet();
    }
    assertThat(codes.get("ERROR_MSG_VALIDATION")).hasValue(walletIds.size() - 1);
    assertThat(codes.get("ERROR_KEY_NOT_FOUND")).hasValue(1);

    // A keygen request whose wallet id is too long for a result subject is dropped (no result
    // can be published on such a subject: NATS refuses control lines over 4 KiB); a shorter
    // one that is still too long for a wallet id gets a validation error.
    publish("mpc.keygen_request.*", "ids",
        ("{\"wallet_id\":\"" + "w".repeat(100_000) + "\",\"signature\":\"AQI=\"}")
            .getBytes(StandardCharsets.UTF_8));
    KeygenResultEvent tooLong = await(mpc.createWalletAsync("w".repeat(200)));
    assertThat(tooLong.isSuccess()).isFalse();
    assertThat(tooLong.errorCode()).isEqualTo("ERROR_MSG_VALIDATION");
    assertStillServing();
  }

  @Test
  void anOversizedRequestIsRefusedByTheServerAndALargeOneIsServed() throws Exception {
    long maxPayload = client.getServerInfo().getMaxPayload();
    byte[] tooLarge = new byte[(int) maxPayload + 1];
    org.assertj.core.api.Assertions.assertThatThrownBy(() ->
        publish("mpc.signing_request.x", "large", tooLarge))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceed");
    byte[] tx = new byte[(int) (maxPayload / 2)];
    RNG.nextBytes(tx);
    SigningResultEvent large = await(mpc.signAsync("ed25519", wallet, "net", tx));
    assertThat(large.isSuccess()).as(large.errorReason()).isTrue();
    assertThat(GatewayTest.verifies(walletKey, tx, large.signature())).isTrue();
  }

  @Test
  void aFloodBeyondTheSigningLimitIsQueuedInTheStreamAndEachRequestIsAnsweredOnce()
      throws Exception {
    BlockingQueue<SigningResultEvent> results = signingResults("flood");
    int flood = 12 * MAX_SIGNING;
    List<String> txIds = new ArrayList<>();
    for (int i = 0; i < flood; i++) {
      String txId = UUID.randomUUID().toString();
      txIds.add(txId);
      publish("mpc.signing_request.*", "flood",
          signed(wallet, txId, ("flood " + i).getBytes(StandardCharsets.UTF_8)).toJson());
    }
    ConsumerInfo during = client.jetStreamManagement().getConsumerInfo(
        MpciumSubjects.SIGNING_STREAM, MpciumSubjects.SIGNING_CONSUMER);
    assertThat(during.getConsumerConfiguration().getMaxAckPending()).isEqualTo(MAX_SIGNING);
    assertThat(during.getNumAckPending()).isLessThanOrEqualTo(MAX_SIGNING);

    Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
    for (int i = 0; i < flood; i++) {
      SigningResultEvent result = next(results);
      assertThat(result.isSuccess()).as(result.errorReason()).isTrue();
      answers.computeIfAbsent(result.txId(), t -> new AtomicInteger()).incrementAndGet();
    }
    assertThat(answers.keySet()).containsExactlyInAnyOrderElementsOf(txIds);
    assertThat(answers.values()).allMatch(count -> count.get() == 1);
    assertThat(results.poll(2, TimeUnit.SECONDS)).as("no second answer").isNull();
  }
}
