/**
 * For storage plugin tests: the contract every store must pass
 * ({@link io.hexmirror.testkit.storage.StorageContractTest}), an in-memory store that passes it
 * ({@link io.hexmirror.testkit.storage.MemoryStorage}), a fault-injecting decorator
 * ({@link io.hexmirror.testkit.storage.FaultInjectingStorage}) and test data and descriptor helpers.
 */
package io.hexmirror.testkit.storage;
