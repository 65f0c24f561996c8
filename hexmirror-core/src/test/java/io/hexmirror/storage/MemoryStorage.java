package io.hexmirror.storage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;

/**
 * A store in memory for core's unit tests (the real stores live in other modules). Can be told to
 * fail the commits or deletes of chosen keys, and counts changes.
 */
public final class MemoryStorage implements Storage {
    private record Stored(byte[] bytes, Instant modified) {
    }

    private final Map<String, Stored> objects = new ConcurrentSkipListMap<>();
    private final Set<String> failing = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final List<String> changes = java.util.Collections.synchronizedList(new ArrayList<>());
    private Instant clock = Instant.parse("2025-01-01T00:00:00Z");

    /** Makes every later commit or delete of {@code key} fail, before it reaches the store. */
    public MemoryStorage failChangesOf(String key) {
        failing.add(key);
        return this;
    }

    public void clearFailures() {
        failing.clear();
    }

    /** The keys committed or deleted, in order. */
    public List<String> changes() {
        return List.copyOf(changes);
    }

    /** Content by key, for assertions. */
    public Map<String, byte[]> snapshot() {
        Map<String, byte[]> copy = new TreeMap<>();
        objects.forEach((k, v) -> copy.put(k, v.bytes()));
        return copy;
    }

    public Optional<byte[]> get(String key) {
        return Optional.ofNullable(objects.get(key)).map(Stored::bytes);
    }

    /** Stores content directly, as if another program had written it, with the given time. */
    public void put(String key, byte[] content, Instant modified) {
        objects.put(StorageKeys.validate(key), new Stored(content.clone(), modified));
    }

    public void put(String key, String content) {
        put(key, content.getBytes(java.nio.charset.StandardCharsets.UTF_8), now());
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
        return new ByteArrayInputStream(stored.bytes());
    }

    @Override
    public ObjectWrite write(String key, WriteOptions options) {
        StorageKeys.validate(key);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        return new ObjectWrite() {
            private boolean committed;

            @Override
            public OutputStream stream() {
                return buffer;
            }

            @Override
            public void commit() throws IOException {
                if (failing.contains(key)) {
                    throw new IOException("injected failure committing '" + key + "'");
                }
                if (options.exclusive() && objects.containsKey(key)) {
                    throw new ObjectAlreadyExistsException(key, describe());
                }
                objects.put(key, new Stored(buffer.toByteArray(), now()));
                changes.add(key);
                committed = true;
            }

            @Override
            public void close() {
                if (!committed) {
                    buffer.reset();
                }
            }
        };
    }

    @Override
    public Stream<ObjectInfo> list(String prefix) {
        StorageKeys.validatePrefix(prefix);
        List<ObjectInfo> listed = new ArrayList<>();
        objects.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                listed.add(new ObjectInfo(k, v.bytes().length, v.modified()));
            }
        });
        return listed.stream();
    }

    @Override
    public boolean delete(String key) throws IOException {
        StorageKeys.validate(key);
        if (failing.contains(key)) {
            throw new IOException("injected failure deleting '" + key + "'");
        }
        boolean removed = objects.remove(key) != null;
        if (removed) {
            changes.add(key);
        }
        return removed;
    }

    @Override
    public Set<StorageCapability> capabilities() {
        return EnumSet.of(StorageCapability.CREATE_EXCLUSIVE);
    }

    @Override
    public String describe() {
        return "memory";
    }
}
