package io.hexmirror.server;

import io.hexmirror.storage.ForwardingStorage;
import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.ObjectWrite;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.StorageCapability;
import io.hexmirror.storage.WriteOptions;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * A real store wrapped so that reads pause after {@code gateAt} bytes until the test opens the
 * gate: it holds a download in flight for as long as a test needs. It also reports the SHA-256 in
 * {@link ObjectInfo#sha256()} (as an object store with checksum metadata does), so the server's
 * ETag comes from the store instead of from reading the object.
 */
final class GatedStorage extends ForwardingStorage {
    private final long gateAt;
    final CountDownLatch reachedGate = new CountDownLatch(1);
    final CountDownLatch gate = new CountDownLatch(1);

    GatedStorage(Storage delegate, long gateAt) {
        super(delegate);
        this.gateAt = gateAt;
    }

    @Override
    public Optional<ObjectInfo> stat(String key) throws IOException {
        Optional<ObjectInfo> info = delegate().stat(key);
        if (info.isEmpty()) {
            return info;
        }
        String sha256;
        try (InputStream in = delegate().read(key)) {
            sha256 = MirrorFixture.sha256(in.readAllBytes());
        }
        ObjectInfo found = info.get();
        return Optional.of(new ObjectInfo(found.key(), found.size(), found.lastModified(), Optional.of(sha256)));
    }

    @Override
    public InputStream read(String key) throws IOException {
        return new FilterInputStream(delegate().read(key)) {
            private long position;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (position < gateAt) {
                    length = (int) Math.min(length, gateAt - position);
                } else {
                    reachedGate.countDown();
                    try {
                        gate.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted at the gate");
                    }
                }
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    position += n;
                }
                return n;
            }
        };
    }

    @Override
    public ObjectWrite write(String key, WriteOptions options) throws IOException {
        return delegate().write(key, options);
    }

    @Override
    public Set<StorageCapability> capabilities() {
        return EnumSet.of(StorageCapability.STORED_SHA256);
    }

    @Override
    public String describe() {
        return "gated " + delegate().describe();
    }
}
