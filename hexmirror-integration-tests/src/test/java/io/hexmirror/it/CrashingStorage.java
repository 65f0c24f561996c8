package io.hexmirror.it;

import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.ObjectWrite;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.StorageCapability;
import io.hexmirror.storage.WriteOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A store that "loses power" after a number of changes: the first {@code survivingChanges} commits
 * and deletes happen, every later one throws {@link Crash} and changes nothing. This is what a
 * killed process leaves behind.
 */
final class CrashingStorage implements Storage {
    /** The simulated crash: an Error, so no code path treats it as an ordinary failure and goes on. */
    static final class Crash extends Error {
        Crash() {
            super("simulated crash");
        }
    }

    private final Storage delegate;
    private final int survivingChanges;
    private final AtomicInteger changes = new AtomicInteger();

    CrashingStorage(Storage delegate, int survivingChanges) {
        this.delegate = delegate;
        this.survivingChanges = survivingChanges;
    }

    private void change() {
        if (changes.incrementAndGet() > survivingChanges) {
            throw new Crash();
        }
    }

    @Override
    public Optional<ObjectInfo> stat(String key) throws IOException {
        return delegate.stat(key);
    }

    @Override
    public InputStream read(String key) throws IOException {
        return delegate.read(key);
    }

    @Override
    public ObjectWrite write(String key, WriteOptions options) throws IOException {
        ObjectWrite write = delegate.write(key, options);
        return new ObjectWrite() {
            @Override
            public OutputStream stream() {
                return write.stream();
            }

            @Override
            public void commit() throws IOException {
                change();
                write.commit();
            }

            @Override
            public void close() throws IOException {
                write.close();
            }
        };
    }

    @Override
    public Stream<ObjectInfo> list(String prefix) throws IOException {
        return delegate.list(prefix);
    }

    @Override
    public boolean delete(String key) throws IOException {
        change();
        return delegate.delete(key);
    }

    @Override
    public Set<StorageCapability> capabilities() {
        return delegate.capabilities();
    }

    @Override
    public String describe() {
        return delegate.describe();
    }
}
