package io.hexmirror.cli;

import static java.util.Objects.requireNonNull;

import io.hexmirror.storage.ForwardingStorage;
import io.hexmirror.storage.ObjectWrite;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.WriteOptions;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A store that holds back the write of one key until the test releases it, so that a test can look
 * at a mirror caught in the middle of a sync for as long as it needs. Everything else passes through.
 */
final class HeldPublicationStorage extends ForwardingStorage {
    private final String heldKey;
    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    HeldPublicationStorage(Storage delegate, String heldKey) {
        super(requireNonNull(delegate, "delegate is null"));
        this.heldKey = requireNonNull(heldKey, "heldKey is null");
    }

    /** Waits until a writer is held at the key. */
    boolean awaitHeld(long timeout, TimeUnit unit) throws InterruptedException {
        return reached.await(timeout, unit);
    }

    /** Lets the held writer (and any later one) go on. */
    void release() {
        released.countDown();
    }

    @Override
    public ObjectWrite write(String key, WriteOptions options) throws IOException {
        if (key.equals(heldKey)) {
            reached.countDown();
            try {
                if (!released.await(3, TimeUnit.MINUTES)) {
                    throw new IOException("the test never released the write of '" + key + "'");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while '" + key + "' was held");
            }
        }
        return delegate().write(key, options);
    }

    @Override
    public void close() throws IOException {
        delegate().close();
    }
}
