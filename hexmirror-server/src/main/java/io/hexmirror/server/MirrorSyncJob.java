package io.hexmirror.server;

import static java.util.Objects.requireNonNull;

import io.hexmirror.HexMirror;
import io.hexmirror.sync.SyncSummary;
import java.io.IOException;
import java.util.Locale;

/**
 * The background sync of a served mirror: {@link HexMirror#sync()}, which takes the mirror's lock and
 * publishes in the order {@link SyncJob} asks for. A sync that left packages out counts as failed, so the
 * server shows it and retries at the next interval.
 */
final class MirrorSyncJob implements SyncJob {
    private final HexMirror mirror;

    MirrorSyncJob(HexMirror mirror) {
        this.mirror = requireNonNull(mirror, "mirror is null");
    }

    @Override
    public SyncOutcome run() throws Exception {
        SyncSummary summary = mirror.sync();
        String line = String.format(Locale.ROOT, "%d packages added, %d updated, %d removed; %d tarballs downloaded; %d bytes",
                summary.packagesAdded(), summary.packagesUpdated(), summary.packagesRemoved(),
                summary.tarballsDownloaded(), summary.bytesDownloaded());
        if (!summary.succeeded()) {
            throw new IOException(summary.failures().size() + " failure(s), first: " + summary.failures().get(0) + " (" + line + ")");
        }
        return SyncOutcome.of(line);
    }
}
