package io.hexmirror.cli;

import io.hexmirror.docs.DocsSync;
import io.hexmirror.docs.DocsSyncSummary;
import java.io.PrintWriter;
import java.util.Locale;

/** The docs lines of the sync and plan reports. */
final class DocsPrinter {
    private DocsPrinter() {
    }

    static void print(DocsSyncSummary s, PrintWriter out) {
        out.printf(Locale.ROOT, "docs %s in %s%n", s.succeeded() ? "complete" : "finished with " + s.failures().size() + " failure(s)",
                Units.duration(s.duration()));
        // Each line fits an 80-column terminal, as the sync's own summary does.
        out.printf(Locale.ROOT, "  docs: %d wanted, %d already mirrored, %d fetched, %d unchanged, %d removed%n",
                s.wanted(), s.present(), s.fetched(), s.unchanged(), s.removed());
        out.printf(Locale.ROOT, "  without docs upstream: %d (%d remembered, not asked again)%n", s.notFound(), s.skippedMissing());
        out.printf(Locale.ROOT, "  docs transfer: %s in %d requests%n", Units.bytes(s.bytes()), s.requests());
        out.printf(Locale.ROOT, "  browsable tree: %d files, %s written%n", s.treeFiles(), Units.bytes(s.treeBytes()));
        for (String failure : s.failures()) {
            out.println("  docs failed: " + failure);
        }
        out.flush();
    }

    static void print(DocsSync.DocsPlan p, PrintWriter out) {
        out.printf(Locale.ROOT, "docs (%s):%n",
                p.afterSync() ? "for the releases the mirror will serve after this sync" : "for the releases the mirror serves now");
        out.printf(Locale.ROOT, "  docs: %d wanted, %d already mirrored, %d to ask upstream for%n", p.wanted(), p.present(), p.toFetch());
        if (p.forComingReleases() > 0) {
            out.printf(Locale.ROOT, "  of which %d for releases this sync adds%n", p.forComingReleases());
        }
        out.printf(Locale.ROOT, "  remembered as having none upstream: %d (not asked again)%n", p.rememberedMissing());
        if (p.estimated()) {
            out.printf(Locale.ROOT, "  docs to download: about %s (an estimate)%n", Units.bytes(p.estimatedBytes()));
            out.printf(Locale.ROOT, "  sized with HEAD requests: %d of %d, %s; releases without docs count 0%n",
                    p.sized(), p.toFetch(), Units.bytes(p.knownBytes()));
        } else {
            out.printf(Locale.ROOT, "  docs to download: %s (sizes from HEAD requests)%n", Units.bytes(p.knownBytes()));
        }
        out.flush();
    }
}
