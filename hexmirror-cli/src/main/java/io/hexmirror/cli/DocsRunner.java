package io.hexmirror.cli;

import io.hexmirror.HexMirror;
import io.hexmirror.HexMirrorException;
import io.hexmirror.MirrorChangeHook;
import io.hexmirror.docs.DocsPolicy;
import io.hexmirror.docs.DocsSync;
import io.hexmirror.docs.DocsSyncOptions;
import io.hexmirror.docs.DocsSyncSummary;
import io.hexmirror.sync.SyncPlanReport;
import io.hexmirror.upstream.Upstream;
import java.io.IOException;
import java.io.PrintWriter;

/** Runs the docs part of sync, plan and serve on a mirror opened through {@link HexMirror}. */
final class DocsRunner {
    private final DocsSyncOptions options;

    DocsRunner(DocsSyncOptions options) {
        this.options = options;
    }

    /** Whether docs are synced at all (a policy other than none, or Elixir versions or releases named). */
    boolean syncsDocs() {
        return options.policy() != DocsPolicy.NONE || !options.elixirVersions().isEmpty() || !options.named().isEmpty()
                || !options.namedPackages().isEmpty();
    }

    /**
     * The catalog hook for the registry sync before these docs: {@code catalog} when no docs follow; none when they
     * do, as {@link #runThenUpdateCatalog} then updates the catalog for both at once (updated before them too, the
     * page of every package getting docs would be written twice, the first time without the link to them).
     */
    MirrorChangeHook registrySyncHook(MirrorChangeHook catalog) {
        return syncsDocs() ? MirrorChangeHook.NONE : catalog;
    }

    /**
     * Mirrors docs for what the mirror now serves, under the mirror's lock, after a registry sync that left the
     * catalog alone, whatever its outcome (docs never hold back registry files and vice versa); then updates the
     * catalog for both at once ({@link CatalogUpdates#afterDocs}). The catalog is derived: a sync stopped before
     * it is caught up by the next refresh, as the journals still name what changed.
     *
     * @param generationBefore the mirror's generation before the registry sync
     * @param upstream the upstream the registry sync came from, shown on the catalog's front page
     * @param out where the docs summary and then the catalog update report, in the order they happen; null for
     *     nowhere
     */
    DocsSyncSummary runThenUpdateCatalog(HexMirror mirror, long generationBefore, String upstream, PrintWriter out)
            throws IOException, HexMirrorException {
        return mirror.write(storage -> CatalogUpdates.afterDocs(storage, mirror.registryReader(), upstream, generationBefore, () -> {
            DocsSyncSummary summary;
            try (Upstream docsUpstream = mirror.openUpstream()) {
                summary = new DocsSync(docsUpstream, storage, options).run();
            }
            if (out != null) {
                DocsPrinter.print(summary, out);
            }
            return summary;
        }, DocsSyncSummary::treePackages, out));
    }

    /**
     * What a docs sync would fetch after a registry sync with this plan (so the docs of releases the
     * sync adds are counted too); writes nothing.
     */
    DocsSync.DocsPlan plan(HexMirror mirror, SyncPlanReport registryPlan) throws IOException, HexMirrorException {
        try (Upstream upstream = mirror.openUpstream()) {
            return new DocsSync(upstream, mirror.storage(), options).plan(registryPlan);
        }
    }
}
