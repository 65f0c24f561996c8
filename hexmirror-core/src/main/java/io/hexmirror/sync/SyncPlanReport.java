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
 */
public record SyncPlanReport(int packages, int releases, int releasesPresent, long bytesToDownload, int unknownSizes,
        List<String> packagesToRemove, List<String> notes, List<SyncFailure> problems, long requests) {
    public SyncPlanReport {
        packagesToRemove = List.copyOf(packagesToRemove);
        notes = List.copyOf(notes);
        problems = List.copyOf(problems);
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
