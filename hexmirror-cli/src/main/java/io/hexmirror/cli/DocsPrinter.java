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
        out.printf(Locale.ROOT, "  docs: %d wanted, %d already mirrored, %d fetched, %d unchanged, %d without docs upstream "
                + "(%d remembered, not asked again), %d removed%n", s.wanted(), s.present(), s.fetched(), s.unchanged(),
                s.notFound(), s.skippedMissing(), s.removed());
        out.printf(Locale.ROOT, "  docs transfer: %s in %d requests; browsable tree: %d files, %s written%n",
                Units.bytes(s.bytes()), s.requests(), s.treeFiles(), Units.bytes(s.treeBytes()));
        for (String failure : s.failures()) {
            out.println("  docs failed: " + failure);
        }
        out.flush();
    }

    static void print(DocsSync.DocsPlan p, PrintWriter out) {
        out.printf(Locale.ROOT, "docs (%s): %d wanted, %d already mirrored, %d to ask upstream for, %d remembered as having none%n",
                p.afterSync() ? "for the releases the mirror will serve after this sync" : "for the releases the mirror serves now",
                p.wanted(), p.present(), p.toFetch(), p.rememberedMissing());
        if (p.forComingReleases() > 0) {
            out.printf(Locale.ROOT, "  of which %d for releases this sync adds%n", p.forComingReleases());
        }
        if (p.estimated()) {
            out.printf(Locale.ROOT, "  docs to download: about %s (an estimate: %d of %d sized with HEAD requests, %s; "
                    + "releases without docs count 0)%n",
                    Units.bytes(p.estimatedBytes()), p.sized(), p.toFetch(), Units.bytes(p.knownBytes()));
        } else {
            out.printf(Locale.ROOT, "  docs to download: %s (sizes from HEAD requests; releases without docs count 0)%n",
                    Units.bytes(p.knownBytes()));
        }
        out.flush();
    }
}
