/**
 * {@link io.mpcium.spi.KeyStore} over MapDB: durable, transactional, versioned records.
 *
 * <p>Reserved for the store issue; until it lands, nodes use the in-memory key store of
 * {@code mpcium-core}. Records arrive already encrypted by the core's share vault.
 */
package io.mpcium.store;
