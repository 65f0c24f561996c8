package io.hexmirror.docs;

import java.util.List;

/**
 * What a checked docs tarball holds.
 *
 * @param release the docs version
 * @param files its plain files, in tarball order (directories are implied by the paths)
 * @param compressedSize the tarball's length as stored
 * @param uncompressedSize the length of the tar stream inside the gzip
 * @param sha256 the lowercase hex SHA-256 of the tarball as stored
 */
public record DocsContents(DocsRelease release, List<DocsEntry> files, long compressedSize, long uncompressedSize,
        String sha256) {
    public DocsContents {
        files = List.copyOf(files);
    }

    /** The sum of the files' sizes. */
    public long filesSize() {
        return files.stream().mapToLong(DocsEntry::size).sum();
    }
}
