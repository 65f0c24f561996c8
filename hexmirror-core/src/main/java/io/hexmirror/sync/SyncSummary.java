package io.hexmirror.sync;

import io.hexmirror.generation.QuarantinedRelease;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a sync did.
 *
 * @param packagesAdded packages that were not in the mirror before
 * @param packagesUpdated packages whose registry file changed
 * @param packagesRemoved packages removed because upstream removed them
 * @param tarballsDownloaded tarballs fetched, verified and published
 * @param tarballsRemoved tarballs deleted because their release is gone upstream
 * @param bytesDownloaded body bytes received from upstream
 * @param requests HTTP requests sent upstream, retries included
 * @param elapsed wall time
 * @param indexesPublished whether {@code /names} and {@code /versions} were brought up to date (they
 *     are held back when anything failed for a transient reason, so the next sync retries what failed)
 * @param failures what could not be mirrored this time, quarantined releases included; empty on full success
 * @param quarantined every release the mirror leaves out after this sync because upstream serves it
 *     wrongly (see {@link io.hexmirror.generation.Quarantine}); later syncs retry them
 * @param quarantineCleared releases quarantined before that went through this time
 */
public record SyncSummary(
        int packagesAdded,
        int packagesUpdated,
        int packagesRemoved,
        int tarballsDownloaded,
        int tarballsRemoved,
        long bytesDownloaded,
        long requests,
        Duration elapsed,
        boolean indexesPublished,
        List<SyncFailure> failures,
        List<QuarantinedRelease> quarantined,
        List<QuarantinedRelease> quarantineCleared) {

    public SyncSummary {
        failures = List.copyOf(failures);
        quarantined = List.copyOf(quarantined);
        quarantineCleared = List.copyOf(quarantineCleared);
    }

    /** A summary of a sync that quarantined nothing and cleared nothing. */
    public SyncSummary(int packagesAdded, int packagesUpdated, int packagesRemoved, int tarballsDownloaded,
            int tarballsRemoved, long bytesDownloaded, long requests, Duration elapsed, boolean indexesPublished,
            List<SyncFailure> failures) {
        this(packagesAdded, packagesUpdated, packagesRemoved, tarballsDownloaded, tarballsRemoved, bytesDownloaded,
                requests, elapsed, indexesPublished, failures, List.of(), List.of());
    }

    /** Whether nothing failed (a quarantined release that failed again is a failure). */
    public boolean succeeded() {
        return failures.isEmpty();
    }

    /**
     * Whether the sync published everything except quarantined releases: the indexes are up to
     * date, the mirror is consistent without them, and every failure of this sync is one of them.
     * Not a clean success (upstream still serves them wrongly), but nothing for the next sync to
     * finish either, apart from retrying them.
     */
    public boolean publishedWithQuarantine() {
        if (!indexesPublished || quarantined.isEmpty()) {
            return false;
        }
        Set<String> subjects = new HashSet<>();
        quarantined.forEach(q -> subjects.add(q.subject()));
        return failures.stream().allMatch(f -> subjects.contains(f.subject()));
    }

    /** True when the sync changed nothing in the mirror. */
    public boolean unchanged() {
        return packagesAdded == 0 && packagesUpdated == 0 && packagesRemoved == 0
                && tarballsDownloaded == 0 && tarballsRemoved == 0;
    }
}
