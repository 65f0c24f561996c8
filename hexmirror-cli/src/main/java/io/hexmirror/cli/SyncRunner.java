package io.hexmirror.cli;

import io.hexmirror.HexMirrorException;
import io.hexmirror.storage.MirrorLock;
import io.hexmirror.storage.Storage;
import io.hexmirror.sync.SyncEngine;
import io.hexmirror.sync.SyncListener;
import io.hexmirror.sync.SyncOptions;
import io.hexmirror.sync.SyncPlanReport;
import io.hexmirror.sync.SyncSummary;
import io.hexmirror.upstream.UpstreamClient;
import java.io.IOException;
import java.io.PrintWriter;

/** One sync as the CLI runs it: under the mirror's lock, with a fresh upstream client. */
final class SyncRunner {
    private final UpstreamOptions upstreamOptions;
    private final RepositoryOptions repositoryOptions;
    private final SyncOptions syncOptions;

    SyncRunner(UpstreamOptions upstreamOptions, RepositoryOptions repositoryOptions, SelectionOptions selection)
            throws IOException, HexMirrorException {
        this.upstreamOptions = upstreamOptions;
        this.repositoryOptions = repositoryOptions;
        this.syncOptions = selection.toSyncOptions(upstreamOptions.concurrency);
    }

    SyncSummary run(Storage storage, String owner, SyncListener listener) throws IOException, HexMirrorException {
        return run(storage, owner, listener, null);
    }

    /**
     * Syncs, then brings the package catalog up to date for what changed, still under the lock.
     *
     * @param catalogOut where the catalog update reports; null for nowhere
     */
    SyncSummary run(Storage storage, String owner, SyncListener listener, PrintWriter catalogOut) throws IOException, HexMirrorException {
        try (MirrorLock lock = MirrorLock.acquire(storage, owner);
                UpstreamClient upstream = upstreamOptions.client()) {
            SyncSummary summary = new SyncEngine(upstream, storage, repositoryOptions.reader(), syncOptions, listener).run();
            CatalogUpdates.refresh(storage, repositoryOptions.reader(), upstreamOptions.upstream.toString(), catalogOut);
            return summary;
        }
    }

    /** What a sync would do; writes nothing, takes no lock. */
    SyncPlanReport plan(Storage storage, SyncListener listener) throws IOException, HexMirrorException {
        try (UpstreamClient upstream = upstreamOptions.client()) {
            return new SyncEngine(upstream, storage, repositoryOptions.reader(), syncOptions, listener).plan();
        }
    }
}
