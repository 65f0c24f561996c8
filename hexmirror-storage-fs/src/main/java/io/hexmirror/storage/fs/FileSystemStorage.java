package io.hexmirror.storage.fs;

import static java.util.Objects.requireNonNull;

import io.hexmirror.storage.LocalFile;
import io.hexmirror.storage.ObjectAlreadyExistsException;
import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.ObjectNotFoundException;
import io.hexmirror.storage.ObjectWrite;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.StorageCapability;
import io.hexmirror.storage.StorageKeys;
import io.hexmirror.storage.StorageNotFoundException;
import io.hexmirror.storage.WriteOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A mirror in a local directory. Keys map to files under the root; writes go to a temporary file in
 * the target's directory, are fsynced and renamed into place atomically, so readers (including a
 * static web server) see either the old file or the whole new one. Published files get the
 * process's default permissions (umask), so a web server running as another user can read them.
 *
 * <p>Temporary files start with {@link #TEMP_MARKER}; they are never listed, and keys with a
 * segment starting with it are refused. The store never follows a symbolic link below its root:
 * a key whose path crosses one is refused with an {@link IOException}, so a link cannot lead a
 * write outside the mirror (the root itself may be a link). Files that are links are not objects.
 *
 * <p>{@link #list} reads the tree one directory at a time as the stream is consumed, so its memory
 * grows with the largest directory, not with the number of objects listed; an object written while a
 * listing runs is listed if the listing has not read its directory yet. {@link #openLocalFile} opens
 * an object's file ({@link StorageCapability#LOCAL_FILES}), which a server sends without copying it
 * through the JVM. {@link #deleteIfContentEquals} is atomic ({@link StorageCapability#CONDITIONAL_DELETE}).
 *
 * <p>A write with {@link WriteOptions#deferredSync()} is renamed into place unsynced and remembered,
 * as is an object passed to {@link #syncWithDeferredWrites}; {@link #syncDeferredWrites} fsyncs all of
 * them and their directories at once, in parallel, which the file system completes in a few journal
 * commits rather than two per file.
 */
public final class FileSystemStorage implements Storage {
    /** Names starting with this are in-flight writes, invisible to {@link #list}. */
    static final String TEMP_MARKER = ".hexmirror-tmp-";
    /** How often {@link #openLocalFile} tries to catch a file between two replacements. */
    private static final int MAX_OPEN_ATTEMPTS = 3;
    /** The most directories {@link #swept} remembers. */
    private static final int MAX_SWEPT = 10_000;

    private final Path root;
    private final boolean fsync;
    /**
     * The directories this store has written in, and so cleared of the leftovers of killed writers. At
     * most {@value #MAX_SWEPT} are remembered (unpacked docs have millions of directories); past that
     * the record starts afresh, which costs a directory read per directory written again.
     */
    private final Set<Path> swept = ConcurrentHashMap.newKeySet();
    /** Files published with a deferred sync, not fsynced yet. */
    private final Set<Path> unsynced = ConcurrentHashMap.newKeySet();
    /**
     * The batches {@link #syncDeferredWrites} calls are syncing now. A call may find the files its caller
     * wrote already taken by another call still syncing them, so it also waits for every batch in flight
     * when it took its own; batches themselves run side by side.
     */
    private final Set<CompletableFuture<Void>> batchesInFlight = new HashSet<>();
    /** How a batch is made durable: {@link BatchSync} but in tests. */
    private final FileBatchSyncer syncer;

    /** fsyncs a batch of files and their directories. */
    @FunctionalInterface
    interface FileBatchSyncer {
        void sync(Collection<Path> files) throws IOException;
    }

    private FileSystemStorage(Path root, boolean fsync, FileBatchSyncer syncer) {
        this.root = root;
        this.fsync = fsync;
        this.syncer = syncer;
    }

    /**
     * Opens (creating if needed) the directory as a store.
     *
     * @param fsync whether commits and deletes wait until the data and the directory entry are on disk
     * @throws IOException when the directory cannot be created or is not a directory
     */
    public static FileSystemStorage open(Path root, boolean fsync) throws IOException {
        requireNonNull(root, "root is null");
        Path absolute = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absolute);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("cannot open file storage at " + absolute + ": it exists and is not a directory", e);
        } catch (IOException e) {
            throw new IOException("cannot open file storage at " + absolute + ": " + Failures.reason(e), e);
        }
        // Resolve symlinks once so that every later path check compares real paths.
        return new FileSystemStorage(absolute.toRealPath(), fsync, BatchSync::filesAndDirectories);
    }

    /** A store with fsync whose batches are made durable by {@code syncer}: for tests of {@link #syncDeferredWrites}. */
    static FileSystemStorage withBatchSyncer(Path root, FileBatchSyncer syncer) throws IOException {
        return new FileSystemStorage(open(root, true).root(), true, syncer);
    }

    /**
     * Opens the directory as a store only when it exists, creating nothing: for work that only reads.
     *
     * @throws StorageNotFoundException when nothing is at that path
     * @throws IOException when the path is not a directory or cannot be read
     */
    public static FileSystemStorage openExisting(Path root, boolean fsync) throws IOException {
        requireNonNull(root, "root is null");
        Path absolute = root.toAbsolutePath().normalize();
        if (!Files.exists(absolute)) {
            throw new StorageNotFoundException(absolute.toString(), "no such directory");
        }
        if (!Files.isDirectory(absolute)) {
            throw new IOException("cannot open file storage at " + absolute + ": it exists and is not a directory");
        }
        return open(absolute, fsync);
    }

    /** The real path of the root directory. */
    public Path root() {
        return root;
    }

    @Override
    public Optional<ObjectInfo> stat(String key) throws IOException {
        Path file = resolve(key);
        Way way = walk(file.getParent());
        refuseLinksWhenReading(key, way);
        if (!way.reachesDirectory()) {
            // Most keys asked for and absent are in a directory that is absent too (the docs of a release
            // not mirrored): no need to look for the file, which costs a system call and an exception.
            return Optional.empty();
        }
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isRegularFile()) {
                return Optional.empty();
            }
            return Optional.of(new ObjectInfo(key, attributes.size(), attributes.lastModifiedTime().toInstant()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (FileSystemException e) {
            // "Not a directory": a key below an object, such as "names/x", names nothing.
            if (!Files.isDirectory(file.getParent(), LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            throw failure("stat", key, e);
        }
    }

    @Override
    public InputStream read(String key) throws IOException {
        Path file = resolve(key);
        refuseLinksWhenReading(key, file.getParent());
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new ObjectNotFoundException(key, describe());
        }
        try {
            return Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException(key, describe());
        } catch (IOException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public ObjectWrite write(String key, WriteOptions options) throws IOException {
        requireNonNull(options, "options is null");
        Path target = resolve(key);
        Path directory = target.getParent();
        Way way = walk(directory);
        refuseLinks(key, way);
        if (options.exclusive() && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new ObjectAlreadyExistsException(key, describe());
        }
        try {
            // The walk found every directory on the way: no mkdir and stat of each (most writes go to a
            // directory that exists, such as the many files of one derived docs tree).
            if (!way.reachesDirectory()) {
                Files.createDirectories(directory);
            }
        } catch (FileAlreadyExistsException e) {
            throw new IOException("cannot write '" + key + "' in " + describe() + ": " + e.getFile()
                    + " is not a directory", e);
        } catch (IOException e) {
            throw failure("write", key, e);
        }
        // A writer killed in this directory left its temporary file, which nothing else would remove
        // unless a listing came across it (a sync lists packages/, but never tarballs/).
        if (swept.add(directory)) {
            if (swept.size() > MAX_SWEPT) {
                swept.clear();
                swept.add(directory);
            }
            LeftoverTempFiles.removeLeftOversIn(directory);
        }
        return openTemp(key, target, options.exclusive(), options.deferredSync());
    }

    /**
     * Creates the temporary file with {@code CREATE_NEW} rather than {@link Files#createTempFile},
     * which would make it owner-only (0600) and so unreadable by a web server once renamed.
     */
    private ObjectWrite openTemp(String key, Path target, boolean exclusive, boolean deferredSync) throws IOException {
        for (int attempt = 1; ; attempt++) {
            String name = tempName(".part");
            Path temp = target.resolveSibling(name);
            FileChannel channel;
            try {
                channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                if (attempt < 10) {
                    continue;
                }
                throw failure("write", key, e);
            } catch (IOException e) {
                throw failure("write", key, e);
            }
            return new FileWrite(this, key, target, temp, channel, exclusive, fsync, deferredSync);
        }
    }

    @Override
    public Stream<ObjectInfo> list(String prefix) throws IOException {
        StorageKeys.validatePrefix(prefix);
        // Walk only the deepest directory the prefix names, then filter by the full prefix.
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
        refuseLinks(prefix, start);
        SortedListing listing;
        try {
            listing = new SortedListing(root, start, prefix, "'" + prefix + "' in " + describe());
        } catch (IOException e) {
            throw new IOException("cannot list '" + prefix + "' in " + describe() + ": " + Failures.reason(e), e);
        }
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(listing,
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /**
     * Looks at the file, opens it, and looks again: the same file (device and inode), size and
     * modification time both times mean the channel holds the version both looks describe, as a
     * replacement is always a new file renamed over the old. The look before the open also keeps the
     * open from meeting anything but a regular file (opening a named pipe would wait for a writer).
     */
    @Override
    public Optional<LocalFile> openLocalFile(String key) throws IOException {
        Path file = resolve(key);
        Way way = walk(file.getParent());
        refuseLinksWhenReading(key, way);
        if (!way.reachesDirectory()) {
            throw new ObjectNotFoundException(key, describe());
        }
        for (int attempt = 1; ; attempt++) {
            BasicFileAttributes before = regularFile(key, file);
            FileChannel channel = open(key, file);
            boolean kept = false;
            try {
                Optional<BasicFileAttributes> after = attributes(key, file);
                if (after.isPresent() && sameFile(before, after.get())) {
                    kept = true;
                    return Optional.of(new LocalFile(channel, new ObjectInfo(key, before.size(),
                            before.lastModifiedTime().toInstant())));
                }
            } finally {
                if (!kept) {
                    channel.close();
                }
            }
            if (attempt == MAX_OPEN_ATTEMPTS) {
                throw new IOException("'" + key + "' in " + describe() + " keeps being replaced while it is opened");
            }
        }
    }

    private BasicFileAttributes regularFile(String key, Path file) throws IOException {
        Optional<BasicFileAttributes> attributes = attributes(key, file);
        if (attributes.isEmpty() || !attributes.get().isRegularFile()) {
            throw new ObjectNotFoundException(key, describe());
        }
        return attributes.get();
    }

    private Optional<BasicFileAttributes> attributes(String key, Path file) throws IOException {
        try {
            return Optional.of(Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure("stat", key, e);
        }
    }

    private FileChannel open(String key, Path file) throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException(key, describe());
        } catch (IOException e) {
            throw failure("read", key, e);
        }
    }

    private static boolean sameFile(BasicFileAttributes before, BasicFileAttributes after) {
        return Objects.equals(before.fileKey(), after.fileKey()) && before.size() == after.size()
                && before.lastModifiedTime().equals(after.lastModifiedTime());
    }

    @Override
    public boolean delete(String key) throws IOException {
        Path file = resolve(key);
        Path directory = file.getParent();
        refuseLinks(key, directory);
        if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        boolean deleted;
        try {
            deleted = Files.deleteIfExists(file);
        } catch (FileSystemException e) {
            if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            throw failure("delete", key, e);
        }
        if (deleted && fsync) {
            FileSync.directory(directory);
        }
        return deleted;
    }

    /**
     * Atomic ({@link StorageCapability#CONDITIONAL_DELETE}), although POSIX has no "unlink if
     * unchanged": one rename takes the key's current file away under a temporary name, so the file
     * compared is exactly the one the key named at that instant, and it is deleted only if it
     * matches. A file that does not match is linked back under its key, which fails rather than
     * replace a file created there meanwhile.
     *
     * <p>The content is compared first in place, so an object that does not match is normally left
     * untouched. Only when it was replaced between that check and the rename is the replacement
     * briefly absent (readers see no object) until it is linked back; if in that instant yet another
     * writer created the key, the taken file is dropped, as if that writer had overwritten it.
     */
    @Override
    public boolean deleteIfContentEquals(String key, byte[] expected) throws IOException {
        requireNonNull(expected, "expected is null");
        Path file = resolve(key);
        Path directory = file.getParent();
        refuseLinks(key, directory);
        try {
            if (!hasContent(file, expected)) {
                return false;
            }
            Path taken = file.resolveSibling(tempName(".delete"));
            try {
                Files.move(file, taken, StandardCopyOption.ATOMIC_MOVE);
            } catch (NoSuchFileException e) {
                return false;
            }
            try {
                if (hasContent(taken, expected)) {
                    Files.delete(taken);
                    if (fsync) {
                        FileSync.directory(directory);
                    }
                    return true;
                }
                putBack(taken, file);
                return false;
            } finally {
                Files.deleteIfExists(taken);
            }
        } catch (IOException e) {
            throw failure("delete", key, e);
        }
    }

    /**
     * A fresh name for a file of this process in a mirror directory: hidden from listings, and told
     * from a live writer's by {@link LeftoverTempFiles} once this process is gone.
     */
    private static String tempName(String suffix) {
        return TEMP_MARKER + LeftoverTempFiles.OWNER + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + suffix;
    }

    /** Whether {@code file} is a regular file whose whole content is {@code expected}. */
    private static boolean hasContent(Path file, byte[] expected) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                    && Arrays.equals(in.readNBytes(expected.length + 1), expected);
        } catch (NoSuchFileException e) {
            return false;
        } catch (FileSystemException e) {
            // A directory, or a path below a file ("not a directory"): no object with that content.
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            if (!Files.isDirectory(file.getParent(), LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            throw e;
        }
    }

    /** Returns a file taken by mistake to its key, unless the key holds a newer one by now. */
    private static void putBack(Path taken, Path file) throws IOException {
        try {
            if (Files.isRegularFile(taken, LinkOption.NOFOLLOW_LINKS)) {
                Files.createLink(file, taken);
            } else {
                Files.move(taken, file);
            }
        } catch (FileAlreadyExistsException e) {
            // A newer object took the key meanwhile; the one taken is superseded by it.
        }
    }

    @Override
    public void syncDeferredWrites() throws IOException {
        List<Path> files = new ArrayList<>();
        List<CompletableFuture<Void>> earlier;
        CompletableFuture<Void> batch = new CompletableFuture<>();
        synchronized (batchesInFlight) {
            // Taking the files and joining the batches in flight at once: any file written before this call
            // is either taken here or in a batch this call then waits for (or one already synced).
            for (Iterator<Path> it = unsynced.iterator(); it.hasNext(); ) {
                files.add(it.next());
                it.remove();
            }
            earlier = List.copyOf(batchesInFlight);
            batchesInFlight.add(batch);
        }
        Throwable failure = null;
        try {
            syncer.sync(files);
        } catch (IOException e) {
            failure = e;
            throw new IOException("cannot sync " + files.size() + " files written to " + describe() + ": " + Failures.reason(e), e);
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            if (failure == null) {
                batch.complete(null);
            } else {
                // Not known to be durable: the next sync tries them again.
                unsynced.addAll(files);
                batch.completeExceptionally(failure);
            }
            synchronized (batchesInFlight) {
                batchesInFlight.remove(batch);
            }
        }
        awaitEarlier(earlier);
    }

    /** Waits for the batches another call was syncing, which may hold this caller's files; fails if one failed. */
    private void awaitEarlier(List<CompletableFuture<Void>> earlier) throws IOException {
        for (CompletableFuture<Void> other : earlier) {
            try {
                other.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for files written to " + describe() + " to be synced");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                throw new IOException("cannot sync files written to " + describe() + " (synced by another call): "
                        + (cause instanceof IOException io ? Failures.reason(io) : cause.toString()), cause);
            }
        }
    }

    /**
     * Adds the object's file to the next batch, as if just written with a deferred sync: a file a stopped
     * process renamed into place unsynced reads whole from the system's cache, and only an fsync makes it
     * safe to vouch for. Syncing a file that is on disk already costs little.
     */
    @Override
    public void syncWithDeferredWrites(String key) throws IOException {
        Path file = resolve(key);
        refuseLinks(key, file.getParent());
        if (fsync) {
            unsynced.add(file);
        }
    }

    /** How many deferred writes wait for {@link #syncDeferredWrites}. */
    int unsyncedWrites() {
        return unsynced.size();
    }

    @Override
    public Set<StorageCapability> capabilities() {
        return EnumSet.of(StorageCapability.CREATE_EXCLUSIVE, StorageCapability.LOCAL_FILES,
                StorageCapability.CONDITIONAL_DELETE);
    }

    @Override
    public String describe() {
        return root.toString();
    }

    /** Maps a key to its file, refusing any key that would leave the root or alias a temporary file. */
    Path resolve(String key) {
        StorageKeys.validate(key);
        for (String segment : key.split("/")) {
            if (segment.startsWith(TEMP_MARKER)) {
                throw new IllegalArgumentException("key '" + key + "' has a segment starting with '" + TEMP_MARKER
                        + "', which the file storage reserves for its temporary files");
            }
        }
        Path file = root.resolve(key).normalize();
        if (!file.startsWith(root) || file.equals(root)) {
            throw new IllegalArgumentException("key '" + key + "' escapes the storage root " + root);
        }
        return file;
    }

    /**
     * For stat and read: a key through a link names no object of this store, so the refusal is an
     * {@link ObjectNotFoundException} (a server answers 404, and tells nothing of the link).
     */
    private void refuseLinksWhenReading(String key, Path directory) throws IOException {
        refuseLinksWhenReading(key, walk(directory));
    }

    private void refuseLinksWhenReading(String key, Way way) throws IOException {
        Optional<Path> link = way.link();
        if (link.isPresent()) {
            throw new ObjectNotFoundException(key, describe() + ": the key passes through the symbolic link " + link.get()
                    + ", and the file storage never follows links below its root");
        }
    }

    /**
     * Refuses when a directory between the root and {@code directory} (inclusive) is a symbolic
     * link. Directories that do not exist yet are fine: {@code createDirectories} makes real ones.
     */
    private void refuseLinks(String key, Path directory) throws IOException {
        refuseLinks(key, walk(directory));
    }

    private void refuseLinks(String key, Way way) throws IOException {
        Optional<Path> link = way.link();
        if (link.isPresent()) {
            throw new IOException("key '" + key + "' passes through the symbolic link " + link.get()
                    + "; the file storage never follows links below its root " + root);
        }
    }

    /**
     * What the way from the root to a directory holds: the first symbolic link on it (the directory included),
     * and whether, with no link, it reaches the directory, which is false when a name on the way is missing or
     * is not a directory (so nothing is below it).
     */
    private record Way(Optional<Path> link, boolean reachesDirectory) {
        static final Way THROUGH = new Way(Optional.empty(), true);
        static final Way CUT_SHORT = new Way(Optional.empty(), false);
    }

    private Way walk(Path directory) throws IOException {
        Path current = root;
        for (Path name : root.relativize(directory)) {
            if (name.toString().isEmpty()) {
                return Way.THROUGH;
            }
            current = current.resolve(name);
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(current, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                return Way.CUT_SHORT;
            }
            if (attributes.isSymbolicLink()) {
                return new Way(Optional.of(current), false);
            }
            if (!attributes.isDirectory()) {
                return Way.CUT_SHORT;
            }
        }
        return Way.THROUGH;
    }

    private IOException failure(String operation, String key, IOException e) {
        return new IOException("cannot " + operation + " '" + key + "' in " + describe() + ": " + Failures.reason(e), e);
    }

    /** Publishes a finished temporary file, which is gone afterwards whatever happens. */
    void publish(String key, Path temp, Path target, boolean exclusive, boolean deferredSync) throws IOException {
        if (exclusive) {
            try {
                // A hard link fails if the target exists: an atomic create-exclusive.
                Files.createLink(target, temp);
            } catch (FileAlreadyExistsException e) {
                throw new ObjectAlreadyExistsException(key, describe());
            } finally {
                Files.deleteIfExists(temp);
            }
        } else {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        if (fsync && deferredSync) {
            unsynced.add(target);
        } else if (fsync) {
            FileSync.directory(target.getParent());
        }
    }
}
