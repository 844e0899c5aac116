package io.mpcium.examples.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mpcium.Initiator;
import io.mpcium.transport.nats.NatsConnections;
import io.mpcium.transport.nats.client.MpcClient;
import io.mpcium.transport.nats.testing.NatsServerExtension;
import io.mpcium.transport.nats.wire.KeygenResultEvent;
import io.mpcium.transport.nats.wire.SigningResultEvent;
import io.nats.client.Connection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The health endpoint of real nodes: Mpcium's {@code /health} JSON and status codes, {@code
 * /livez}, {@code /readyz} (503 once a node drains) and Prometheus {@code /metrics} counting
 * the requests a node coordinated and its node-to-node traffic.
 */
@SuppressWarnings("try") // jnats' Connection.close() declares InterruptedException
class HealthEndpointsTest {
  @RegisterExtension
  static final NatsServerExtension NATS = new NatsServerExtension();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  Path dir;

  private static HttpResponse<String> get(StandaloneNode node, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + node.healthPort().orElseThrow() + path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void healthLivenessReadinessAndMetrics() throws Exception {
    SecureRandom rng = new SecureRandom();
    Initiator initiator = Initiator.generateEd25519(rng);
    try (InProcessNodes cluster = new InProcessNodes(dir, "health passphrase!", rng)) {
      cluster.start(dir, NATS.url(), initiator, "vault passphrase", "health passphrase!");
      StandaloneNode node0 = cluster.nodes.get(0);
      HttpResponse<String> health = get(node0, "/health");
      assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
      JsonNode json = new ObjectMapper().readTree(health.body());
      assertThat(json.get("status").asText()).isEqualTo("ready");
      assertThat(json.get("live").asBoolean()).isTrue();
      assertThat(json.get("ready").asBoolean()).isTrue();
      JsonNode details = json.get("details");
      assertThat(details.get("nats_connected").asBoolean()).isTrue();
      assertThat(details.get("consul_connected").asBoolean()).isTrue();
      assertThat(details.get("peers_ready_count").asText()).isEqualTo("3/3");
      assertThat(details.get("all_peers_ready").asBoolean()).isTrue();
      assertThat(details.get("majority_ready").asBoolean()).isTrue();
      assertThat(get(node0, "/livez").statusCode()).isEqualTo(200);
      assertThat(get(node0, "/readyz").statusCode()).isEqualTo(200);
      assertThat(get(node0, "/nothing").statusCode()).isEqualTo(404);

      try (Connection connection = NatsConnections.connect(NATS.url(), "health-client");
          MpcClient client = MpcClient.create(connection, initiator, Optional.of("health"))) {
        KeygenResultEvent wallet = client.createWalletAsync("health-wallet")
            .get(90, TimeUnit.SECONDS);
        assertThat(wallet.isSuccess()).as(wallet.toString()).isTrue();
        for (int i = 0; i < 6; i++) {
          SigningResultEvent signed = client.signAsync("ed25519", "health-wallet", "net",
              new byte[] {(byte) i}).get(90, TimeUnit.SECONDS);
          assertThat(signed.isSuccess()).as(signed.toString()).isTrue();
        }
        assertThat(client.signAsync("ed25519", "missing-wallet", "net", new byte[] {1})
            .get(90, TimeUnit.SECONDS).isSuccess()).isFalse();
      }
      String metrics = "";
      long signedOk = 0;
      long failed = 0;
      for (StandaloneNode node : cluster.nodes) {
        HttpResponse<String> scrape = get(node, "/metrics");
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type").orElseThrow())
            .startsWith("text/plain");
        metrics = scrape.body();
        signedOk += sum(metrics, "mpcium_sessions_finished_total{error_code=\"none\","
            + "operation=\"sign\",outcome=\"succeeded\",protocol=\"frost_ed25519\"}");
        failed += sum(metrics, "mpcium_sessions_finished_total{error_code=\"invalid_request\","
            + "operation=\"sign\",outcome=\"failed\",protocol=\"frost_ed25519\"}");
        assertThat(metrics).contains("mpcium_peers_ready 3.0",
            "mpcium_transport_messages_total{direction=\"in\"}",
            "mpcium_transport_bytes_total{direction=\"out\"}", "mpcium_sessions_active 0.0");
      }
      // Each request is counted once, by the node that coordinated it.
      assertThat(signedOk).isEqualTo(6);
      assertThat(failed).isEqualTo(1);
      assertThat(metrics).contains("mpcium_session_duration_seconds_bucket{");

      StandaloneNode node2 = cluster.nodes.get(2);
      node2.shutdown();
      HttpResponse<String> after = get(node0, "/health");
      JsonNode afterJson = new ObjectMapper().readTree(after.body());
      // Two of three ready is still a majority (t + 1 = 2).
      assertThat(after.statusCode()).isEqualTo(200);
      assertThat(afterJson.get("details").get("all_peers_ready").asBoolean()).isFalse();
      cluster.nodes.get(1).shutdown();
      HttpResponse<String> alone = get(node0, "/health");
      assertThat(alone.statusCode()).as(alone.body()).isEqualTo(503);
      assertThat(new ObjectMapper().readTree(alone.body()).get("status").asText())
          .isEqualTo("not_ready");
      assertThat(get(node0, "/readyz").statusCode()).isEqualTo(503);
      assertThat(get(node0, "/livez").statusCode()).isEqualTo(200);
    }
  }

  private static long sum(String metrics, String series) {
    return metrics.lines().filter(line -> line.startsWith(series + " "))
        .mapToLong(line -> (long) Double.parseDouble(line.substring(series.length() + 1)))
        .sum();
  }
}
