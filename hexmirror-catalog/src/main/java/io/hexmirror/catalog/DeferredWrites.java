package io.hexmirror.catalog;

import static java.util.Objects.requireNonNull;

import io.hexmirror.storage.Storage;
import io.hexmirror.storage.WriteOptions;
import java.io.IOException;

/**
 * The catalog's files are derived (a rebuild makes them again), so an update writes them without
 * waiting for the disk file by file and syncs them in batches ({@link Storage#syncDeferredWrites}): on a
 * file system that is a few journal commits per batch instead of two per file. Every file is synced
 * before the catalog's index, which is written last, says the update happened.
 */
final class DeferredWrites {
    /** Files per sync: bounds what the store remembers as unsynced. */
    private static final int BATCH = 1000;
    private static final WriteOptions DEFERRED = WriteOptions.defaults().withDeferredSync();

    private final Storage storage;
    private int unsynced;

    DeferredWrites(Storage storage) {
        this.storage = requireNonNull(storage, "storage is null");
    }

    void write(String key, byte[] content) throws IOException {
        storage.write(key, content, DEFERRED);
        if (++unsynced >= BATCH) {
            sync();
        }
    }

    /** Makes everything written so far durable. */
    void sync() throws IOException {
        storage.syncDeferredWrites();
        unsynced = 0;
    }
}
