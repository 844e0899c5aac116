/**
 * {@link io.mpcium.spi.Transport} over NATS and the Mpcium-compatible JetStream client gateway.
 *
 * <p>Reserved for the NATS issue; until it lands, nodes use the in-memory transport of
 * {@code mpcium-core}.
 */
package io.mpcium.transport.nats;
