package io.hexmirror.generation;

import static java.util.Objects.requireNonNull;

import io.hexmirror.mirror.ReservedKeys;
import io.hexmirror.storage.ForwardingStorage;
import io.hexmirror.storage.ObjectWrite;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.WriteOptions;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link Storage} that passes everything to another and remembers what it changed: the path,
 * size and SHA-256 of every committed write, and every delete that removed something. Keys under
 * the reserved prefix pass through unrecorded. Before the first change it runs a hook once (to
 * mark a change as pending), so the mark is in place before anything changes.
 *
 * <p>A write whose options carry a {@link WriteOptions#sha256() SHA-256} is recorded with that
 * hash, not hashed again: the caller vouches that it is the hash of exactly the bytes it writes (as
 * {@link WriteOptions} asks), usually because it has just computed or verified it. Only a write
 * without one is hashed on its way to the store.
 *
 * <p>A commit or delete that fails may or may not have happened (a store can fail after
 * publishing): its path is remembered as uncertain and looked at again in {@link #changes}.
 * Safe for use by many threads, as the wrapped store is.
 */
final class RecordingStorage extends ForwardingStorage {
    /** Runs before the first change. */
    @FunctionalInterface
    interface Hook {
        void run() throws IOException;
    }

    private final Hook beforeFirstChange;
    /** What each changed path holds now; empty when a failed change left it uncertain. */
    private final Map<String, Optional<JournalEntry>> changes = new ConcurrentHashMap<>();
    private final Object startLock = new Object();
    private volatile boolean started;

    RecordingStorage(Storage delegate, Hook beforeFirstChange) {
        super(delegate);
        this.beforeFirstChange = requireNonNull(beforeFirstChange, "beforeFirstChange is null");
    }

    /** Whether anything was changed, or tried. */
    boolean started() {
        return started;
    }

    /**
     * What the recorded changes left, one entry per path. Uncertain paths are read again, and
     * dropped when they hold what {@code store}'s journals say they held before.
     */
    List<JournalEntry> changes(GenerationStore store) throws IOException {
        List<JournalEntry> result = new ArrayList<>();
        Map<String, JournalEntry> known = null;
        for (Map.Entry<String, Optional<JournalEntry>> change : changes.entrySet()) {
            if (change.getValue().isPresent()) {
                result.add(change.getValue().get());
                continue;
            }
            String key = change.getKey();
            JournalEntry now = currentState(key);
            if (known == null) {
                known = store.files();
            }
            JournalEntry before = known.get(key);
            boolean unchanged = before == null ? now.deleted() : before.equals(now);
            if (!unchanged) {
                result.add(now);
            }
        }
        return result;
    }

    @Override
    public ObjectWrite write(String key, WriteOptions options) throws IOException {
        ObjectWrite write = delegate().write(key, options);
        return unrecorded(key) ? write : new RecordedWrite(key, write, options.sha256());
    }

    @Override
    public void write(String key, byte[] content, WriteOptions options) throws IOException {
        if (unrecorded(key)) {
            delegate().write(key, content, options);
            return;
        }
        beforeChange();
        try {
            delegate().write(key, content, options);
        } catch (IOException | RuntimeException | Error e) {
            changes.put(key, Optional.empty());
            throw e;
        }
        String sha256 = options.sha256().orElseGet(() -> Sha256.hex(content));
        changes.put(key, Optional.of(JournalEntry.present(key, content.length, sha256)));
    }

    @Override
    public boolean delete(String key) throws IOException {
        if (unrecorded(key)) {
            return delegate().delete(key);
        }
        beforeChange();
        boolean deleted;
        try {
            deleted = delegate().delete(key);
        } catch (IOException | RuntimeException | Error e) {
            changes.put(key, Optional.empty());
            throw e;
        }
        if (deleted) {
            changes.put(key, Optional.of(JournalEntry.removed(key)));
        }
        return deleted;
    }

    private void beforeChange() throws IOException {
        if (started) {
            return;
        }
        synchronized (startLock) {
            if (!started) {
                beforeFirstChange.run();
                started = true;
            }
        }
    }

    private JournalEntry currentState(String key) throws IOException {
        if (delegate().stat(key).isEmpty()) {
            return JournalEntry.removed(key);
        }
        try (InputStream in = delegate().read(key)) {
            Sha256.Hashed hashed = Sha256.of(in);
            return JournalEntry.present(key, hashed.size(), hashed.sha256());
        } catch (io.hexmirror.storage.ObjectNotFoundException e) {
            return JournalEntry.removed(key);
        }
    }

    /** A write whose content is counted, and hashed unless the caller gave its hash, on its way to the store. */
    private final class RecordedWrite implements ObjectWrite {
        private final String key;
        private final ObjectWrite inner;
        private final Optional<String> givenSha256;
        /** Null when the caller gave the hash. */
        private final MessageDigest digest;
        private long size;
        private OutputStream stream;

        RecordedWrite(String key, ObjectWrite inner, Optional<String> givenSha256) {
            this.key = key;
            this.inner = inner;
            this.givenSha256 = givenSha256;
            this.digest = givenSha256.isPresent() ? null : Sha256.digest();
        }

        @Override
        public OutputStream stream() {
            if (stream == null) {
                stream = new FilterOutputStream(inner.stream()) {
                    @Override
                    public void write(int b) throws IOException {
                        out.write(b);
                        if (digest != null) {
                            digest.update((byte) b);
                        }
                        size++;
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                        if (digest != null) {
                            digest.update(b, off, len);
                        }
                        size += len;
                    }
                };
            }
            return stream;
        }

        @Override
        public void commit() throws IOException {
            beforeChange();
            try {
                inner.commit();
            } catch (IOException | RuntimeException | Error e) {
                changes.put(key, Optional.empty());
                throw e;
            }
            String sha256 = digest == null ? givenSha256.get() : Sha256.hex(digest);
            changes.put(key, Optional.of(JournalEntry.present(key, size, sha256)));
        }

        @Override
        public void close() throws IOException {
            inner.close();
        }
    }

    /** The mirror's own keys and derived files are not mirror content. */
    private static boolean unrecorded(String key) {
        return ReservedKeys.isReserved(key) || DerivedKeys.isDerived(key);
    }
}
