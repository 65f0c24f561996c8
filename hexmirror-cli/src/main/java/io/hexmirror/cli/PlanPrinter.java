package io.hexmirror.cli;

import io.hexmirror.sync.SyncFailure;
import io.hexmirror.sync.SyncPlanReport;
import java.io.PrintWriter;
import java.util.Locale;

/** The report of {@code hexmirror plan} and {@code sync --dry-run}. */
final class PlanPrinter {
    private PlanPrinter() {
    }

    static void print(SyncPlanReport plan, String target, PrintWriter out) {
        out.printf(Locale.ROOT, "plan for %s (nothing was written)%n", target);
        out.printf(Locale.ROOT, "  packages: %d to fetch and check, %d to remove%n", plan.packages(), plan.packagesToRemove().size());
        out.printf(Locale.ROOT, "  releases: %d selected, %d already in the mirror, %d to download%n",
                plan.releases(), plan.releasesPresent(), plan.releasesToDownload());
        out.printf(Locale.ROOT, "  download: %s%s%n", Units.bytes(plan.bytesToDownload()),
                plan.unknownSizes() > 0 ? " (+ " + plan.unknownSizes() + " tarballs of unknown size)" : "");
        for (String name : plan.packagesToRemove()) {
            out.println("  remove: " + name);
        }
        for (String note : plan.notes()) {
            out.println("  note: " + note);
        }
        for (SyncFailure problem : plan.problems()) {
            out.println("  problem: " + problem);
        }
        out.flush();
    }
}
