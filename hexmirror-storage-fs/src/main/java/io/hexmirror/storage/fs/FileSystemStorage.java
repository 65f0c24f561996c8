package io.hexmirror.storage.fs;

import static java.util.Objects.requireNonNull;

import io.hexmirror.storage.ObjectAlreadyExistsException;
import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.ObjectNotFoundException;
import io.hexmirror.storage.ObjectWrite;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.StorageCapability;
import io.hexmirror.storage.StorageKeys;
import io.hexmirror.storage.WriteOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A mirror in a local directory. Keys map to files under the root; writes go to a temporary file in
 * the target's directory, are fsynced and renamed into place atomically, so readers (including a
 * static web server) see either the old file or the whole new one. Temporary files carry the
 * {@link #TEMP_MARKER} in their name and are never listed.
 */
public final class FileSystemStorage implements Storage {
    /** Names containing this are in-flight writes, invisible to {@link #list}. */
    static final String TEMP_MARKER = ".hexmirror-tmp-";

    private final Path root;
    private final boolean fsync;

    private FileSystemStorage(Path root, boolean fsync) {
        this.root = root;
        this.fsync = fsync;
    }

    /** Opens (creating if needed) the directory as a store. */
    public static FileSystemStorage open(Path root, boolean fsync) throws IOException {
        requireNonNull(root, "root is null");
        Path absolute = root.toAbsolutePath().normalize();
        Files.createDirectories(absolute);
        // Resolve symlinks once so that the escape check compares real paths.
        return new FileSystemStorage(absolute.toRealPath(), fsync);
    }

    public Path root() {
        return root;
    }

    @Override
    public Optional<ObjectInfo> stat(String key) throws IOException {
        Path file = resolve(key);
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isRegularFile()) {
                return Optional.empty();
            }
            return Optional.of(new ObjectInfo(key, attributes.size(), attributes.lastModifiedTime().toInstant()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public InputStream read(String key) throws IOException {
        Path file = resolve(key);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new ObjectNotFoundException(key, describe());
        }
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException(key, describe());
        }
    }

    @Override
    public ObjectWrite write(String key, WriteOptions options) throws IOException {
        requireNonNull(options, "options is null");
        Path target = resolve(key);
        if (options.exclusive() && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new ObjectAlreadyExistsException(key, describe());
        }
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(target.getParent(), TEMP_MARKER, ".part");
        return new FileWrite(this, key, target, temp, options.exclusive(), fsync);
    }

    @Override
    public Stream<ObjectInfo> list(String prefix) throws IOException {
        StorageKeys.validatePrefix(prefix);
        // Walk only the deepest directory the prefix names, then filter by the full prefix.
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
        if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) {
            return Stream.empty();
        }
        Stream<Path> walk = Files.walk(start);
        return walk
                .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                .filter(p -> !p.getFileName().toString().contains(TEMP_MARKER))
                .map(this::keyOf)
                .filter(k -> k.startsWith(prefix))
                .sorted()
                .map(k -> {
                    try {
                        return stat(k).orElse(null);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .filter(info -> info != null)
                .onClose(walk::close);
    }

    @Override
    public boolean delete(String key) throws IOException {
        Path file = resolve(key);
        if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        boolean deleted = Files.deleteIfExists(file);
        if (deleted && fsync) {
            FileSync.directory(file.getParent());
        }
        return deleted;
    }

    @Override
    public Set<StorageCapability> capabilities() {
        return EnumSet.of(StorageCapability.CREATE_EXCLUSIVE);
    }

    @Override
    public String describe() {
        return root.toString();
    }

    /** Maps a key to its file, refusing any key that would leave the root. */
    Path resolve(String key) {
        StorageKeys.validate(key);
        Path file = root.resolve(key).normalize();
        if (!file.startsWith(root) || file.equals(root)) {
            throw new IllegalArgumentException("key '" + key + "' escapes the storage root " + root);
        }
        return file;
    }

    private String keyOf(Path file) {
        return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    /** Publishes a finished temporary file. */
    void publish(String key, Path temp, Path target, boolean exclusive) throws IOException {
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
        if (fsync) {
            FileSync.directory(target.getParent());
        }
    }
}
