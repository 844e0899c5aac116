/**
 * {@link io.mpcium.spi.PeerRegistry} over a Consul agent, in Mpcium's key layout: {@link
 * io.mpcium.registry.consul.ConsulPeerRegistry}. Membership in {@code mpc_peers/} and {@code
 * mpc_identity/}, readiness as session-held {@code ready/} keys that Consul deletes when a node
 * stops renewing, key metadata in {@code threshold_keyinfo/}.
 */
package io.mpcium.registry.consul;
