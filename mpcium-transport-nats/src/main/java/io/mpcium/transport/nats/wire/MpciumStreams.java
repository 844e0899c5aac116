package io.mpcium.transport.nats.wire;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates Mpcium's JetStream streams and consumers with Mpcium's names and settings (§2.2,
 * §2.3) when they are absent. Existing streams are left as they are (NATS refuses to change a
 * stream's retention, and Mpcium's Go clients re-assert the same settings themselves).
 */
public final class MpciumStreams {
  private static final Logger log = LoggerFactory.getLogger(MpciumStreams.class);
  public static final long MAX_BYTES = 100_000_000L;
  public static final Duration REQUEST_MAX_AGE = Duration.ofHours(168);
  /** Mpcium's request-consumer ack wait and back-off step. */
  public static final Duration REQUEST_ACK_WAIT = Duration.ofSeconds(30);
  public static final int REQUEST_MAX_DELIVER = 4;
  public static final Duration RESULT_ACK_WAIT = Duration.ofSeconds(30);
  public static final int RESULT_MAX_DELIVER = 3;
  public static final int RESULT_MAX_ACK_PENDING = 1000;

  private MpciumStreams() { }

  /** The three streams, as Mpcium's nodes and Go clients create them. */
  public static void ensureStreams(JetStreamManagement jsm)
      throws IOException, JetStreamApiException {
    ensureStream(jsm, StreamConfiguration.builder().name(MpciumSubjects.KEYGEN_STREAM)
        .description("Stream for mpc-keygen").subjects(MpciumSubjects.KEYGEN_REQUESTS)
        .maxAge(REQUEST_MAX_AGE).maxBytes(MAX_BYTES).build());
    ensureStream(jsm, StreamConfiguration.builder().name(MpciumSubjects.SIGNING_STREAM)
        .description("Stream for mpc-signing").subjects(MpciumSubjects.SIGNING_REQUESTS)
        .maxAge(REQUEST_MAX_AGE).maxBytes(MAX_BYTES).build());
    ensureStream(jsm, StreamConfiguration.builder().name(MpciumSubjects.RESULT_STREAM)
        .description("Stream for mpc")
        .subjects(MpciumSubjects.KEYGEN_RESULT + ".>", MpciumSubjects.SIGNING_RESULT + ".>",
            MpciumSubjects.RESHARE_RESULT + ".>")
        .maxBytes(MAX_BYTES).storageType(StorageType.File)
        .retentionPolicy(RetentionPolicy.WorkQueue).build());
  }

  private static void ensureStream(JetStreamManagement jsm, StreamConfiguration config)
      throws IOException, JetStreamApiException {
    try {
      jsm.getStreamInfo(config.getName());
    } catch (JetStreamApiException missing) {
      try {
        jsm.addStream(config);
        log.info("created JetStream stream {}", config.getName());
      } catch (JetStreamApiException raced) {
        jsm.getStreamInfo(config.getName());
      }
    }
  }

  /**
   * The shared durable pull consumers of keygen and signing requests (AckExplicit, DeliverAll,
   * MaxDeliver 4, back-off three times {@code ackWait}, MaxAckPending = the concurrency limit).
   */
  public static void ensureRequestConsumers(JetStreamManagement jsm, int maxConcurrentKeygen,
      int maxConcurrentSigning, Duration ackWait) throws IOException, JetStreamApiException {
    ensureConsumer(jsm, MpciumSubjects.KEYGEN_STREAM, requestConsumer(
        MpciumSubjects.KEYGEN_CONSUMER, MpciumSubjects.KEYGEN_REQUESTS, maxConcurrentKeygen,
        ackWait));
    ensureConsumer(jsm, MpciumSubjects.SIGNING_STREAM, requestConsumer(
        MpciumSubjects.SIGNING_CONSUMER, MpciumSubjects.SIGNING_REQUESTS, maxConcurrentSigning,
        ackWait));
  }

  private static ConsumerConfiguration requestConsumer(String name, String filter,
      int maxAckPending, Duration ackWait) {
    return ConsumerConfiguration.builder().durable(name).name(name).filterSubject(filter)
        .ackPolicy(AckPolicy.Explicit).deliverPolicy(DeliverPolicy.All)
        .maxDeliver(REQUEST_MAX_DELIVER).ackWait(ackWait).backoff(ackWait, ackWait, ackWait)
        .maxAckPending(maxAckPending).build();
  }

  /** The result consumer of one operation for a client id (or the legacy one). */
  public static void ensureResultConsumer(JetStreamManagement jsm, String resultPrefix,
      Optional<String> clientId) throws IOException, JetStreamApiException {
    String name = MpciumSubjects.resultConsumer(resultPrefix, clientId);
    ensureConsumer(jsm, MpciumSubjects.RESULT_STREAM, ConsumerConfiguration.builder()
        .durable(name).name(name)
        .filterSubjects(MpciumSubjects.resultFilter(resultPrefix, clientId))
        .ackPolicy(AckPolicy.Explicit).ackWait(RESULT_ACK_WAIT).maxDeliver(RESULT_MAX_DELIVER)
        .maxAckPending(RESULT_MAX_ACK_PENDING).build());
  }

  /** The three legacy (no client id) result consumers that Mpcium's nodes create. */
  public static void ensureLegacyResultConsumers(JetStreamManagement jsm)
      throws IOException, JetStreamApiException {
    for (String prefix : new String[] {MpciumSubjects.KEYGEN_RESULT,
        MpciumSubjects.SIGNING_RESULT, MpciumSubjects.RESHARE_RESULT}) {
      ensureResultConsumer(jsm, prefix, Optional.empty());
    }
  }

  private static void ensureConsumer(JetStreamManagement jsm, String stream,
      ConsumerConfiguration config) throws IOException, JetStreamApiException {
    try {
      jsm.getConsumerInfo(stream, config.getDurable());
    } catch (JetStreamApiException missing) {
      try {
        jsm.addOrUpdateConsumer(stream, config);
      } catch (JetStreamApiException raced) {
        jsm.getConsumerInfo(stream, config.getDurable());
      }
    }
  }
}
