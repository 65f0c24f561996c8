package io.hexmirror.examples.memo;

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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;

/**
 * One in-memory store. Each object is an immutable entry, replaced in one step on commit, so a reader
 * or a listing sees the old object or the whole new one. Keys sort in {@link String} order, as the
 * SPI asks. Thread-safe: the map is concurrent and entries never change.
 */
final class MemoStorage implements Storage {
    /** An object: its content, when it was committed, and the SHA-256 of the content. */
    record Entry(byte[] content, Instant modified, String sha256) {
    }

    private final String description;
    private final ConcurrentSkipListMap<String, Entry> objects;

    MemoStorage(String description, ConcurrentSkipListMap<String, Entry> objects) {
        this.description = description;
        this.objects = objects;
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        Entry entry = objects.get(StorageKeys.validate(key));
        return Optional.ofNullable(entry).map(e -> info(key, e));
    }

    @Override
    public InputStream read(String key) throws IOException {
        Entry entry = objects.get(StorageKeys.validate(key));
        if (entry == null) {
            throw new ObjectNotFoundException(key, description);
        }
        return new ByteArrayInputStream(entry.content());
    }

    @Override
    public ObjectWrite write(String key, WriteOptions options) {
        StorageKeys.validate(key);
        return new ObjectWrite() {
            private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            private boolean committed;

            @Override
            public OutputStream stream() {
                return buffer;
            }

            @Override
            public void commit() throws IOException {
                if (committed) {
                    throw new IllegalStateException("'" + key + "' was already committed");
                }
                byte[] content = buffer.toByteArray();
                String sha256 = sha256(content);
                if (options.sha256().isPresent() && !options.sha256().get().equalsIgnoreCase(sha256)) {
                    throw new IOException("content written to '" + key + "' in " + description + " has SHA-256 " + sha256
                            + ", not the declared " + options.sha256().get() + "; nothing was stored");
                }
                Entry entry = new Entry(content, Instant.now(), sha256);
                if (options.exclusive()) {
                    if (objects.putIfAbsent(key, entry) != null) {
                        throw new ObjectAlreadyExistsException(key, description);
                    }
                } else {
                    objects.put(key, entry);
                }
                committed = true;
            }

            @Override
            public void close() {
                // Nothing to clean up: an uncommitted buffer is simply dropped.
            }
        };
    }

    @Override
    public Stream<ObjectInfo> list(String prefix) {
        StorageKeys.validatePrefix(prefix);
        return objects.tailMap(prefix, true).entrySet().stream()
                .takeWhile(e -> e.getKey().startsWith(prefix))
                .map(e -> info(e.getKey(), e.getValue()));
    }

    @Override
    public boolean delete(String key) {
        return objects.remove(StorageKeys.validate(key)) != null;
    }

    @Override
    public Set<StorageCapability> capabilities() {
        return EnumSet.of(StorageCapability.CREATE_EXCLUSIVE, StorageCapability.STORED_SHA256);
    }

    @Override
    public String describe() {
        return description;
    }

    private static ObjectInfo info(String key, Entry entry) {
        return new ObjectInfo(key, entry.content().length, entry.modified(), Optional.of(entry.sha256()));
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
