/**
 * Test support for storage plugins: {@link io.hexmirror.testkit.storage.StorageContractTest}, the abstract
 * contract test that every provider subclasses in a few lines (round trips, commit-on-close, listing,
 * key validation, concurrent readers and writers, no leaked streams), and
 * {@link io.hexmirror.testkit.storage.FaultInjectingStorage}, which makes chosen operations of a real store
 * fail, to test what a mirror does when its storage breaks halfway.
 */
package io.hexmirror.testkit.storage;
