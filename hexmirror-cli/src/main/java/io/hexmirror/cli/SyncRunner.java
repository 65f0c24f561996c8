package io.hexmirror.cli;

import io.hexmirror.HexMirrorException;
import io.hexmirror.docs.DocsPolicy;
import io.hexmirror.docs.DocsSync;
import io.hexmirror.docs.DocsSyncOptions;
import io.hexmirror.docs.DocsSyncSummary;
import io.hexmirror.storage.MirrorLock;
import io.hexmirror.storage.Storage;
import io.hexmirror.sync.SyncEngine;
import io.hexmirror.sync.SyncListener;
import io.hexmirror.sync.SyncOptions;
import io.hexmirror.sync.SyncPlanReport;
import io.hexmirror.sync.SyncSummary;
import io.hexmirror.upstream.UpstreamClient;
import java.io.IOException;

/** One sync as the CLI runs it: under the mirror's lock, with a fresh upstream client. */
final class SyncRunner {
    private final UpstreamOptions upstreamOptions;
    private final RepositoryOptions repositoryOptions;
    private final SyncOptions syncOptions;
    private final DocsSyncOptions docsOptions;

    SyncRunner(UpstreamOptions upstreamOptions, RepositoryOptions repositoryOptions, SelectionOptions selection)
            throws IOException, HexMirrorException {
        this(upstreamOptions, repositoryOptions, selection, null);
    }

    /** With docs: after each registry sync, the docs the options ask for ({@code null}: none). */
    SyncRunner(UpstreamOptions upstreamOptions, RepositoryOptions repositoryOptions, SelectionOptions selection,
            DocsOptions docs) throws IOException, HexMirrorException {
        this.upstreamOptions = upstreamOptions;
        this.repositoryOptions = repositoryOptions;
        this.syncOptions = selection.toSyncOptions(upstreamOptions.concurrency);
        this.docsOptions = docs == null ? null : docs.toOptions(selection, upstreamOptions.concurrency);
    }

    /** Whether docs are synced at all (a policy other than none, or Elixir versions named). */
    boolean syncsDocs() {
        return docsOptions != null && (docsOptions.policy() != DocsPolicy.NONE || !docsOptions.elixirVersions().isEmpty()
                || !docsOptions.named().isEmpty());
    }

    /**
     * Mirrors docs for what the mirror now serves, under the mirror's lock. Runs after the registry
     * sync, whatever its outcome: docs never hold back registry files and vice versa.
     */
    DocsSyncSummary runDocs(Storage storage, String owner) throws IOException, HexMirrorException {
        try (MirrorLock lock = MirrorLock.acquire(storage, owner);
                UpstreamClient upstream = upstreamOptions.client()) {
            return new DocsSync(upstream, storage, docsOptions).run();
        }
    }

    /** What a docs sync would fetch; writes nothing. */
    DocsSync.DocsPlan planDocs(Storage storage) throws IOException, HexMirrorException {
        try (UpstreamClient upstream = upstreamOptions.client()) {
            return new DocsSync(upstream, storage, docsOptions).plan();
        }
    }

    SyncSummary run(Storage storage, String owner, SyncListener listener) throws IOException, HexMirrorException {
        try (MirrorLock lock = MirrorLock.acquire(storage, owner);
                UpstreamClient upstream = upstreamOptions.client()) {
            return new SyncEngine(upstream, storage, repositoryOptions.reader(), syncOptions, listener).run();
        }
    }

    /** What a sync would do; writes nothing, takes no lock. */
    SyncPlanReport plan(Storage storage, SyncListener listener) throws IOException, HexMirrorException {
        try (UpstreamClient upstream = upstreamOptions.client()) {
            return new SyncEngine(upstream, storage, repositoryOptions.reader(), syncOptions, listener).plan();
        }
    }
}
