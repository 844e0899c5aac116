package io.mpcium.registry.consul;

import io.mpcium.NodeIdentity;
import io.mpcium.PartyId;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * A node process for the liveness test: registers a fresh identity under a name, marks itself
 * ready, prints {@code READY <nodeId>} and then waits for its standard input to close (the test
 * kills it with SIGKILL instead). Arguments: agent address, key prefix, node name, TTL seconds.
 */
public final class ReadyNodeMain {
  private ReadyNodeMain() {}

  public static void main(String[] args) throws Exception {
    PartyId name = PartyId.of(args[2]);
    NodeIdentity identity = NodeIdentity.generate(name, new SecureRandom());
    try (ConsulPeerRegistry registry = ConsulPeerRegistry.builder()
        .address(args[0])
        .keyPrefix(args[1])
        .sessionTtl(Duration.ofSeconds(Long.parseLong(args[3])))
        .build()) {
      registry.register(identity.peerInfo());
      registry.setReady(name, true);
      System.out.println("READY " + registry.nodeId(name).orElseThrow());
      System.out.flush();
      waitForEndOfInput();
    }
  }

  private static void waitForEndOfInput() throws IOException {
    while (System.in.read() >= 0) {
      // Keep reading until the parent closes the pipe.
    }
  }
}
