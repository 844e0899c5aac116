package io.mpcium.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpcium.Initiator;
import io.mpcium.registry.consul.testing.ConsulAgentExtension;
import io.mpcium.transport.nats.NatsConnections;
import io.mpcium.transport.nats.client.InitiatorKeyFiles;
import io.mpcium.transport.nats.client.MpcClient;
import io.mpcium.transport.nats.testing.NatsServerExtension;
import io.mpcium.transport.nats.wire.KeygenResultEvent;
import io.mpcium.transport.nats.wire.SigningResultEvent;
import io.nats.client.Connection;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs docs/OPERATIONS.md: every {@code bash} block, in order, in one working directory, with
 * {@code MPCIUM} running this build's launcher, against a real nats-server and Consul agent.
 * After the cluster is up, a client signs with the initiator key the walkthrough generated; the
 * walkthrough's SIGTERM of node2 happens while signing requests are in flight, and every one of
 * them succeeds.
 */
@SuppressWarnings("try") // jnats' Connection.close() declares InterruptedException
class OperationsWalkthroughTest {
  @RegisterExtension
  static final NatsServerExtension NATS = new NatsServerExtension();
  @RegisterExtension
  static final ConsulAgentExtension CONSUL = new ConsulAgentExtension();

  private static final Pattern BLOCK = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL);

  @TempDir
  Path work;

  record Step(String name, String script) { }

  static List<Step> steps() throws IOException {
    Path doc = Path.of(System.getProperty("user.dir")).getParent().resolve(
        "docs/OPERATIONS.md");
    String text = Files.readString(doc, StandardCharsets.UTF_8);
    List<Step> steps = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      String script = m.group(1);
      String first = script.lines().findFirst().orElse("");
      assertThat(first).as("each bash block starts with '# step: <name>'")
          .startsWith("# step: ");
      steps.add(new Step(first.substring("# step: ".length()).strip(), script));
    }
    return steps;
  }

  @Test
  void theOperationsWalkthroughRunsEndToEnd() throws Exception {
    List<Step> steps = steps();
    assertThat(steps.stream().map(Step::name)).containsExactly("setup", "keys", "config",
        "start", "health", "stop", "restart");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Map<String, String> env = Map.of(
        "MPCIUM", java + " -Xmx1g -cp " + System.getProperty("java.class.path")
            + " io.mpcium.examples.MpciumCli",
        "NATS_URL", NATS.url(),
        "CONSUL_HTTP_ADDR", CONSUL.address(),
        "HEALTH_BASE", Integer.toString(freePortBase(3)));
    try {
      for (Step step : steps) {
        if (step.name().equals("stop")) {
          signWhileStopping(step, env);
        } else {
          run(step, env);
        }
        if (step.name().equals("health")) {
          assertThat(work.resolve("identity/node1_private.key.age")).exists();
          assertThat(work.resolve("identity/node1_private.key")).doesNotExist();
        }
      }
      String log = Files.readString(work.resolve("node2.log"));
      assertThat(log).contains("node2 draining", "node node2 closed");
    } finally {
      for (int i = 0; i < 3; i++) {
        Path pid = work.resolve("node" + i + ".pid");
        if (Files.exists(pid)) {
          ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).ifPresent(p -> {
            p.destroy();
            p.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> {
              p.destroyForcibly();
              return p;
            }).join();
          });
        }
      }
    }
  }

  /** Signs through the cluster the walkthrough started, during its "stop" step. */
  private void signWhileStopping(Step stop, Map<String, String> env) throws Exception {
    Initiator initiator = InitiatorKeyFiles.load(work.resolve("event_initiator.key"),
        "ed25519");
    try (Connection connection = NatsConnections.connect(NATS.url(), "walkthrough-client");
        MpcClient client = MpcClient.create(connection, initiator, Optional.of("ops"))) {
      KeygenResultEvent wallet = client.createWalletAsync("ops-wallet").get(90,
          TimeUnit.SECONDS);
      assertThat(wallet.isSuccess()).as(wallet.toString()).isTrue();
      List<byte[]> messages = new ArrayList<>();
      List<CompletableFuture<SigningResultEvent>> results = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        byte[] tx = ("walkthrough " + i).getBytes(StandardCharsets.UTF_8);
        messages.add(tx);
        results.add(client.signAsync("ed25519", "ops-wallet", "ops-net", tx));
      }
      run(stop, env);
      for (int i = 0; i < 5; i++) {
        byte[] tx = ("after stop " + i).getBytes(StandardCharsets.UTF_8);
        messages.add(tx);
        results.add(client.signAsync("ed25519", "ops-wallet", "ops-net", tx));
      }
      for (int i = 0; i < results.size(); i++) {
        SigningResultEvent result = results.get(i).get(90, TimeUnit.SECONDS);
        assertThat(result.isSuccess()).as(result.toString()).isTrue();
        assertThat(SignatureCheck.ed25519(wallet.eddsaPubKey(), messages.get(i),
            result.signature())).isTrue();
      }
    }
  }

  private void run(Step step, Map<String, String> env) throws Exception {
    Path script = work.resolve("step-" + step.name() + ".sh");
    Files.writeString(script, step.script(), StandardCharsets.UTF_8);
    Path output = work.resolve("step-" + step.name() + ".out");
    ProcessBuilder builder = new ProcessBuilder("bash", "-euo", "pipefail", script.toString())
        .directory(work.toFile()).redirectErrorStream(true).redirectOutput(output.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    builder.environment().putAll(env);
    Process process = builder.start();
    boolean done = process.waitFor(300, TimeUnit.SECONDS);
    if (!done) {
      process.destroyForcibly();
    }
    assertThat(done && process.exitValue() == 0).as(() -> "step " + step.name() + " failed:\n"
        + read(output) + "\nnode logs:\n" + read(work.resolve("node0.log")) + "\n"
        + read(work.resolve("node2.log"))).isTrue();
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "(no " + file.getFileName() + ")";
    } catch (IOException e) {
      return e.toString();
    }
  }

  /** A port p such that p, p+1, ... p+count-1 are free now. */
  private static int freePortBase(int count) throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int base;
      try (ServerSocket socket = new ServerSocket(0)) {
        base = socket.getLocalPort();
      }
      if (base + count > 65535) {
        continue;
      }
      boolean free = true;
      for (int port = base; port < base + count && free; port++) {
        try (ServerSocket socket = new ServerSocket(port)) {
          socket.setReuseAddress(true);
        } catch (IOException taken) {
          free = false;
        }
      }
      if (free) {
        return base;
      }
    }
    throw new IOException("no " + count + " consecutive free ports");
  }
}
