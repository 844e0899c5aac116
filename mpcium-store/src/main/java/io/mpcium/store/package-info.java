/**
 * {@link io.mpcium.spi.KeyStore} over MapDB: {@link io.mpcium.store.MapDbKeyStore} (durable,
 * crash-safe, versioned records in a directory), encrypted incremental
 * {@link io.mpcium.store.Backups} with restore, and a {@link io.mpcium.store.BackupScheduler}.
 * Records arrive already encrypted by the core's share vault.
 */
package io.mpcium.store;
