/**
 * {@link io.mpcium.spi.PeerRegistry} over a Consul agent, using Mpcium's key layout.
 *
 * <p>Reserved for the Consul issue; until it lands, nodes use the in-memory registry of
 * {@code mpcium-core}.
 */
package io.mpcium.registry.consul;
