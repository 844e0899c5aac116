package io.mpcium.registry.consul;

import io.mpcium.registry.consul.testing.ConsulAgentExtension;
import io.mpcium.spi.PeerRegistry;
import io.mpcium.spi.PeerRegistryContract;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The {@link PeerRegistry} contract on a real Consul agent; each test under its own prefix. */
class ConsulPeerRegistryContractTest extends PeerRegistryContract {
  @RegisterExtension
  static final ConsulAgentExtension CONSUL = new ConsulAgentExtension();

  @Override
  protected PeerRegistry newRegistry() {
    return ConsulPeerRegistry.builder()
        .address(CONSUL.address())
        .keyPrefix("contract-" + UUID.randomUUID() + "/")
        .sessionTtl(Duration.ofSeconds(2))
        .build();
  }
}
