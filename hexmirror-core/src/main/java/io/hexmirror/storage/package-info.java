/**
 * Where a mirror is kept: the storage SPI that plugins implement ({@link io.hexmirror.storage.Storage},
 * {@link io.hexmirror.storage.StorageProvider}) and its discovery by URI scheme
 * ({@link io.hexmirror.storage.Storages}). A store holds objects by key, reads them streaming, and publishes
 * a write only when it is committed, so readers never see a partial object. Providers are found with
 * {@link java.util.ServiceLoader}; the filesystem and S3 providers live in their own modules. The mirror's
 * lock ({@link io.hexmirror.storage.MirrorLock}) is kept in the store itself so that writers on different
 * machines exclude each other.
 */
package io.hexmirror.storage;
