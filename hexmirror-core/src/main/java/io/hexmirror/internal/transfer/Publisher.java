package io.hexmirror.internal.transfer;

import io.hexmirror.mirror.ContentTypes;
import io.hexmirror.storage.ObjectWrite;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.WriteOptions;
import io.hexmirror.transfer.BundleEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Publishes verified, staged entries into a mirror in {@link PublishOrder}, each write atomic. The files of one
 * rank of that order are made durable together ({@link WriteOptions#deferredSync()}), before any file of the next
 * rank is written: a crash can then lose only files of the rank being written or later, as when each file was
 * synced on its own, which cost a file and a directory sync apiece (most of an import's time on a disk).
 */
final class Publisher {
    private final Storage target;
    private long written;
    private long removed;
    private long bytes;

    Publisher(Storage target) {
        this.target = target;
    }

    /** @param ordered entries in publish order */
    void publish(List<BundleEntry> ordered, Map<String, Path> staged) throws IOException {
        int rank = -1;
        boolean unsynced = false;
        for (BundleEntry e : ordered) {
            int entryRank = PublishOrder.rank(e.path(), e.deleted());
            if (entryRank != rank && unsynced) {
                target.syncDeferredWrites();
                unsynced = false;
            }
            rank = entryRank;
            if (e.deleted()) {
                if (target.delete(e.path())) {
                    removed++;
                }
                continue;
            }
            WriteOptions options = ContentTypes.writeOptionsFor(e.path()).withSha256(e.sha256()).withDeferredSync();
            try (ObjectWrite write = target.write(e.path(), options)) {
                Files.copy(staged.get(e.path()), write.stream());
                write.commit();
            }
            unsynced = true;
            written++;
            bytes += e.size();
        }
        if (unsynced) {
            target.syncDeferredWrites();
        }
    }

    long written() {
        return written;
    }

    long removed() {
        return removed;
    }

    long bytes() {
        return bytes;
    }
}
