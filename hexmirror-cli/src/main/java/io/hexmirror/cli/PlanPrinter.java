package io.hexmirror.cli;

import io.hexmirror.sync.SyncFailure;
import io.hexmirror.sync.SyncPlanReport;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.OptionalLong;

/** The report of {@code hexmirror plan} and {@code sync --dry-run}. */
final class PlanPrinter {
    private PlanPrinter() {
    }

    static void print(SyncPlanReport plan, String target, PrintWriter out) {
        print(plan, target, out, OptionalLong.empty());
    }

    /** The report, with the time the download takes at {@code rate} bytes per second when one is given. */
    static void print(SyncPlanReport plan, String target, PrintWriter out, OptionalLong rate) {
        out.printf(Locale.ROOT, "plan for %s (nothing was written)%n", target);
        out.printf(Locale.ROOT, "  packages: %d to fetch and check, %d to remove%n", plan.packages(), plan.packagesToRemove().size());
        out.printf(Locale.ROOT, "  releases: %d selected, %d already in the mirror, %d to download%n",
                plan.releases(), plan.releasesPresent(), plan.releasesToDownload());
        out.printf(Locale.ROOT, "  download: %s%s%n", Units.bytes(plan.bytesToDownload()),
                plan.unknownSizes() > 0 ? " (+ " + plan.unknownSizes() + " tarballs of unknown size)" : "");
        if (rate.isPresent()) {
            out.printf(Locale.ROOT, "  time: %s at %s/s%s%n", Units.duration(plan.downloadTime(rate.getAsLong())),
                    Units.bytes(rate.getAsLong()), plan.unknownSizes() > 0 ? ", more for the tarballs of unknown size" : "");
        }
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
