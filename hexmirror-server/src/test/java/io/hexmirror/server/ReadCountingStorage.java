package io.hexmirror.server;

import io.hexmirror.storage.ForwardingStorage;
import io.hexmirror.storage.LocalFile;
import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.StorageCapability;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts how a store's objects are looked at and read: the stats, the streams (each a whole reading,
 * and for the server a hashing, of an object) and, when the delegate's local files are passed
 * through, the files opened.
 */
final class ReadCountingStorage extends ForwardingStorage {
    final AtomicInteger stats = new AtomicInteger();
    final AtomicInteger reads = new AtomicInteger();
    final AtomicInteger localFiles = new AtomicInteger();
    private final boolean passLocalFiles;

    /**
     * @param passLocalFiles whether the delegate's local files are handed out as its own are; when not,
     *     every read is a stream, as through any forwarding store
     */
    ReadCountingStorage(Storage delegate, boolean passLocalFiles) {
        super(delegate);
        this.passLocalFiles = passLocalFiles;
    }

    @Override
    public Optional<ObjectInfo> stat(String key) throws IOException {
        stats.incrementAndGet();
        return delegate().stat(key);
    }

    @Override
    public InputStream read(String key) throws IOException {
        reads.incrementAndGet();
        return delegate().read(key);
    }

    @Override
    public Optional<LocalFile> openLocalFile(String key) throws IOException {
        if (!passLocalFiles) {
            return super.openLocalFile(key);
        }
        localFiles.incrementAndGet();
        return delegate().openLocalFile(key);
    }

    @Override
    public Set<StorageCapability> capabilities() {
        return passLocalFiles ? delegate().capabilities() : super.capabilities();
    }
}
