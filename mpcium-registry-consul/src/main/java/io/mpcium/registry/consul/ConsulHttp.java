package io.mpcium.registry.consul;

import com.ecwid.consul.ConsulException;
import com.ecwid.consul.transport.TransportException;
import com.ecwid.consul.v1.ConsulClient;
import com.ecwid.consul.v1.ConsulRawClient;
import com.ecwid.consul.v1.OperationException;
import io.mpcium.spi.RegistryException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.apache.http.Header;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClientBuilder;
import org.apache.http.message.BasicHeader;

/**
 * The HTTP side of the registry: one Apache HttpClient (TLS, ACL token and basic auth as headers,
 * connect and read timeouts) under consul-api's {@link ConsulClient}, and the
 * translation of its failures into {@link RegistryException}s that name the agent and the
 * operation but never the credentials. Thread-safe.
 */
final class ConsulHttp implements AutoCloseable {
  private final String address;
  private final CloseableHttpClient http;
  private final ConsulClient client;

  ConsulHttp(URI agent, Optional<SSLContext> tls, Optional<String> token,
      Optional<String> basicAuth, Duration connectTimeout, Duration readTimeout) {
    this.address = agent.getScheme() + "://" + agent.getHost() + ":" + agent.getPort();
    List<Header> headers = new ArrayList<>();
    token.ifPresent(t -> headers.add(new BasicHeader("X-Consul-Token", t)));
    basicAuth.ifPresent(credentials -> headers.add(new BasicHeader("Authorization", "Basic "
        + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))));
    RequestConfig timeouts = RequestConfig.custom()
        .setConnectTimeout(Math.toIntExact(connectTimeout.toMillis()))
        .setConnectionRequestTimeout(Math.toIntExact(connectTimeout.toMillis()))
        .setSocketTimeout(Math.toIntExact(readTimeout.toMillis()))
        .build();
    HttpClientBuilder builder = HttpClientBuilder.create()
        .setDefaultRequestConfig(timeouts)
        .setDefaultHeaders(headers)
        .setMaxConnTotal(16)
        .setMaxConnPerRoute(16)
        .disableAutomaticRetries()
        .disableCookieManagement();
    tls.ifPresent(builder::setSSLContext);
    this.http = builder.build();
    this.client = new ConsulClient(new ConsulRawClient(agent.getScheme() + "://" + agent.getHost(),
        agent.getPort(), http));
  }

  ConsulClient client() {
    return client;
  }

  /** {@code scheme://host:port} of the agent, for messages. */
  String address() {
    return address;
  }

  /** One Consul operation whose failures become registry exceptions. */
  interface Call<T> {
    T run(ConsulClient client);
  }

  /**
   * Runs {@code call}; a network failure or a Consul server error becomes a {@link
   * ConsulUnavailableException}, any other refusal a {@link RegistryException} with Consul's
   * status and message.
   */
  <T> T call(String what, Call<T> call) throws RegistryException {
    try {
      return call.run(client);
    } catch (OperationException e) {
      String detail = "HTTP " + e.getStatusCode() + " " + brief(e.getStatusContent());
      boolean invalidSession = e.getStatusContent() != null
          && e.getStatusContent().contains("invalid session");
      if (e.getStatusCode() >= 500 && !invalidSession) {
        throw new ConsulUnavailableException("Consul at " + address + " could not " + what
            + ": " + detail, e);
      }
      String hint = e.getStatusCode() == 403 ? " (check the ACL token)" : "";
      throw new RegistryException("Consul at " + address + " refused to " + what + ": "
          + detail + hint, e);
    } catch (TransportException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new ConsulUnavailableException("Consul at " + address + " is unreachable (could not "
          + what + "): " + cause.getClass().getSimpleName()
          + (cause.getMessage() == null ? "" : ": " + brief(cause.getMessage())), e);
    } catch (ConsulException e) {
      throw new RegistryException("Consul at " + address + ": could not " + what + ": "
          + brief(e.getMessage()), e);
    }
  }

  /** Whether {@code e} is Consul's answer that a session does not exist (any more). */
  static boolean isUnknownSession(RegistryException e) {
    return e.getCause() instanceof OperationException op && op.getStatusCode() == 404;
  }

  /**
   * Whether {@code e} is Consul's refusal to lock a key with a session that does not exist (any
   * more); Consul answers that with a server error, which is not an outage.
   */
  static boolean isInvalidSession(RegistryException e) {
    return e.getCause() instanceof OperationException op && op.getStatusContent() != null
        && op.getStatusContent().contains("invalid session");
  }

  @Override
  public void close() {
    try {
      http.close();
    } catch (IOException e) {
      // Closing only releases sockets; nothing is lost.
    }
  }

  private static String brief(String text) {
    if (text == null) {
      return "";
    }
    String line = text.strip().replaceAll("\\s+", " ");
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}
