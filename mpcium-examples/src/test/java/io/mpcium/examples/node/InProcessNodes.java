package io.mpcium.examples.node;

import io.mpcium.Initiator;
import io.mpcium.examples.keys.MpciumKeyFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Three standalone nodes in this JVM with Mpcium identities (age-encrypted) in {@code dir},
 * the JetStream registry, t = 1 and the health endpoint on a free port each.
 */
final class InProcessNodes implements AutoCloseable {
  final List<StandaloneNode> nodes = new ArrayList<>();
  final Map<String, String> peers = new LinkedHashMap<>();

  /** Writes peers.json and the identities; {@link #start} starts the nodes. */
  InProcessNodes(Path dir, String agePassphrase, SecureRandom rng) throws Exception {
    for (int i = 0; i < 3; i++) {
      peers.put("node" + i, java.util.UUID.randomUUID().toString());
    }
    Files.writeString(dir.resolve("peers.json"), MpciumKeyFiles.goIndentedJson(peers));
    for (String name : peers.keySet()) {
      MpciumKeyFiles.generateNodeIdentity(dir.resolve("identity"), name, peers.get(name),
          Optional.of(agePassphrase.toCharArray()), 10, false, rng, Clock.systemUTC());
    }
  }

  void start(Path dir, String natsUrl, Initiator initiator, String vault, String agePassphrase)
      throws Exception {
    for (String name : peers.keySet()) {
      Path config = Files.writeString(dir.resolve(name + ".yaml"), String.join("\n",
          "node_name: " + name,
          "nats:",
          "  url: " + natsUrl,
          "mpc_threshold: 1",
          "event_initiator_pubkey: " + HexFormat.of().formatHex(
              initiator.publicKey().encoded()),
          "db_path: db",
          "badger_password: " + vault,
          "round_timeout_ms: 10000",
          "shutdown_timeout_ms: 5000",
          "healthcheck:",
          "  enabled: true",
          "  address: 127.0.0.1:0"));
      nodes.add(StandaloneNode.start(NodeSettings.load(config, Optional.empty(),
          Optional.empty()), new StandaloneNode.IdentityOptions(true,
              () -> Optional.of(agePassphrase.toCharArray()))));
    }
  }

  @Override
  public void close() {
    nodes.forEach(StandaloneNode::close);
  }
}
