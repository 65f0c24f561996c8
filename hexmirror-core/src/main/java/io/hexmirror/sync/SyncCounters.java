package io.hexmirror.sync;

import java.util.ArrayList;
import java.util.List;
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

    void fail(SyncFailure failure) {
        synchronized (failures) {
            failures.add(failure);
        }
        listener.failed(failure);
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

    List<SyncFailure> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }
}
