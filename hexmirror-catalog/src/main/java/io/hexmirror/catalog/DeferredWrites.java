package io.hexmirror.catalog;

import static java.util.Objects.requireNonNull;

import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.WriteOptions;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The catalog's files are derived (a rebuild makes them again), so an update writes them without
 * waiting for the disk file by file and syncs them in batches ({@link Storage#syncDeferredWrites}): on a
 * file system that is a few journal commits per batch instead of two per file. Every file is synced
 * before the catalog's index, which is written last, says the update happened. Safe for many threads:
 * an update writes entries and pages from every core.
 *
 * <p>A file that already holds exactly the bytes to write is left alone: most of a rebuild, and every
 * shared page of an update that changes no summary, is what the last update wrote, and reading a file
 * back costs far less than replacing it (a rename makes the file system write the new file out). Only a
 * file the index vouches for is left so: one last changed before the index was written, which the
 * update that wrote that index had made durable. A file written after it, by an update stopped before
 * its own index, may still sit unsynced in memory and is written (and so synced) again.
 */
final class DeferredWrites {
    /** Files per sync: bounds what the store remembers as unsynced. */
    private static final int BATCH = 1000;
    private static final WriteOptions DEFERRED = WriteOptions.defaults().withDeferredSync();

    private final Storage storage;
    private final Optional<Instant> durableUpTo;
    private final AtomicInteger written = new AtomicInteger();

    /**
     * @param durableUpTo when the catalog's index was last written (empty when there is none): files last
     *     changed before that are durable
     */
    DeferredWrites(Storage storage, Optional<Instant> durableUpTo) {
        this.storage = requireNonNull(storage, "storage is null");
        this.durableUpTo = requireNonNull(durableUpTo, "durableUpTo is null");
    }

    /** Writes the file unless it already holds exactly {@code content}, durably; returns whether it wrote. */
    boolean write(String key, byte[] content) throws IOException {
        if (holdsDurably(key, content)) {
            return false;
        }
        storage.write(key, content, DEFERRED);
        if (written.incrementAndGet() % BATCH == 0) {
            sync();
        }
        return true;
    }

    private boolean holdsDurably(String key, byte[] content) throws IOException {
        if (durableUpTo.isEmpty()) {
            return false;
        }
        Optional<ObjectInfo> info = storage.stat(key);
        // The size and time rule most changed files out before their content is read.
        // Strictly before: a file system stamps times by a clock tick of some milliseconds, and a file written in the
        // index's own tick may have come after it.
        return info.isPresent() && info.get().size() == content.length && info.get().lastModified().isBefore(durableUpTo.get())
                && storage.contentEquals(key, content);
    }

    /** How many files were written (not left alone) so far. */
    int written() {
        return written.get();
    }

    /** Makes everything written so far durable. */
    void sync() throws IOException {
        storage.syncDeferredWrites();
    }
}
