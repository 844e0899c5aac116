package io.mpcium.registry.consul.testing;

import io.mpcium.testing.ServerBinaries;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a real Consul agent in development mode ({@code consul agent -dev}: one in-memory server)
 * on free loopback ports, for one test class:
 * {@code @RegisterExtension static final ConsulAgentExtension CONSUL = new ConsulAgentExtension();}.
 *
 * <p>The agent lowers {@code session_ttl_min} to 1 s so that tests can use short session TTLs.
 * {@link #withAcl()} turns ACLs on (default deny, management token {@link #aclToken()}); {@link
 * #withTls()} serves HTTPS only, with a CA and server certificate made by the agent's own {@code
 * consul tls} commands ({@link #caCertificate()}).
 *
 * <p>The binary is, in order: the system property {@value #BINARY_PROPERTY}, the environment
 * variable {@value #BINARY_ENV}, {@code consul} on the {@code PATH}, and {@code
 * ~/.cache/mpcium/bin/consul} (where {@code .ci/run} builds it from {@code tools/consul}); it must
 * be Consul 1.14 or later. Without one the test class fails, saying how to build it. {@link
 * #restart} stops the agent and starts a new one on the same ports: a development agent keeps
 * nothing, so everything written before is gone, as after losing a cluster's data.
 */
public final class ConsulAgentExtension implements BeforeAllCallback, AfterAllCallback {
  public static final String BINARY_PROPERTY = "mpcium.consul";
  public static final String BINARY_ENV = "MPCIUM_CONSUL";
  private static final Pattern VERSION = Pattern.compile("Consul v(\\d+)\\.(\\d+)\\.(\\d+)");
  private static final String READY_LINE = "Synced node info";

  private boolean acl;
  private boolean tls;
  private final String aclToken = UUID.randomUUID().toString();

  private Path binary;
  private Path dir;
  private int httpPort;
  private int serfLanPort;
  private int serverPort;
  private Process process;
  private final ServerBinaries.OutputTail recentOutput = new ServerBinaries.OutputTail(80);

  /** Turns ACLs on: default policy deny, {@link #aclToken()} is the management token. */
  public ConsulAgentExtension withAcl() {
    this.acl = true;
    return this;
  }

  /** Serves the HTTP API over TLS only, with a certificate from {@link #caCertificate()}. */
  public ConsulAgentExtension withTls() {
    this.tls = true;
    return this;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    stop();
    ServerBinaries.deleteTree(dir);
  }

  /** Starts the agent (on new ports the first time, the same ones afterwards). */
  public synchronized void start() throws IOException, InterruptedException {
    if (process != null && process.isAlive()) {
      return;
    }
    if (binary == null) {
      binary = findBinary();
      dir = Files.createTempDirectory("mpcium-consul-");
      httpPort = ServerBinaries.freePort();
      serfLanPort = ServerBinaries.freePort();
      serverPort = ServerBinaries.freePort();
      if (tls) {
        makeCertificates();
      }
      Files.writeString(dir.resolve("agent.hcl"), config(), StandardCharsets.UTF_8);
    }
    List<String> command = List.of(binary.toString(), "agent", "-dev", "-bind", "127.0.0.1",
        "-client", "127.0.0.1", "-node", "mpcium-test", "-log-level", "info",
        "-config-file", dir.resolve("agent.hcl").toString());
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    recentOutput.clear();
    process = ServerBinaries.startAndAwaitReady(builder, "consul-agent", READY_LINE,
        Duration.ofSeconds(60), recentOutput);
  }

  /** Stops the agent gracefully and waits for it to exit. */
  public synchronized void stop() throws InterruptedException {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
      process = null;
    }
  }

  /** Stops the agent and starts an empty one on the same ports. */
  public synchronized void restart() throws IOException, InterruptedException {
    stop();
    start();
  }

  /** The HTTP API address, {@code 127.0.0.1:<port>} (use {@code https://} with TLS). */
  public String address() {
    return "127.0.0.1:" + httpPort;
  }

  /** The API's URL, {@code http://127.0.0.1:<port>} or {@code https://...} with TLS. */
  public String url() {
    return (tls ? "https://" : "http://") + address();
  }

  /** The management token of an agent started {@link #withAcl()}. */
  public String aclToken() {
    return aclToken;
  }

  /** The PEM file of the CA that signed the certificate of an agent started {@link #withTls()}. */
  public Path caCertificate() {
    if (!tls) {
      throw new IllegalStateException("the agent was not started with TLS");
    }
    return dir.resolve("consul-agent-ca.pem");
  }

  /** The agent binary in use. */
  public Path binary() {
    return binary;
  }

  private String config() {
    StringBuilder hcl = new StringBuilder();
    hcl.append("session_ttl_min = \"1s\"\n");
    hcl.append("ports {\n")
        .append("  http = ").append(tls ? -1 : httpPort).append('\n')
        .append("  https = ").append(tls ? httpPort : -1).append('\n')
        .append("  dns = -1\n  grpc = -1\n  grpc_tls = -1\n  serf_wan = -1\n")
        .append("  serf_lan = ").append(serfLanPort).append('\n')
        .append("  server = ").append(serverPort).append('\n')
        .append("}\n");
    if (acl) {
      hcl.append("acl {\n  enabled = true\n  default_policy = \"deny\"\n")
          .append("  enable_token_persistence = false\n")
          .append("  tokens {\n    initial_management = \"").append(aclToken).append("\"\n")
          .append("    agent = \"").append(aclToken).append("\"\n  }\n}\n");
    }
    if (tls) {
      hcl.append("tls {\n  defaults {\n")
          .append("    ca_file = \"").append(dir.resolve("consul-agent-ca.pem")).append("\"\n")
          .append("    cert_file = \"").append(dir.resolve("dc1-server-consul-0.pem"))
          .append("\"\n")
          .append("    key_file = \"").append(dir.resolve("dc1-server-consul-0-key.pem"))
          .append("\"\n")
          .append("    verify_incoming = false\n    verify_outgoing = false\n  }\n}\n");
    }
    return hcl.toString();
  }

  private void makeCertificates() throws IOException, InterruptedException {
    run(binary.toString(), "tls", "ca", "create");
    run(binary.toString(), "tls", "cert", "create", "-server", "-dc", "dc1");
  }

  private void run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
    }
  }

  /** Finds a Consul 1.14 or later, or fails saying how to build one. */
  public static Path findBinary() {
    List<Path> candidates = new ArrayList<>();
    Optional.ofNullable(System.getProperty(BINARY_PROPERTY)).filter(s -> !s.isBlank())
        .map(Path::of).ifPresent(candidates::add);
    Optional.ofNullable(System.getenv(BINARY_ENV)).filter(s -> !s.isBlank())
        .map(Path::of).ifPresent(candidates::add);
    String path = System.getenv("PATH");
    if (path != null) {
      for (String entry : path.split(File.pathSeparator)) {
        if (!entry.isEmpty()) {
          candidates.add(Path.of(entry, "consul"));
        }
      }
    }
    candidates.add(Path.of(System.getProperty("user.home"), ".cache", "mpcium", "bin",
        "consul"));
    List<String> rejected = new ArrayList<>();
    for (Path candidate : candidates) {
      if (!Files.isExecutable(candidate)) {
        continue;
      }
      String version = ServerBinaries.versionOutput(candidate, "version").lines().findFirst()
          .orElse("");
      if (isAtLeast114(version)) {
        return candidate;
      }
      rejected.add(candidate + " (" + version + ")");
    }
    throw new IllegalStateException("no Consul 1.14 or later found"
        + (rejected.isEmpty() ? "" : "; unusable: " + rejected) + ". Build one with .ci/run, or "
        + "`cd tools/consul && go build -o ~/.cache/mpcium/bin/consul github.com/hashicorp/consul`"
        + ", or point -D" + BINARY_PROPERTY + " / $" + BINARY_ENV + " at one.");
  }

  static boolean isAtLeast114(String version) {
    return ServerBinaries.isAtLeast(VERSION, version, 1, 14);
  }
}
