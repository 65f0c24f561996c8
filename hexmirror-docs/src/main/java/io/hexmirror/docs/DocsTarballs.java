package io.hexmirror.docs;

import static java.util.Objects.requireNonNull;

import io.hexmirror.generation.Sha256;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Checks the structure of docs tarballs, which are third-party content that nobody signs: a gzip
 * stream holding a tar archive of plain files and directories with relative paths, within
 * {@link DocsLimits}. Everything is streamed; nothing is written anywhere.
 *
 * <p>Refused, each with a {@link DocsTarballException} naming the package, version and entry:
 * not gzip, not tar, truncated, over the compressed or uncompressed size (a gzip bomb stops at the
 * uncompressed limit), too many entries, an absolute path, a {@code ..} segment, a backslash or
 * control character, symbolic and hard links, devices, FIFOs and any other special entry, the same
 * path twice, and a path that is both a file and a directory.
 */
public final class DocsTarballs {
    private DocsTarballs() {
    }

    /** Receives each plain file of a tarball as it is read. */
    @FunctionalInterface
    public interface FileVisitor {
        /** Called once per file; the stream holds the file's content and must not be closed. */
        void visit(String path, long size, InputStream content) throws IOException;
    }

    /** Checks a tarball without keeping its content. */
    public static DocsContents check(DocsRelease release, InputStream tarball, DocsLimits limits)
            throws DocsTarballException, IOException {
        return read(release, tarball, limits, (path, size, content) -> content.transferTo(OutputStream.nullOutputStream()));
    }

    /**
     * Reads a tarball, checking it, and hands each file to the visitor. The visitor may already have
     * seen some files when a later entry turns out bad: callers that write files must check the whole
     * tarball first (as {@link DocsTree} does).
     */
    public static DocsContents read(DocsRelease release, InputStream tarball, DocsLimits limits, FileVisitor visitor)
            throws DocsTarballException, IOException {
        requireNonNull(visitor, "visitor is null");
        List<DocsEntry> files = new ArrayList<>();
        Walked walked = walk(release, tarball, limits, path -> true, (path, size, content) -> {
            MessageDigest digest = Sha256.digest();
            DigestInputStream hashed = new DigestInputStream(content, digest);
            visitor.visit(path, size, hashed);
            hashed.transferTo(OutputStream.nullOutputStream());
            files.add(new DocsEntry(path, size, Sha256.hex(digest)));
        });
        return new DocsContents(release, files, walked.compressedSize(), walked.uncompressedSize(), walked.sha256());
    }

    /**
     * Reads a tarball, checking it as {@link #read} does, and hands the visitor only the files whose
     * path it wants, without hashing any file: the others are skipped unread (they are still inflated,
     * as gzip can only be read in order). What the search index needs of a tarball.
     *
     * @return the lowercase hex SHA-256 of the tarball as stored
     */
    static String scan(DocsRelease release, InputStream tarball, DocsLimits limits, Predicate<String> wanted,
            FileVisitor visitor) throws DocsTarballException, IOException {
        requireNonNull(visitor, "visitor is null");
        return walk(release, tarball, limits, requireNonNull(wanted, "wanted is null"), visitor).sha256();
    }

    /** What a walk through a tarball measured. */
    private record Walked(long compressedSize, long uncompressedSize, String sha256) {
    }

    private static Walked walk(DocsRelease release, InputStream tarball, DocsLimits limits, Predicate<String> wanted,
            FileVisitor visitor) throws DocsTarballException, IOException {
        requireNonNull(release, "release is null");
        requireNonNull(tarball, "tarball is null");
        requireNonNull(limits, "limits is null");
        MessageDigest outer = Sha256.digest();
        LimitedInputStream compressed = new LimitedInputStream(new DigestInputStream(tarball, outer),
                limits.maxCompressedBytes(), "the tarball");
        Set<String> paths = new HashSet<>();
        Set<String> directories = new HashSet<>();
        LimitedInputStream uncompressed;
        try {
            GZIPInputStream gzip;
            try {
                gzip = new GZIPInputStream(compressed, 64 * 1024);
            } catch (ZipException | EOFException e) {
                throw new DocsTarballException(release, "not a gzip file (" + e.getMessage() + ")", e);
            }
            uncompressed = new LimitedInputStream(gzip, limits.maxUncompressedBytes(), "the uncompressed content");
            TarArchiveInputStream tar = new TarArchiveInputStream(uncompressed);
            int entries = 0;
            for (TarArchiveEntry entry; (entry = nextEntry(release, tar)) != null; ) {
                if (entry.isGlobalPaxHeader()) {
                    continue;
                }
                entries++;
                if (entries > limits.maxEntries()) {
                    throw new DocsTarballException(release, "more than " + limits.maxEntries() + " entries");
                }
                String path = entryPath(release, entry.getName());
                checkType(release, entry, path);
                if (entry.isDirectory()) {
                    if (paths.contains(path)) {
                        throw new DocsTarballException(release, "entry '" + path + "' is both a file and a directory");
                    }
                    directories.add(path);
                    continue;
                }
                if (!paths.add(path)) {
                    throw new DocsTarballException(release, "entry '" + path + "' appears twice");
                }
                if (directories.contains(path)) {
                    throw new DocsTarballException(release, "entry '" + path + "' is both a file and a directory");
                }
                addParents(release, path, paths, directories);
                if (wanted.test(path)) {
                    // What the visitor leaves unread, the next getNextEntry skips.
                    visitor.visit(path, entry.getSize(), new UnclosableInputStream(tar));
                }
            }
            // Read to the end so that the checksum covers the whole file, and a gzip bomb past the
            // tar's end still stops at the limit.
            uncompressed.transferTo(OutputStream.nullOutputStream());
            compressed.transferTo(OutputStream.nullOutputStream());
        } catch (LimitedInputStream.LimitExceededException e) {
            throw new DocsTarballException(release, e.getMessage(), e);
        } catch (ZipException | EOFException e) {
            throw new DocsTarballException(release, "the gzip stream is corrupt or truncated (" + e.getMessage() + ")", e);
        }
        return new Walked(compressed.count(), uncompressed.count(), Sha256.hex(outer));
    }

    private static TarArchiveEntry nextEntry(DocsRelease release, TarArchiveInputStream tar)
            throws IOException, DocsTarballException {
        try {
            return tar.getNextEntry();
        } catch (LimitedInputStream.LimitExceededException | ZipException | EOFException e) {
            throw e;
        } catch (IOException | IllegalArgumentException e) {
            throw new DocsTarballException(release, "not a valid tar archive (" + e.getMessage() + ")", e);
        }
    }

    /** The entry's path with any leading {@code ./} removed, after refusing every path that could escape. */
    static String entryPath(DocsRelease release, String name) throws DocsTarballException {
        String path = name;
        while (path.startsWith("./")) {
            path = path.substring(2);
        }
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String shown = printable(name);
        if (path.isEmpty()) {
            throw new DocsTarballException(release, "entry '" + shown + "' has an empty path");
        }
        if (path.startsWith("/") || (path.length() > 1 && path.charAt(1) == ':')) {
            throw new DocsTarballException(release, "entry '" + shown + "' has an absolute path");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\\' || c < 0x20 || c == 0x7f) {
                throw new DocsTarballException(release, "entry '" + shown + "' contains a backslash or control character");
            }
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals("..")) {
                throw new DocsTarballException(release, "entry '" + shown + "' leaves its directory ('..')");
            }
            if (segment.isEmpty() || segment.equals(".")) {
                throw new DocsTarballException(release, "entry '" + shown + "' has an empty or '.' path segment");
            }
        }
        return path;
    }

    private static void checkType(DocsRelease release, TarArchiveEntry entry, String path) throws DocsTarballException {
        String kind;
        if (entry.isSymbolicLink()) {
            kind = "a symbolic link (to '" + printable(entry.getLinkName()) + "')";
        } else if (entry.isLink()) {
            kind = "a hard link (to '" + printable(entry.getLinkName()) + "')";
        } else if (entry.isCharacterDevice() || entry.isBlockDevice()) {
            kind = "a device";
        } else if (entry.isFIFO()) {
            kind = "a FIFO";
        } else if (entry.isDirectory() || entry.isFile()) {
            if (entry.isFile() && entry.getSize() < 0) {
                kind = "a file of negative size";
            } else {
                return;
            }
        } else {
            kind = "a special entry (type '" + (char) entry.getLinkFlag() + "')";
        }
        throw new DocsTarballException(release, "entry '" + printable(path) + "' is " + kind + "; only plain files and directories are allowed");
    }

    /** Every parent of a file is a directory: a file of the same name as one of them cannot be stored. */
    private static void addParents(DocsRelease release, String path, Set<String> files, Set<String> directories)
            throws DocsTarballException {
        for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
            String parent = path.substring(0, slash);
            if (files.contains(parent)) {
                throw new DocsTarballException(release, "entry '" + parent + "' is both a file and a directory");
            }
            directories.add(parent);
        }
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            out.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }
}
