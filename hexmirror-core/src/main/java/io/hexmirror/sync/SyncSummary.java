package io.hexmirror.sync;

import java.time.Duration;
import java.util.List;

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
 *     are held back when anything failed, so the next sync retries what failed)
 * @param failures what could not be mirrored; empty on full success
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
        List<SyncFailure> failures) {

    public SyncSummary {
        failures = List.copyOf(failures);
    }

    public boolean succeeded() {
        return failures.isEmpty();
    }

    /** True when the sync changed nothing in the mirror. */
    public boolean unchanged() {
        return packagesAdded == 0 && packagesUpdated == 0 && packagesRemoved == 0
                && tarballsDownloaded == 0 && tarballsRemoved == 0;
    }
}
