package io.hexmirror.storage;

import static java.util.Objects.requireNonNull;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A flat store of objects addressed by {@link StorageKeys keys} such as {@code packages/decimal}.
 *
 * <p>The stored layout is the served layout: a mirror's keys are the paths of {@code repo.hex.pm}
 * without the leading slash. Implementations must be safe for use by many threads at once.
 *
 * <p>Every method rejects an invalid key (see {@link StorageKeys#validate}) with
 * {@link IllegalArgumentException} before touching the store. Every failure of the store itself is
 * an {@link IOException} whose message names the key.
 */
public interface Storage extends Closeable {

    /**
     * Returns the object's size and modification time, or empty when no object has that key. A store
     * with {@link StorageCapability#STORED_SHA256} also gives the SHA-256 it keeps for the object.
     */
    Optional<ObjectInfo> stat(String key) throws IOException;

    /**
     * Opens the object for streaming. The caller closes the stream.
     *
     * @throws ObjectNotFoundException when no object has that key
     */
    InputStream read(String key) throws IOException;

    /**
     * Opens the object's local file, on a store with {@link StorageCapability#LOCAL_FILES}: a server
     * can send the file's bytes to a socket from the operating system's page cache, where a stream from
     * {@link #read} would pass them through the Java heap. The file comes with the object's
     * {@link ObjectInfo} as of the open, and its channel reads exactly that version, however the object
     * is replaced meanwhile: a server needs no {@link #stat} before or after to know what it sends. The
     * channel is read-only; the caller closes it. A store without the capability returns empty (the
     * default, after validating the key): use {@link #read}.
     *
     * @throws ObjectNotFoundException when the store keeps local files and no object has that key
     */
    default Optional<LocalFile> openLocalFile(String key) throws IOException {
        StorageKeys.validate(key);
        return Optional.empty();
    }

    /**
     * Starts writing an object. Nothing is visible to readers until {@link ObjectWrite#commit()}
     * succeeds; then the whole new content replaces the old at once. Closing a write that was not
     * committed discards it and leaves any previous object untouched.
     *
     * @throws ObjectAlreadyExistsException when {@link WriteOptions#exclusive()} is set and the key
     *     exists (possibly only when committing)
     * @throws UnsupportedOperationException when the options ask for a capability this store lacks
     */
    ObjectWrite write(String key, WriteOptions options) throws IOException;

    /** Writes small content in one call, atomically. */
    default void write(String key, byte[] content, WriteOptions options) throws IOException {
        try (ObjectWrite write = write(key, options)) {
            write.stream().write(content);
            write.commit();
        }
    }

    /**
     * Lists the objects whose key starts with {@code prefix} (an empty prefix lists everything), in
     * ascending key order. The stream must be closed; it may throw {@link java.io.UncheckedIOException}
     * while being consumed. Listed entries may lack the {@link ObjectInfo#sha256() SHA-256} even on a
     * store with {@link StorageCapability#STORED_SHA256}: ask {@link #stat} for it.
     */
    Stream<ObjectInfo> list(String prefix) throws IOException;

    /** Deletes the object. Returns false when there was nothing to delete. */
    boolean delete(String key) throws IOException;

    /**
     * Deletes the object only while its whole content is exactly {@code expected}: a
     * compare-and-delete for small objects that name their owner, such as a lock. Returns whether
     * it deleted; false when there was no object or its content differs, which is then left as it is.
     *
     * <p>On a store with {@link StorageCapability#CONDITIONAL_DELETE} the comparison and the
     * deletion are one atomic step: an object written by someone else after the caller last looked,
     * even an instant before the deletion, is never deleted. Without it this default applies: it
     * reads the object, compares and then {@link #delete deletes}, which is <em>best-effort</em>:
     * an object replaced between the read and the delete is deleted although it no longer matches.
     *
     * @param expected the content the object must have; compared byte for byte, so it should be small
     */
    default boolean deleteIfContentEquals(String key, byte[] expected) throws IOException {
        StorageKeys.validate(key);
        if (!contentEquals(key, expected)) {
            return false;
        }
        return delete(key);
    }

    /**
     * Whether the object's whole content is exactly {@code expected}, reading at most one byte more than it;
     * false when there is no object. For writing a small file only when it changed.
     */
    default boolean contentEquals(String key, byte[] expected) throws IOException {
        requireNonNull(expected, "expected is null");
        try (InputStream in = read(key)) {
            return Arrays.equals(in.readNBytes(expected.length + 1), expected);
        } catch (ObjectNotFoundException e) {
            return false;
        }
    }

    /**
     * Makes durable every write committed so far with {@link WriteOptions#deferredSync()}, by any thread,
     * and every object passed to {@link #syncWithDeferredWrites}: when it returns, those writes are durable
     * even if a call on another thread took them to sync, so that the caller may then write what vouches
     * for them. The default does nothing: for stores whose commits are durable when they return.
     */
    default void syncDeferredWrites() throws IOException {
    }

    /**
     * Has the next {@link #syncDeferredWrites} make an object already stored durable too. An earlier
     * process may have written it with a deferred sync and been stopped before syncing it: it reads whole
     * now, from the system's cache, yet a power loss could still cut it short. For a caller about to vouch
     * for an object it found in place. The default only validates the key, as for stores whose commits
     * are durable when they return.
     *
     * @throws IOException when the store cannot reach the object's place (a store that refuses to follow
     *     links, say)
     */
    default void syncWithDeferredWrites(String key) throws IOException {
        StorageKeys.validate(key);
    }

    /** What this store can do beyond the basic contract. */
    Set<StorageCapability> capabilities();

    /** A description for messages and logs (a path or a URI), with any secret masked. */
    String describe();

    @Override
    default void close() throws IOException {
    }
}
