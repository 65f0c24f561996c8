/**
 * The storage SPI: a flat store of objects by key ({@link io.hexmirror.storage.Storage}), opened by a
 * {@link io.hexmirror.storage.StorageProvider} that {@link io.hexmirror.storage.Storages} finds with
 * {@link java.util.ServiceLoader} by URI scheme. Signatures use JDK types and this package's own
 * value types only, so that a storage plugin depends on this module alone. What the objects mean
 * (the Hex layout, their content types, the mirror's lock) is hexmirror core's business.
 */
package io.hexmirror.storage;
