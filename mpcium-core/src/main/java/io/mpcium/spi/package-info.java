/**
 * The service-provider interfaces a node is built from: {@link io.mpcium.spi.Transport},
 * {@link io.mpcium.spi.PeerRegistry} and {@link io.mpcium.spi.KeyStore}, and the data they carry.
 * Each interface documents its guarantees and threading.
 */
package io.mpcium.spi;
