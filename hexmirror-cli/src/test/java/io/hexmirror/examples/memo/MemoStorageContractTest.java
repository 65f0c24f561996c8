package io.hexmirror.examples.memo;

import io.hexmirror.storage.Storage;
import io.hexmirror.storage.Storages;
import io.hexmirror.testkit.storage.StorageContractTest;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/** The sample plugin passes the storage contract, opened by its URI as the CLI opens it. */
class MemoStorageContractTest extends StorageContractTest {
    private static final AtomicInteger STORES = new AtomicInteger();

    @Override
    protected Storage createStorage() throws IOException {
        // A new name per test: a store lives as long as the JVM.
        return Storages.open("memo://contract-" + STORES.incrementAndGet());
    }
}
