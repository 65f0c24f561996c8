package io.hexmirror.sync;

import io.hexmirror.generation.QuarantinedRelease;

/**
 * Progress of a sync, for a progress bar or log lines. Called from several worker threads at once:
 * implementations must be thread-safe and quick. Every method has an empty default.
 */
public interface SyncListener {
    SyncListener NONE = new SyncListener() {
    };

    /** A new stage began, such as "fetching /names and /versions". */
    default void stage(String description) {
    }

    /** The number of packages this sync will fetch and check became known. */
    default void packagesPlanned(int count) {
    }

    /** One package was processed (published, unchanged, removed or failed). */
    default void packageFinished(String name) {
    }

    /** A tarball download started. */
    default void tarballStarted(String key) {
    }

    /** A tarball was verified and published. */
    default void tarballPublished(String key, long bytes) {
    }

    /** Bytes arrived from upstream (registry files and tarballs). */
    default void bytesReceived(long bytes) {
    }

    /** Something failed and was left out; the sync goes on. */
    default void failed(SyncFailure failure) {
    }

    /**
     * A release (or a package file) failed in a way that retrying at once would not fix, and is
     * quarantined: left out while the indexes are published, and retried by every later sync. Called
     * near the end of the sync, once per quarantined release that this sync tried, after
     * {@link #failed} reported the failure itself.
     */
    default void quarantined(QuarantinedRelease release) {
    }

    /** A release quarantined by an earlier sync went through this time and is mirrored now. */
    default void quarantineCleared(QuarantinedRelease release) {
    }
}
