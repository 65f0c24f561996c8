package io.hexmirror.cli;

import io.hexmirror.docs.DocsPrefetch;
import io.hexmirror.generation.QuarantinedRelease;
import io.hexmirror.sync.SyncFailure;
import io.hexmirror.sync.SyncListener;

/** A sync's listener that also hands each package the registry sync is done with to a {@link DocsPrefetch}. */
final class DocsPrefetchingListener implements SyncListener {
    private final SyncListener listener;
    private final DocsPrefetch prefetch;

    DocsPrefetchingListener(SyncListener listener, DocsPrefetch prefetch) {
        this.listener = listener;
        this.prefetch = prefetch;
    }

    @Override
    public void packageFinished(String name) {
        listener.packageFinished(name);
        prefetch.packageDone(name);
    }

    @Override
    public void stage(String description) {
        listener.stage(description);
    }

    @Override
    public void packagesPlanned(int count) {
        listener.packagesPlanned(count);
    }

    @Override
    public void tarballStarted(String key) {
        listener.tarballStarted(key);
    }

    @Override
    public void tarballPublished(String key, long bytes) {
        listener.tarballPublished(key, bytes);
    }

    @Override
    public void bytesReceived(long bytes) {
        listener.bytesReceived(bytes);
    }

    @Override
    public void failed(SyncFailure failure) {
        listener.failed(failure);
    }

    @Override
    public void quarantined(QuarantinedRelease release) {
        listener.quarantined(release);
    }

    @Override
    public void quarantineCleared(QuarantinedRelease release) {
        listener.quarantineCleared(release);
    }
}
