package io.mpcium.inmemory;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpcium.PartyId;
import io.mpcium.spi.KeyStore;
import io.mpcium.spi.KeyStoreContract;
import io.mpcium.spi.PeerRegistry;
import io.mpcium.spi.PeerRegistryContract;
import io.mpcium.spi.Transport;
import io.mpcium.spi.TransportContract;
import io.mpcium.spi.TransportException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The in-memory SPI implementations pass the SPI contracts. */
class InMemorySpiTest {

  @Nested
  class KeyStoreTest extends KeyStoreContract {
    @Override
    protected KeyStore newStore() {
      return new InMemoryKeyStore();
    }
  }

  @Nested
  class PeerRegistryTest extends PeerRegistryContract {
    @Override
    protected PeerRegistry newRegistry() {
      return new InMemoryPeerRegistry();
    }
  }

  @Nested
  class TransportTest extends TransportContract {
    @Override
    protected Transport newTransport() {
      return new InMemoryTransport();
    }
  }

  @Test
  void sendingToAPartyThatIsNotSubscribedFailsClearly() {
    try (InMemoryTransport transport = new InMemoryTransport()) {
      assertThatThrownBy(() -> transport.send(PartyId.of("a"), PartyId.of("b"), new byte[1]))
          .isInstanceOf(TransportException.class).hasMessageContaining("no route to b");
    }
  }
}
