package io.hexmirror.storage.fs;

import io.hexmirror.storage.ObjectInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The objects below one directory whose keys start with a prefix, in ascending key order, read one
 * directory at a time as the listing is consumed: memory grows with the largest directory, not with
 * the number of objects listed, and the first objects come before the rest of the tree is read.
 *
 * <p>Each directory's entries are sorted by name, with a directory's name followed by {@code /}, so
 * that {@code a-b} (a file) comes before everything in {@code a/}, as their keys do. Links are
 * neither listed nor followed; leftover temporary files of dead processes are removed on the way,
 * those of live writers skipped. Entries and directories that vanish while being read are skipped:
 * writers create and remove temporary files all the time.
 */
final class SortedListing implements Iterator<ObjectInfo> {
    /** One entry of a directory: a file to list or a directory to read when its turn comes. */
    private record Entry(String key, boolean directory, BasicFileAttributes attributes) {
        String sortKey() {
            return directory ? key + "/" : key;
        }
    }

    private final Path root;
    private final String prefix;
    private final String where;
    /** Entries still to visit, the next on top; a directory's entries replace it when it is reached. */
    private final Deque<Entry> pending = new ArrayDeque<>();
    private ObjectInfo next;

    /**
     * @param start the deepest directory the prefix names, read at once so that a failure there is
     *     the caller's {@link IOException}
     * @param where names the listing in errors, e.g. {@code 'packages/' in /srv/mirror}
     */
    SortedListing(Path root, Path start, String prefix, String where) throws IOException {
        this.root = root;
        this.prefix = prefix;
        this.where = where;
        pushEntriesOf(start);
    }

    @Override
    public boolean hasNext() {
        while (next == null && !pending.isEmpty()) {
            Entry entry = pending.pop();
            if (entry.directory()) {
                try {
                    pushEntriesOf(root.resolve(entry.key()));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + where + ": " + Failures.reason(e), e);
                }
            } else {
                next = new ObjectInfo(entry.key(), entry.attributes().size(), entry.attributes().lastModifiedTime().toInstant());
            }
        }
        return next != null;
    }

    @Override
    public ObjectInfo next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ObjectInfo result = next;
        next = null;
        return result;
    }

    /** Reads one directory and puts the entries that may match on top of the stack, smallest first. */
    private void pushEntriesOf(Path directory) throws IOException {
        String directoryKey = directory.equals(root) ? "" : keyOf(directory) + "/";
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            for (Path path : stream) {
                String name = path.getFileName().toString();
                if (name.startsWith(FileSystemStorage.TEMP_MARKER)) {
                    // A write of a process that was killed never finishes: its temporary file goes.
                    LeftoverTempFiles.removeIfLeftOver(path, name.substring(FileSystemStorage.TEMP_MARKER.length()));
                    continue;
                }
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException e) {
                    continue;
                }
                String key = directoryKey + name;
                if (attributes.isDirectory()) {
                    String below = key + "/";
                    if (below.startsWith(prefix) || prefix.startsWith(below)) {
                        entries.add(new Entry(key, true, attributes));
                    }
                } else if (attributes.isRegularFile() && key.startsWith(prefix)) {
                    entries.add(new Entry(key, false, attributes));
                }
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            // Not there (any more), or a file where the prefix has a directory: nothing below it.
            return;
        }
        entries.sort(Comparator.comparing(Entry::sortKey).reversed());
        entries.forEach(pending::push);
    }

    private String keyOf(Path file) {
        return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }
}
