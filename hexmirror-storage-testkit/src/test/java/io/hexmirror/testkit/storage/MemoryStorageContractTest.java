package io.hexmirror.testkit.storage;

import io.hexmirror.storage.Storage;

/** The in-memory store keeps the contract it is offered as a stand-in for. */
class MemoryStorageContractTest extends StorageContractTest {

    @Override
    protected Storage createStorage() {
        return new MemoryStorage();
    }

    /** Every object lives in the heap, twice while it is written: keep the large one modest. */
    @Override
    protected long largeObjectSize() {
        return 16L * 1024 * 1024;
    }
}
