package io.hexmirror.testkit.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.hexmirror.storage.ObjectAlreadyExistsException;
import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.ObjectNotFoundException;
import io.hexmirror.storage.ObjectWrite;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.StorageCapability;
import io.hexmirror.storage.StorageKeys;
import io.hexmirror.storage.WriteOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;

/**
 * A {@link Storage} in memory that passes the {@link StorageContractTest storage contract}, for tests
 * that need a real store without a disk or a server. It declares
 * {@link StorageCapability#CREATE_EXCLUSIVE} and {@link StorageCapability#CONDITIONAL_DELETE}.
 *
 * <p>Beyond the contract it helps tests look inside and fail on cue: {@link #failChangesOf} makes
 * every later commit or delete of a key fail before it reaches the store, {@link #changes()} lists
 * the keys committed or deleted in order, and {@link #snapshot()}, {@link #get} and {@link #put} read
 * and plant content directly, and {@link #contentType} tells the type an object was written with. Every write gets a later modification time than the one before, one
 * second apart from 2025-01-01, so that tests comparing times are repeatable. Safe for use by many threads.
 */
public final class MemoryStorage implements Storage {
    private record Stored(byte[] bytes, Instant modified, Optional<String> contentType) {
    }

    private final ConcurrentNavigableMap<String, Stored> objects = new ConcurrentSkipListMap<>();
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private final List<String> changes = Collections.synchronizedList(new ArrayList<>());
    private Instant clock = Instant.parse("2025-01-01T00:00:00Z");

    /** Makes every later commit or delete of {@code key} fail with an {@link IOException}, before it reaches the store. */
    public MemoryStorage failChangesOf(String key) {
        failing.add(StorageKeys.validate(key));
        return this;
    }

    /** Undoes every {@link #failChangesOf}. */
    public void clearFailures() {
        failing.clear();
    }

    /** The keys committed or deleted, in order. {@link #put} is not a change. */
    public List<String> changes() {
        synchronized (changes) {
            return List.copyOf(changes);
        }
    }

    /** Content by key, in key order, for assertions. */
    public Map<String, byte[]> snapshot() {
        Map<String, byte[]> copy = new TreeMap<>();
        objects.forEach((k, v) -> copy.put(k, v.bytes().clone()));
        return copy;
    }

    /** The content of a key, if stored. */
    public Optional<byte[]> get(String key) {
        return Optional.ofNullable(objects.get(key)).map(stored -> stored.bytes().clone());
    }

    /** The content type the object was written with ({@link WriteOptions#contentType()}), if stored and given one. */
    public Optional<String> contentType(String key) {
        return Optional.ofNullable(objects.get(key)).flatMap(Stored::contentType);
    }

    /** Stores content directly, as if another program had written it, with the given time. */
    public void put(String key, byte[] content, Instant modified) {
        requireNonNull(content, "content is null");
        requireNonNull(modified, "modified is null");
        objects.put(StorageKeys.validate(key), new Stored(content.clone(), modified, Optional.empty()));
    }

    /** Stores UTF-8 text directly, as if another program had written it, with the next time of the clock. */
    public void put(String key, String content) {
        put(key, content.getBytes(UTF_8), now());
    }

    private synchronized Instant now() {
        clock = clock.plusSeconds(1);
        return clock;
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        Stored stored = objects.get(StorageKeys.validate(key));
        return stored == null ? Optional.empty() : Optional.of(new ObjectInfo(key, stored.bytes().length, stored.modified()));
    }

    @Override
    public InputStream read(String key) throws IOException {
        Stored stored = objects.get(StorageKeys.validate(key));
        if (stored == null) {
            throw new ObjectNotFoundException(key, describe());
        }
        // Stored arrays are never changed after they are stored, so readers share them safely.
        return new ByteArrayInputStream(stored.bytes());
    }

    @Override
    public ObjectWrite write(String key, WriteOptions options) {
        StorageKeys.validate(key);
        requireNonNull(options, "options is null");
        return new MemoryWrite(key, options);
    }

    @Override
    public Stream<ObjectInfo> list(String prefix) {
        StorageKeys.validatePrefix(prefix);
        // A copy, so that the listing shows whole objects however the store changes while it is consumed.
        List<ObjectInfo> listed = new ArrayList<>();
        Map<String, Stored> range = prefix.isEmpty() ? objects : objects.tailMap(prefix, true);
        for (Map.Entry<String, Stored> e : range.entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                break;
            }
            listed.add(new ObjectInfo(e.getKey(), e.getValue().bytes().length, e.getValue().modified()));
        }
        return listed.stream();
    }

    @Override
    public boolean delete(String key) throws IOException {
        StorageKeys.validate(key);
        if (failing.contains(key)) {
            throw new IOException("injected failure deleting '" + key + "' in " + describe());
        }
        boolean removed = objects.remove(key) != null;
        if (removed) {
            changes.add(key);
        }
        return removed;
    }

    /** Atomic: the map removes the entry only while it is still the one whose bytes were compared. */
    @Override
    public boolean deleteIfContentEquals(String key, byte[] expected) throws IOException {
        StorageKeys.validate(key);
        requireNonNull(expected, "expected is null");
        if (failing.contains(key)) {
            throw new IOException("injected failure deleting '" + key + "' in " + describe());
        }
        Stored current = objects.get(key);
        boolean removed = current != null && Arrays.equals(current.bytes(), expected) && objects.remove(key, current);
        if (removed) {
            changes.add(key);
        }
        return removed;
    }

    @Override
    public Set<StorageCapability> capabilities() {
        return Collections.unmodifiableSet(EnumSet.of(StorageCapability.CREATE_EXCLUSIVE, StorageCapability.CONDITIONAL_DELETE));
    }

    @Override
    public String describe() {
        return "memory";
    }

    /** Buffers the content; the commit stores it in one map operation, so readers see all of it or none. */
    private final class MemoryWrite implements ObjectWrite {
        private final String key;
        private final WriteOptions options;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private boolean committed;

        MemoryWrite(String key, WriteOptions options) {
            this.key = key;
            this.options = options;
        }

        @Override
        public OutputStream stream() {
            return buffer;
        }

        @Override
        public void commit() throws IOException {
            if (committed) {
                throw new IllegalStateException("write of '" + key + "' is already committed");
            }
            if (failing.contains(key)) {
                throw new IOException("injected failure committing '" + key + "' in " + describe());
            }
            Stored stored = new Stored(buffer.toByteArray(), now(), options.contentType());
            if (options.exclusive()) {
                if (objects.putIfAbsent(key, stored) != null) {
                    throw new ObjectAlreadyExistsException(key, describe());
                }
            } else {
                objects.put(key, stored);
            }
            changes.add(key);
            committed = true;
        }

        @Override
        public void close() {
            if (!committed) {
                buffer.reset();
            }
        }
    }
}
