/**
 * Mpcium over NATS: the node-to-node {@link io.mpcium.spi.Transport} on core NATS ({@link
 * io.mpcium.transport.nats.NatsTransport}), a {@link io.mpcium.spi.PeerRegistry} on a JetStream
 * key-value bucket, and connection settings shared by every component.
 */
package io.mpcium.transport.nats;
