package io.mpcium.internal.node;

import io.mpcium.NodeIdentity;
import io.mpcium.RequestPolicy;
import io.mpcium.Scheduler;
import io.mpcium.internal.security.KdfParams;
import io.mpcium.spi.KeyStore;
import io.mpcium.spi.PeerRegistry;
import io.mpcium.spi.Transport;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything a node is built from, validated by {@link io.mpcium.ThresholdNode.Builder}. The
 * scheduler is empty when the node should own a default one; the chain code is empty when child
 * keys use each key's default chain code ({@link io.mpcium.hd.HdDerivation#defaultChainCode}).
 */
public record NodeConfig(
    NodeIdentity identity,
    Transport transport,
    PeerRegistry registry,
    KeyStore keyStore,
    char[] vaultPassphrase,
    KdfParams newVaultKdf,
    RequestPolicy policy,
    int threshold,
    Clock clock,
    Optional<Scheduler> scheduler,
    Duration roundTimeout,
    SecureRandom rng,
    Optional<byte[]> chainCode) {
}
