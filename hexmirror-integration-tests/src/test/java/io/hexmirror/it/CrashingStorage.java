package io.hexmirror.it;

import io.hexmirror.storage.ForwardingStorage;
import io.hexmirror.storage.ObjectWrite;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.WriteOptions;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A store that "loses power" after a number of changes: the first {@code survivingChanges} commits
 * and deletes happen, every later one throws {@link Crash} and changes nothing. This is what a
 * killed process leaves behind.
 */
final class CrashingStorage extends ForwardingStorage {
    /** The simulated crash: an Error, so no code path treats it as an ordinary failure and goes on. */
    static final class Crash extends Error {
        Crash() {
            super("simulated crash");
        }
    }

    private final int survivingChanges;
    private final AtomicInteger changes = new AtomicInteger();

    CrashingStorage(Storage delegate, int survivingChanges) {
        super(delegate);
        this.survivingChanges = survivingChanges;
    }

    private void change() {
        if (changes.incrementAndGet() > survivingChanges) {
            throw new Crash();
        }
    }

    @Override
    public ObjectWrite write(String key, WriteOptions options) throws IOException {
        return HookedWrite.before(delegate().write(key, options), this::change);
    }

    @Override
    public boolean delete(String key) throws IOException {
        change();
        return delegate().delete(key);
    }

}
