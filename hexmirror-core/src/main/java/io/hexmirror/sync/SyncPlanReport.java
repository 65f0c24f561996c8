package io.hexmirror.sync;

import java.time.Duration;
import java.util.List;

/**
 * What a sync would do, worked out from registry files alone.
 *
 * @param packages packages the sync would fetch and check
 * @param releases releases they hold that the mirror should have
 * @param releasesPresent of those, how many are already in the mirror
 * @param bytesToDownload total size of the tarballs still to download
 * @param unknownSizes tarballs whose size upstream did not say
 * @param packagesToRemove packages the sync would delete
 * @param notes what the dependency resolution noticed (skipped dependencies, requirements matching nothing)
 * @param problems packages asked for that cannot be mirrored
 * @param requests HTTP requests the plan took
 * @param planned the releases of the packages the sync would fetch, as the mirror would serve them
 *     after it (for what depends on them, such as the docs part of a plan); packages the sync leaves
 *     alone are not listed
 */
public record SyncPlanReport(int packages, int releases, int releasesPresent, long bytesToDownload, int unknownSizes,
        List<String> packagesToRemove, List<String> notes, List<SyncFailure> problems, long requests,
        List<PlannedRelease> planned) {
    public SyncPlanReport {
        packagesToRemove = List.copyOf(packagesToRemove);
        notes = List.copyOf(notes);
        problems = List.copyOf(problems);
        planned = List.copyOf(planned);
    }

    /** A report without the planned releases. */
    public SyncPlanReport(int packages, int releases, int releasesPresent, long bytesToDownload, int unknownSizes,
            List<String> packagesToRemove, List<String> notes, List<SyncFailure> problems, long requests) {
        this(packages, releases, releasesPresent, bytesToDownload, unknownSizes, packagesToRemove, notes, problems, requests,
                List.of());
    }

    /**
     * One release the mirror would serve after the sync.
     *
     * @param name the package
     * @param version the release
     * @param retired whether it is retired
     * @param present whether its tarball is already in the mirror
     */
    public record PlannedRelease(String name, String version, boolean retired, boolean present) {
    }

    public int releasesToDownload() {
        return releases - releasesPresent;
    }

    /**
     * How long downloading {@link #bytesToDownload()} takes at a steady {@code bytesPerSecond} (such as a sync's
     * rate cap), rounded up to the second; registry files and tarballs of unknown size not counted.
     *
     * @throws IllegalArgumentException if the rate is not positive
     */
    public Duration downloadTime(long bytesPerSecond) {
        if (bytesPerSecond < 1) {
            throw new IllegalArgumentException("rate must be positive: " + bytesPerSecond);
        }
        return Duration.ofSeconds(bytesToDownload / bytesPerSecond + (bytesToDownload % bytesPerSecond == 0 ? 0 : 1));
    }
}
