package io.mpcium.examples.node;

import com.fasterxml.jackson.databind.JsonNode;
import io.mpcium.registry.consul.ConsulPeerRegistry;
import io.mpcium.registry.consul.ConsulTls;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.net.ssl.SSLContext;

/**
 * The {@code consul:} mapping of a node's configuration: Mpcium's keys {@code address}, {@code
 * token}, {@code username} and {@code password} (HTTP basic authentication) and our {@code
 * ca_cert} (PEM file of the CA to trust; turns HTTPS on), {@code session_ttl_seconds} and {@code
 * key_prefix}. Every value is checked when the file is read, with the key named; the CA file is
 * read then as well. {@link #open()} builds a registry (no request is made before its first
 * use). Immutable; the token and password never appear in messages or {@link #toString()}.
 */
public final class ConsulSettings {
  static final Set<String> KEYS = Set.of("address", "token", "username", "password", "ca_cert",
      "session_ttl_seconds", "key_prefix");

  private final String address;
  private final String token;
  private final String username;
  private final String password;
  private final SSLContext sslContext;
  private final Path caCert;
  private final Duration sessionTtl;
  private final String keyPrefix;

  private ConsulSettings(JsonNode node, Path baseDir) {
    if (!node.isMissingNode() && !node.isNull() && !node.isObject()) {
      throw new IllegalArgumentException("consul must be a mapping (address, token, ...)");
    }
    List<String> unknown = new ArrayList<>();
    node.fieldNames().forEachRemaining(key -> {
      if (!KEYS.contains(key)) {
        unknown.add("consul." + key);
      }
    });
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown keys " + unknown + "; consul takes "
          + new TreeSet<>(KEYS));
    }
    this.address = value(node, "address", "localhost:8500");
    this.token = value(node, "token", null);
    this.username = value(node, "username", null);
    this.password = value(node, "password", null);
    if ((username == null) != (password == null)) {
      throw new IllegalArgumentException("consul.username and consul.password go together");
    }
    this.caCert = Optional.ofNullable(value(node, "ca_cert", null))
        .map(baseDir::resolve).orElse(null);
    String ttl = value(node, "session_ttl_seconds", "10");
    try {
      this.sessionTtl = Duration.ofSeconds(Long.parseLong(ttl));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("consul.session_ttl_seconds must be an integer, got '"
          + ttl + "'");
    }
    this.keyPrefix = value(node, "key_prefix", "");
    if (caCert == null) {
      this.sslContext = null;
    } else {
      try {
        this.sslContext = ConsulTls.trusting(caCert);
      } catch (IOException | GeneralSecurityException e) {
        throw new IllegalArgumentException("consul.ca_cert: cannot read CA certificates from "
            + caCert + ": " + e.getMessage());
      }
    }
    builder(); // checks every value, naming its key
  }

  /** Reads the {@code consul:} mapping ({@code node} may be missing: all defaults). */
  static ConsulSettings read(JsonNode node, Path baseDir) {
    return new ConsulSettings(node, baseDir);
  }

  private static String value(JsonNode node, String key, String fallback) {
    try {
      return NodeSettings.text(node, key, fallback);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("consul." + e.getMessage(), e);
    }
  }

  private ConsulPeerRegistry.Builder builder() {
    ConsulPeerRegistry.Builder builder = ConsulPeerRegistry.builder();
    apply("address", () -> builder.address(address));
    if (token != null) {
      apply("token", () -> builder.token(token));
    }
    if (username != null) {
      apply("username", () -> builder.basicAuth(username, password));
    }
    if (sslContext != null) {
      builder.sslContext(sslContext);
    }
    apply("session_ttl_seconds", () -> builder.sessionTtl(sessionTtl));
    apply("key_prefix", () -> builder.keyPrefix(keyPrefix));
    return builder;
  }

  private static void apply(String key, Runnable setting) {
    try {
      setting.run();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("consul." + key + ": " + e.getMessage(), e);
    }
  }

  /** A registry with these settings; the caller closes it. */
  public ConsulPeerRegistry open() {
    return builder().build();
  }

  /** The agent address as written (Mpcium's {@code host:port}, or a URL). */
  public String address() {
    return address;
  }

  public Duration sessionTtl() {
    return sessionTtl;
  }

  public String keyPrefix() {
    return keyPrefix;
  }

  /** Whether the agent is reached over HTTPS trusting {@code ca_cert}. */
  public boolean tls() {
    return caCert != null || address.startsWith("https://");
  }

  @Override
  public String toString() {
    return "ConsulSettings[" + address + ", token " + (token == null ? "none" : "set")
        + ", basic auth " + (username == null ? "none" : "set") + ", CA "
        + (caCert == null ? "none" : caCert) + ", TTL " + sessionTtl.toSeconds() + " s, prefix '"
        + keyPrefix + "']";
  }
}
