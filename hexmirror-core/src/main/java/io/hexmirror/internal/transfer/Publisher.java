package io.hexmirror.internal.transfer;

import io.hexmirror.mirror.ContentTypes;
import io.hexmirror.storage.ObjectWrite;
import io.hexmirror.storage.Storage;
import io.hexmirror.transfer.BundleEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Publishes verified, staged entries into a mirror in {@link PublishOrder}, each write atomic. */
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
        for (BundleEntry e : ordered) {
            if (e.deleted()) {
                if (target.delete(e.path())) {
                    removed++;
                }
                continue;
            }
            try (ObjectWrite write = target.write(e.path(), ContentTypes.writeOptionsFor(e.path()).withSha256(e.sha256()))) {
                Files.copy(staged.get(e.path()), write.stream());
                write.commit();
            }
            written++;
            bytes += e.size();
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
