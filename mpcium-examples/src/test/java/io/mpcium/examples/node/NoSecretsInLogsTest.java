package io.mpcium.examples.node;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.mpcium.Initiator;
import io.mpcium.examples.keys.MpciumKeyFiles;
import io.mpcium.transport.nats.NatsConnections;
import io.mpcium.transport.nats.client.MpcClient;
import io.mpcium.transport.nats.testing.NatsServerExtension;
import io.mpcium.transport.nats.wire.KeygenResultEvent;
import io.mpcium.transport.nats.wire.SigningResultEvent;
import io.nats.client.Connection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Three standalone nodes in this JVM, logging at TRACE into memory, with Mpcium identities
 * encrypted with age, go through key generation, signing (good and refused requests) and a
 * graceful shutdown; no log line, argument or stack trace contains a secret: the vault
 * passphrase, the age passphrase, an identity's Ed25519 seed or derived X25519 key, the
 * initiator's seed (hex, upper-case hex and base64 each).
 */
@SuppressWarnings("try") // jnats' Connection.close() declares InterruptedException
class NoSecretsInLogsTest {
  @RegisterExtension
  static final NatsServerExtension NATS = new NatsServerExtension();

  @TempDir
  Path dir;

  @Test
  void noSecretAppearsInAnyLogLine() throws Exception {
    SecureRandom rng = new SecureRandom();
    String vault = "vault-passphrase-" + HexFormat.of().formatHex(rng.generateSeed(8));
    String agePassphrase = "age passphrase!" + HexFormat.of().formatHex(rng.generateSeed(8));
    Map<String, byte[]> secrets = new LinkedHashMap<>();
    InProcessNodes cluster = new InProcessNodes(dir, agePassphrase, rng);
    for (String name : cluster.peers.keySet()) {
      byte[] seed = MpciumKeyFiles.readNodeSeed(dir.resolve("identity/" + name
          + "_private.key.age"), Optional.of(agePassphrase.toCharArray()));
      secrets.put(name + " seed", seed);
      secrets.put(name + " x25519", MpciumIdentity.agreementKey(seed));
    }
    byte[] initiatorSeed = rng.generateSeed(32);
    secrets.put("initiator seed", initiatorSeed);
    Initiator initiator = Initiator.ed25519FromSeed(initiatorSeed);
    secrets.put("vault passphrase", vault.getBytes(StandardCharsets.UTF_8));
    secrets.put("age passphrase", agePassphrase.getBytes(StandardCharsets.UTF_8));

    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level previous = root.getLevel();
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.setContext(context);
    captured.start();
    // Only into memory while at TRACE: the build's output stays quiet.
    List<ch.qos.logback.core.Appender<ILoggingEvent>> consoles = new java.util.ArrayList<>();
    root.iteratorForAppenders().forEachRemaining(consoles::add);
    consoles.forEach(root::detachAppender);
    root.addAppender(captured);
    root.setLevel(Level.TRACE);
    try {
      cluster.start(dir, NATS.url(), initiator, vault, agePassphrase);
      try (Connection connection = NatsConnections.connect(NATS.url(), "secrets-client");
          MpcClient client = MpcClient.create(connection, initiator, Optional.of("secrets"))) {
        KeygenResultEvent wallet = client.createWalletAsync("secret-wallet")
            .get(90, TimeUnit.SECONDS);
        assertThat(wallet.isSuccess()).as(wallet.toString()).isTrue();
        for (String keyType : List.of("ed25519", "secp256k1")) {
          byte[] tx = keyType.equals("secp256k1") ? new byte[32] : new byte[] {1, 2, 3};
          SigningResultEvent signed = client.signAsync(keyType, "secret-wallet", "net", tx)
              .get(90, TimeUnit.SECONDS);
          assertThat(signed.isSuccess()).as(signed.toString()).isTrue();
        }
        SigningResultEvent refused = client.signAsync("ed25519", "no-such-wallet", "net",
            new byte[] {4}).get(90, TimeUnit.SECONDS);
        assertThat(refused.isSuccess()).isFalse();
      }
      cluster.nodes.get(2).shutdown();
    } finally {
      cluster.close();
      root.setLevel(previous);
      root.detachAppender(captured);
      consoles.forEach(root::addAppender);
    }

    StringBuilder all = new StringBuilder();
    for (ILoggingEvent event : captured.list) {
      all.append(event.getFormattedMessage()).append('\n');
      if (event.getArgumentArray() != null) {
        for (Object argument : event.getArgumentArray()) {
          all.append(argument).append('\n');
        }
      }
      if (event.getThrowableProxy() != null) {
        all.append(ThrowableProxyUtil.asString(event.getThrowableProxy())).append('\n');
      }
    }
    String logs = all.toString();
    assertThat(captured.list.size()).as("the run logged at all").isGreaterThan(20);
    assertThat(logs).contains("node node2 draining", "node node0 started");
    secrets.forEach((what, secret) -> {
      for (String form : List.of(HexFormat.of().formatHex(secret),
          HexFormat.of().withUpperCase().formatHex(secret),
          Base64.getEncoder().encodeToString(secret),
          Base64.getEncoder().withoutPadding().encodeToString(secret),
          new String(secret, StandardCharsets.ISO_8859_1))) {
        assertThat(logs).as(what).doesNotContain(form);
      }
    });
  }
}
