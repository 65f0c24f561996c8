package io.hexmirror.cli;

import io.hexmirror.HexMirror;
import io.hexmirror.HexMirrorException;
import io.hexmirror.MirrorChangeHook;
import io.hexmirror.docs.DocsLimits;
import io.hexmirror.docs.DocsPolicy;
import io.hexmirror.docs.DocsPrefetch;
import io.hexmirror.docs.DocsSync;
import io.hexmirror.docs.DocsSyncOptions;
import io.hexmirror.docs.DocsSyncSummary;
import io.hexmirror.sync.SyncPlanReport;
import io.hexmirror.upstream.Upstream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the docs part of sync, plan and serve on a mirror opened through {@link HexMirror}. */
final class DocsRunner {
    private static final Logger LOG = LoggerFactory.getLogger(DocsRunner.class);
    /** The most prefetched docs tarballs wait on disk for the docs sync; beyond it, the docs sync fetches them. */
    static final long PREFETCH_MAX_BYTES = 256L << 20;
    /** Prefetch downloads at a time, beside the registry sync's own. */
    static final int PREFETCH_THREADS = 2;

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
     * A prefetch of the docs this runner will sync, for the registry sync to feed as it finishes packages
     * ({@link DocsPrefetchingListener}): only for {@link DocsPolicy#LATEST} over the whole registry, the docs each
     * package file names, and not under {@code --max-rate}, which the prefetch's own connections would not keep to.
     */
    Optional<DocsPrefetch> prefetch(HexMirror mirror, boolean selective, boolean rateCapped) throws IOException, HexMirrorException {
        if (options.policy() != DocsPolicy.LATEST || selective || rateCapped) {
            return Optional.empty();
        }
        Path directory;
        try {
            directory = Files.createTempDirectory("hexmirror-docs-prefetch-");
        } catch (IOException e) {
            // Only a saving: without a place for the bodies, the docs sync fetches them itself, as before.
            LOG.debug("docs not prefetched: {}", e.getMessage());
            return Optional.empty();
        }
        return Optional.of(new DocsPrefetch(mirror.openUpstream(), mirror.storage(), DocsLimits.hexdocs(), directory,
                PREFETCH_MAX_BYTES, PREFETCH_THREADS));
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
     * @param prefetch the docs prefetched during the registry sync, which the docs sync takes instead of asking
     *     upstream again; stopped here
     */
    DocsSyncSummary runThenUpdateCatalog(HexMirror mirror, long generationBefore, String upstream, PrintWriter out)
            throws IOException, HexMirrorException {
        return runThenUpdateCatalog(mirror, generationBefore, upstream, out, Optional.empty());
    }

    /** {@link #runThenUpdateCatalog(HexMirror, long, String, PrintWriter)}, taking what {@code prefetch} downloaded. */
    DocsSyncSummary runThenUpdateCatalog(HexMirror mirror, long generationBefore, String upstream, PrintWriter out,
            Optional<DocsPrefetch> prefetch) throws IOException, HexMirrorException {
        prefetch.ifPresent(DocsPrefetch::stop);
        return mirror.write(storage -> CatalogUpdates.afterDocs(storage, mirror.registryReader(), upstream, generationBefore, () -> {
            DocsSyncSummary summary;
            Upstream opened = mirror.openUpstream();
            try (Upstream docsUpstream = prefetch.isPresent() ? prefetch.get().upstreamFor(opened) : opened) {
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
