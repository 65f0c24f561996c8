package io.hexmirror.it;

import io.hexmirror.storage.ObjectWrite;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A write passed through to another, with an action before its commit and one after: for the test
 * storages that crash at a commit or watch the order of commits.
 */
final class HookedWrite implements ObjectWrite {
    /** An action run around a commit; it may throw, as a crash. */
    @FunctionalInterface
    interface Hook {
        void run() throws IOException;
    }

    private static final Hook NOTHING = () -> {
    };

    private final ObjectWrite write;
    private final Hook before;
    private final Hook after;

    private HookedWrite(ObjectWrite write, Hook before, Hook after) {
        this.write = write;
        this.before = before;
        this.after = after;
    }

    /** {@code write} with {@code before} run before its commit, which it may stop by throwing. */
    static ObjectWrite before(ObjectWrite write, Hook before) {
        return new HookedWrite(write, before, NOTHING);
    }

    /** {@code write} with {@code after} run once its commit has returned. */
    static ObjectWrite after(ObjectWrite write, Hook after) {
        return new HookedWrite(write, NOTHING, after);
    }

    /** {@code write} with both. */
    static ObjectWrite around(ObjectWrite write, Hook before, Hook after) {
        return new HookedWrite(write, before, after);
    }

    @Override
    public OutputStream stream() {
        return write.stream();
    }

    @Override
    public void commit() throws IOException {
        before.run();
        write.commit();
        after.run();
    }

    @Override
    public void close() throws IOException {
        write.close();
    }
}
