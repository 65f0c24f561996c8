package io.hexmirror.catalog;

import static java.util.Objects.requireNonNull;

import io.hexmirror.storage.Storage;
import io.hexmirror.storage.WriteOptions;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The catalog's files are derived (a rebuild makes them again), so an update writes them without
 * waiting for the disk file by file and syncs them in batches ({@link Storage#syncDeferredWrites}): on a
 * file system that is a few journal commits per batch instead of two per file. Every file is synced
 * before the catalog's index, which is written last, says the update happened. Safe for many threads:
 * an update writes entries and pages from every core.
 */
final class DeferredWrites {
    /** Files per sync: bounds what the store remembers as unsynced. */
    private static final int BATCH = 1000;
    private static final WriteOptions DEFERRED = WriteOptions.defaults().withDeferredSync();

    private final Storage storage;
    private final AtomicInteger written = new AtomicInteger();

    DeferredWrites(Storage storage) {
        this.storage = requireNonNull(storage, "storage is null");
    }

    void write(String key, byte[] content) throws IOException {
        storage.write(key, content, DEFERRED);
        if (written.incrementAndGet() % BATCH == 0) {
            sync();
        }
    }

    /** Makes everything written so far durable. */
    void sync() throws IOException {
        storage.syncDeferredWrites();
    }
}
