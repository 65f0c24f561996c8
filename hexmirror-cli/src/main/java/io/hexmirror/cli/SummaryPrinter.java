package io.hexmirror.cli;

import io.hexmirror.generation.QuarantinedRelease;
import io.hexmirror.sync.SyncFailure;
import io.hexmirror.sync.SyncSummary;
import java.io.PrintWriter;
import java.util.Locale;

/** The end-of-sync report. */
final class SummaryPrinter {
    private SummaryPrinter() {
    }

    /**
     * @param generation the mirror's generation after the sync, for {@code export --since} on the
     *     next delivery (0 when it has none yet)
     */
    static void print(SyncSummary s, String target, long generation, PrintWriter out) {
        out.printf(Locale.ROOT, "sync of %s %s in %s%n", target, outcome(s), Units.duration(s.elapsed()));
        out.printf(Locale.ROOT, "  packages: %d added, %d updated, %d removed%n", s.packagesAdded(), s.packagesUpdated(), s.packagesRemoved());
        out.printf(Locale.ROOT, "  tarballs: %d downloaded, %d removed%n", s.tarballsDownloaded(), s.tarballsRemoved());
        out.printf(Locale.ROOT, "  transfer: %s in %d requests%n", Units.bytes(s.bytesDownloaded()), s.requests());
        if (generation > 0) {
            out.printf(Locale.ROOT, "  generation: %d%n", generation);
        }
        for (SyncFailure failure : s.failures()) {
            out.println("  failed: " + failure);
        }
        for (QuarantinedRelease q : s.quarantined()) {
            out.println("  quarantined: " + q.describe() + " since " + q.since() + " (" + q.subject() + ": " + q.reason() + ")");
        }
        for (QuarantinedRelease q : s.quarantineCleared()) {
            out.println("  no longer quarantined: " + q.describe() + " (quarantined since " + q.since() + ")");
        }
        if (!s.indexesPublished()) {
            out.println("  /names and /versions were left as they were; run sync again to retry what failed");
        } else if (!s.quarantined().isEmpty()) {
            out.println("  published without the quarantined releases (upstream serves them wrongly); every sync retries them");
        }
        out.flush();
    }

    private static String outcome(SyncSummary s) {
        if (s.succeeded() && s.quarantined().isEmpty()) {
            return "complete";
        }
        if (s.succeeded() || s.publishedWithQuarantine()) {
            return "published with " + s.quarantined().size() + " quarantined release(s)";
        }
        return "finished with " + s.failures().size() + " failure(s)";
    }
}
