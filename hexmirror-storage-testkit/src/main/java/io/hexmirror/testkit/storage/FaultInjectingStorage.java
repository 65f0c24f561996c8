package io.hexmirror.testkit.storage;

import static java.util.Objects.requireNonNull;

import io.hexmirror.storage.ForwardingStorage;
import io.hexmirror.storage.ObjectAlreadyExistsException;
import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.ObjectWrite;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.StorageCapability;
import io.hexmirror.storage.StorageKeys;
import io.hexmirror.storage.WriteOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A {@link Storage} decorator for tests that fails on cue and records what was published. Faults:
 * <ul>
 *   <li>{@link #failCommit(int)}: the n-th commit from now fails with an {@link IOException}
 *       before reaching the store, so the previous object stays;</li>
 *   <li>{@link #failDelete(int)}: the same for deletes (plain and conditional);</li>
 *   <li>{@link #beforeDeleteOf}: runs an action just before the next delete of a key reaches the
 *       store, as another writer acting in that instant would;</li>
 *   <li>{@link #loseCommitResponse(int)}: the n-th commit from now reaches the store, but its answer
 *       is lost and the commit retried, as an HTTP client with retries does: an exclusive write
 *       then fails with {@link ObjectAlreadyExistsException} on the object it has itself created;</li>
 *   <li>{@link #failWritesAfterBytes(long)}: every write opened from now on fails once it is given
 *       more than that many bytes, as a broken disk or connection would;</li>
 *   <li>{@link #diskFullAfterBytes(long)}: the store accepts that many more bytes in all, then fails
 *       every write with "No space left on device" until {@link #clearFaults()};</li>
 *   <li>{@link #hideCapability}: the store stops declaring a capability and refuses what needs it
 *       with {@link UnsupportedOperationException}, like a store that never had it.</li>
 * </ul>
 * A write whose stream failed can no longer be committed, as with a real store: its content would
 * be partial. {@link #committedKeys()} lists the keys of successful commits in the order they
 * completed, so a commit that finished before another started comes first. A sync test checks
 * publish order with it, and interrupts a sync after the n-th write with {@code failCommit(n + 1)}.
 *
 * <p>Everything else goes to the wrapped store untouched. Safe for use by many threads; with
 * parallel writers, "the n-th commit" is the n-th to reach this decorator.
 */
public final class FaultInjectingStorage extends ForwardingStorage {
    private static final String DISK_FULL = "No space left on device";
    private final Object lock = new Object();
    // Guarded by lock.
    private long commitAttempts;
    private long deleteAttempts;
    private final Set<Long> failingCommits = new HashSet<>();
    private final Set<Long> failingDeletes = new HashSet<>();
    private final Set<Long> lostCommitResponses = new HashSet<>();
    private long writeByteLimit = -1;
    private long diskSpaceLeft = -1;
    private final Set<StorageCapability> hidden = EnumSet.noneOf(StorageCapability.class);
    private final List<String> committed = new ArrayList<>();
    private final List<String> deleted = new ArrayList<>();
    private final Map<String, DeleteAction> beforeDelete = new HashMap<>();

    public FaultInjectingStorage(Storage delegate) {
        super(delegate);
    }

    /** The wrapped store. */
    @Override
    public Storage delegate() {
        return super.delegate();
    }

    /** Makes the {@code nth} commit from now (1 is the next one) fail; once. Several may be armed. */
    public FaultInjectingStorage failCommit(int nth) {
        requirePositive(nth);
        synchronized (lock) {
            failingCommits.add(commitAttempts + nth);
        }
        return this;
    }

    /**
     * Makes the {@code nth} commit from now (1 is the next one) succeed in the store and then be
     * retried, as if its response had been lost: an exclusive write then throws
     * {@link ObjectAlreadyExistsException} although the object is its own (what a retried S3
     * conditional PUT answers with 412); a plain write, whose retry would rewrite the same content,
     * succeeds. Once.
     */
    public FaultInjectingStorage loseCommitResponse(int nth) {
        requirePositive(nth);
        synchronized (lock) {
            lostCommitResponses.add(commitAttempts + nth);
        }
        return this;
    }

    /** What a test does at the moment a delete is about to reach the store. */
    @FunctionalInterface
    public interface DeleteAction {
        void run() throws IOException;
    }

    /**
     * Runs {@code action} once, when the next delete or {@link #deleteIfContentEquals conditional
     * delete} of {@code key} has been decided but has not reached the wrapped store yet: another
     * writer acting in exactly that instant, to reproduce a race deterministically.
     */
    public FaultInjectingStorage beforeDeleteOf(String key, DeleteAction action) {
        requireNonNull(action, "action is null");
        synchronized (lock) {
            beforeDelete.put(StorageKeys.validate(key), action);
        }
        return this;
    }

    /** Makes the {@code nth} delete from now (1 is the next one) fail; once. */
    public FaultInjectingStorage failDelete(int nth) {
        requirePositive(nth);
        synchronized (lock) {
            failingDeletes.add(deleteAttempts + nth);
        }
        return this;
    }

    /**
     * Makes every write opened from now on fail once it has been given more than {@code bytes}
     * bytes; the bytes up to the limit reach the store. Writes of at most that size succeed.
     */
    public FaultInjectingStorage failWritesAfterBytes(long bytes) {
        requireNotNegative(bytes);
        synchronized (lock) {
            writeByteLimit = bytes;
        }
        return this;
    }

    /**
     * Lets the store take {@code bytes} more bytes, counted over every write (whether committed
     * or not: a discarded write does not give its space back); the write that goes past it, and
     * every write after it, fails with an {@link IOException} whose message ends with "No space
     * left on device". Empty objects can still be written, as on a real full disk.
     */
    public FaultInjectingStorage diskFullAfterBytes(long bytes) {
        requireNotNegative(bytes);
        synchronized (lock) {
            diskSpaceLeft = bytes;
        }
        return this;
    }

    /** Stops declaring a capability; options that need it are refused as by a store without it. */
    public FaultInjectingStorage hideCapability(StorageCapability capability) {
        requireNonNull(capability, "capability is null");
        synchronized (lock) {
            hidden.add(capability);
        }
        return this;
    }

    /**
     * Disarms every fault (armed commit and delete failures, actions before deletes, byte limits,
     * a full disk); hidden capabilities stay hidden.
     */
    public void clearFaults() {
        synchronized (lock) {
            failingCommits.clear();
            failingDeletes.clear();
            beforeDelete.clear();
            lostCommitResponses.clear();
            writeByteLimit = -1;
            diskSpaceLeft = -1;
        }
    }

    /** How many writes were committed successfully through this decorator. */
    public int commitCount() {
        synchronized (lock) {
            return committed.size();
        }
    }

    /** The keys of the successful commits, in the order they were published; a snapshot. */
    public List<String> committedKeys() {
        synchronized (lock) {
            return List.copyOf(committed);
        }
    }

    /** The keys that were deleted (deletes that returned true), in order; a snapshot. */
    public List<String> deletedKeys() {
        synchronized (lock) {
            return List.copyOf(deleted);
        }
    }

    @Override
    public Optional<ObjectInfo> stat(String key) throws IOException {
        return delegate().stat(key).map(this::visible);
    }

    @Override
    public ObjectWrite write(String key, WriteOptions options) throws IOException {
        StorageKeys.validate(key);
        requireNonNull(options, "options is null");
        long byteLimit;
        synchronized (lock) {
            if (options.exclusive() && hidden.contains(StorageCapability.CREATE_EXCLUSIVE)) {
                throw new UnsupportedOperationException("storage " + describe() + " cannot create '" + key
                        + "' exclusively: it lacks " + StorageCapability.CREATE_EXCLUSIVE);
            }
            byteLimit = writeByteLimit;
        }
        return new FaultyWrite(key, delegate().write(key, options), options.exclusive(), byteLimit);
    }

    @Override
    public Stream<ObjectInfo> list(String prefix) throws IOException {
        return delegate().list(prefix).map(this::visible);
    }

    @Override
    public boolean delete(String key) throws IOException {
        beforeDeleting(key);
        return recordDeleted(key, delegate().delete(key));
    }

    /**
     * Counts as a delete for {@link #failDelete} and {@link #beforeDeleteOf}. Forwarded whole, so
     * that the wrapped store's atomic version is used and {@link StorageCapability#CONDITIONAL_DELETE}
     * kept, unless the capability is {@link #hideCapability hidden}: then it is the best-effort
     * read, compare and delete.
     */
    @Override
    public boolean deleteIfContentEquals(String key, byte[] expected) throws IOException {
        boolean atomic;
        synchronized (lock) {
            atomic = !hidden.contains(StorageCapability.CONDITIONAL_DELETE);
        }
        if (!atomic) {
            return super.deleteIfContentEquals(key, expected);
        }
        beforeDeleting(key);
        return recordDeleted(key, delegate().deleteIfContentEquals(key, expected));
    }

    /** Fails the delete when one is armed, then runs an action armed for the key. */
    private void beforeDeleting(String key) throws IOException {
        StorageKeys.validate(key);
        long attempt;
        boolean fail;
        DeleteAction action;
        synchronized (lock) {
            attempt = ++deleteAttempts;
            fail = failingDeletes.remove(attempt);
            action = fail ? null : beforeDelete.remove(key);
        }
        if (fail) {
            throw new IOException("injected failure deleting '" + key + "' from " + describe() + " (delete #" + attempt + ")");
        }
        if (action != null) {
            action.run();
        }
    }

    private boolean recordDeleted(String key, boolean result) {
        if (result) {
            synchronized (lock) {
                deleted.add(key);
            }
        }
        return result;
    }

    @Override
    public Set<StorageCapability> capabilities() {
        Set<StorageCapability> capabilities = EnumSet.noneOf(StorageCapability.class);
        // The forwarding store's: without local files, so that every read meets the injected faults;
        // with the delegate's conditional delete, which deleteIfContentEquals forwards.
        capabilities.addAll(super.capabilities());
        if (delegate().capabilities().contains(StorageCapability.CONDITIONAL_DELETE)) {
            capabilities.add(StorageCapability.CONDITIONAL_DELETE);
        }
        synchronized (lock) {
            capabilities.removeAll(hidden);
        }
        return capabilities;
    }

    @Override
    public void close() throws IOException {
        delegate().close();
    }

    private ObjectInfo visible(ObjectInfo info) {
        synchronized (lock) {
            if (!hidden.contains(StorageCapability.STORED_SHA256)) {
                return info;
            }
        }
        return new ObjectInfo(info.key(), info.size(), info.lastModified());
    }

    private static void requirePositive(int nth) {
        if (nth < 1) {
            throw new IllegalArgumentException("nth must be at least 1, not " + nth);
        }
    }

    private static void requireNotNegative(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes is negative: " + bytes);
        }
    }

    /** A write that may fail its stream or its commit; not thread-safe, like any {@link ObjectWrite}. */
    private final class FaultyWrite implements ObjectWrite {
        private final String key;
        private final ObjectWrite inner;
        private final boolean exclusive;
        private final long byteLimit;
        private final OutputStream stream = new FaultyStream();
        private long written;
        private IOException streamFailure;

        FaultyWrite(String key, ObjectWrite inner, boolean exclusive, long byteLimit) {
            this.key = key;
            this.inner = inner;
            this.exclusive = exclusive;
            this.byteLimit = byteLimit;
        }

        @Override
        public OutputStream stream() {
            return stream;
        }

        @Override
        public void commit() throws IOException {
            if (streamFailure != null) {
                throw new IOException("cannot commit '" + key + "' to " + describe() + ": writing its content failed earlier",
                        streamFailure);
            }
            long attempt;
            boolean fail;
            boolean loseResponse;
            synchronized (lock) {
                attempt = ++commitAttempts;
                fail = failingCommits.remove(attempt);
                loseResponse = lostCommitResponses.remove(attempt);
            }
            if (fail) {
                // The inner write is never committed: close() discards it and the old object stays.
                throw new IOException("injected failure committing '" + key + "' to " + describe() + " (commit #" + attempt + ")");
            }
            inner.commit();
            synchronized (lock) {
                committed.add(key);
            }
            if (loseResponse && exclusive) {
                // The retry of a conditional write finds the object its first attempt created.
                throw new ObjectAlreadyExistsException(key, describe());
            }
        }

        @Override
        public void close() throws IOException {
            inner.close();
        }

        private final class FaultyStream extends OutputStream {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                Objects.checkFromIndexSize(off, len, b.length);
                if (streamFailure != null) {
                    throw new IOException("cannot write '" + key + "' to " + describe() + ": an earlier write failed", streamFailure);
                }
                int allowed = len;
                String failure = null;
                if (byteLimit >= 0 && written + len > byteLimit) {
                    allowed = (int) (byteLimit - written);
                    failure = "injected failure writing '" + key + "' to " + describe() + " after " + byteLimit + " bytes";
                }
                synchronized (lock) {
                    if (diskSpaceLeft >= 0 && allowed > diskSpaceLeft) {
                        allowed = (int) diskSpaceLeft;
                        failure = "cannot write '" + key + "' to " + describe() + ": " + DISK_FULL;
                    }
                    if (diskSpaceLeft >= 0) {
                        diskSpaceLeft -= allowed;
                    }
                }
                if (allowed > 0) {
                    inner.stream().write(b, off, allowed);
                    written += allowed;
                }
                if (failure != null) {
                    streamFailure = new IOException(failure);
                    throw streamFailure;
                }
            }

            @Override
            public void flush() throws IOException {
                inner.stream().flush();
            }

            @Override
            public void close() throws IOException {
                inner.stream().close();
            }
        }
    }
}
