package io.hexmirror.internal.sync;

import io.hexmirror.sync.SyncFailure;
import io.hexmirror.sync.SyncListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Thread-safe tallies of one sync, forwarding failures to the listener. */
final class SyncCounters {
    private final SyncListener listener;
    private final AtomicInteger added = new AtomicInteger();
    private final AtomicInteger updated = new AtomicInteger();
    private final AtomicInteger removed = new AtomicInteger();
    private final AtomicInteger tarballsDownloaded = new AtomicInteger();
    private final AtomicInteger tarballsRemoved = new AtomicInteger();
    private final List<SyncFailure> failures = new ArrayList<>();
    private final List<Deterministic> deterministic = new ArrayList<>();
    private volatile boolean retryNeeded;

    SyncCounters(SyncListener listener) {
        this.listener = listener;
    }

    void packagePublished(boolean wasPresent) {
        (wasPresent ? updated : added).incrementAndGet();
    }

    void packageRemoved() {
        removed.incrementAndGet();
    }

    void tarballDownloaded() {
        tarballsDownloaded.incrementAndGet();
    }

    void tarballRemoved() {
        tarballsRemoved.incrementAndGet();
    }

    /** Something failed that a later sync can retry: the indexes must keep their old content. */
    void fail(SyncFailure failure) {
        retryNeeded = true;
        reject(failure);
    }

    /**
     * Something failed that retrying at once would not fix (a verified mismatch, a malformed file):
     * it is left out and quarantined, and the indexes are published anyway.
     *
     * @param version the release, or empty when the package file itself failed
     */
    void quarantine(String name, Optional<String> version, SyncFailure failure) {
        synchronized (deterministic) {
            deterministic.add(new Deterministic(name, version, failure));
        }
        reject(failure);
    }

    /** Something was asked for that cannot be mirrored (an unknown package, say): retrying would not help. */
    void reject(SyncFailure failure) {
        synchronized (failures) {
            failures.add(failure);
        }
        listener.failed(failure);
    }

    boolean retryNeeded() {
        return retryNeeded;
    }

    SyncListener listener() {
        return listener;
    }

    int added() {
        return added.get();
    }

    int updated() {
        return updated.get();
    }

    int removed() {
        return removed.get();
    }

    int tarballsDownloaded() {
        return tarballsDownloaded.get();
    }

    int tarballsRemoved() {
        return tarballsRemoved.get();
    }

    /** The deterministic failures of this sync, in the order they happened. */
    List<Deterministic> deterministic() {
        synchronized (deterministic) {
            return List.copyOf(deterministic);
        }
    }

    /** A failure that retrying at once would not fix, with the release it concerns. */
    record Deterministic(String name, Optional<String> version, SyncFailure failure) {
    }

    List<SyncFailure> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }
}
