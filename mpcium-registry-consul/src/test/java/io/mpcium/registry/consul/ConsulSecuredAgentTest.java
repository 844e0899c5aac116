package io.mpcium.registry.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonParser;
import io.mpcium.KeyScheme;
import io.mpcium.NodeIdentity;
import io.mpcium.PartyId;
import io.mpcium.registry.consul.testing.ConsulAgentExtension;
import io.mpcium.spi.KeyInfo;
import io.mpcium.spi.PeerInfo;
import io.mpcium.spi.RegistryException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An agent with ACLs (default deny) that serves its API over TLS only. */
class ConsulSecuredAgentTest {
  @RegisterExtension
  static final ConsulAgentExtension CONSUL = new ConsulAgentExtension().withAcl().withTls();

  private static final PartyId NODE0 = PartyId.of("node0");

  private final SecureRandom rng = new SecureRandom();
  private final String prefix = "secured-" + UUID.randomUUID() + "/";

  private ConsulPeerRegistry.Builder builder() throws Exception {
    return ConsulPeerRegistry.builder().address(CONSUL.url()).keyPrefix(prefix)
        .sessionTtl(Duration.ofSeconds(2))
        .sslContext(ConsulTls.trusting(CONSUL.caCertificate()));
  }

  @Test
  void worksOverTlsWithTheAclToken() throws Exception {
    PeerInfo node = NodeIdentity.generate(NODE0, rng).peerInfo();
    try (ConsulPeerRegistry registry = builder().token(CONSUL.aclToken()).build()) {
      assertThat(registry.address()).startsWith("https://");
      ReadinessEvents events = new ReadinessEvents();
      ConsulPeerRegistry.Subscription watching = registry.watchReadiness(events);
      try {
        registry.register(node);
        registry.setReady(NODE0, true);
        events.await("node0 ready", Set.of(NODE0)::equals, Duration.ofSeconds(10));
      } finally {
        watching.close();
      }
      KeyInfo key = new KeyInfo("w", KeyScheme.ED25519, 1, 1, List.of(NODE0));
      registry.putKeyInfo(key);
      assertThat(registry.keyInfo(key.keyId())).contains(key);
      assertThat(registry.peers()).containsExactly(node);
    }
  }

  /**
   * The policy documented on {@link ConsulPeerRegistry.Builder#token}: write on the registry's
   * keys and on sessions, nothing else.
   */
  @Test
  void aTokenWithTheDocumentedPolicySuffices() throws Exception {
    String rules = "key_prefix \"" + prefix + "\" { policy = \"write\" }\n"
        + "session_prefix \"\" { policy = \"write\" }\n";
    String policy = UUID.randomUUID().toString();
    acl("/v1/acl/policy", "{\"Name\":\"" + policy + "\",\"Rules\":" + jsonString(rules) + "}");
    String token = JsonParser.parseString(acl("/v1/acl/token",
        "{\"Policies\":[{\"Name\":\"" + policy + "\"}]}")).getAsJsonObject()
        .get("SecretID").getAsString();
    PeerInfo node = NodeIdentity.generate(NODE0, rng).peerInfo();
    try (ConsulPeerRegistry registry = builder().token(token).build()) {
      registry.register(node);
      registry.setReady(NODE0, true);
      assertThat(registry.readyPeers()).containsExactly(NODE0);
      registry.putKeyInfo(new KeyInfo("w", KeyScheme.ED25519, 1, 1, List.of(NODE0)));
      assertThat(registry.peers()).containsExactly(node);
    }
    try (ConsulPeerRegistry elsewhere = ConsulPeerRegistry.builder().address(CONSUL.url())
        .sslContext(ConsulTls.trusting(CONSUL.caCertificate())).token(token)
        .keyPrefix("elsewhere/").build()) {
      assertThatThrownBy(() -> elsewhere.register(node)).isInstanceOf(RegistryException.class)
          .hasMessageContaining("HTTP 403");
    }
  }

  private static String acl(String path, String body) throws Exception {
    HttpClient client = HttpClient.newBuilder()
        .sslContext(ConsulTls.trusting(CONSUL.caCertificate())).build();
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(
            URI.create(CONSUL.url() + path))
        .header("X-Consul-Token", CONSUL.aclToken())
        .PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  private static String jsonString(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  @Test
  void withoutTheTokenEveryCallIsRefusedAndSaysWhy() throws Exception {
    try (ConsulPeerRegistry registry = builder().build();
        ConsulPeerRegistry wrong = builder().token(UUID.randomUUID().toString()).build()) {
      assertThatThrownBy(() -> registry.register(NodeIdentity.generate(NODE0, rng).peerInfo()))
          .isInstanceOf(RegistryException.class)
          .isNotInstanceOf(ConsulUnavailableException.class)
          .hasMessageContaining("HTTP 403").hasMessageContaining("check the ACL token");
      assertThatThrownBy(wrong::readyPeers)
          .isInstanceOf(RegistryException.class)
          .hasMessageContaining("HTTP 403")
          .hasMessageNotContaining(CONSUL.aclToken());
    }
  }

  @Test
  void anAgentCertificateOutsideTheTrustedCasIsRefused() throws Exception {
    try (ConsulPeerRegistry jvmDefaults = ConsulPeerRegistry.builder().address(CONSUL.url())
        .token(CONSUL.aclToken()).keyPrefix(prefix).build()) {
      assertThatThrownBy(jvmDefaults::readyPeers)
          .isInstanceOf(ConsulUnavailableException.class)
          .hasMessageContaining("SSLHandshakeException");
    }
    try (ConsulPeerRegistry plain = ConsulPeerRegistry.builder().address(CONSUL.address())
        .token(CONSUL.aclToken()).keyPrefix(prefix).build()) {
      assertThatThrownBy(plain::readyPeers).isInstanceOf(RegistryException.class);
    }
  }
}
