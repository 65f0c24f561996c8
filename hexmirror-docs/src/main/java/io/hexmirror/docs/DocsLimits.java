package io.hexmirror.docs;

/**
 * How big a docs tarball may be. The defaults are hexdocs.pm's own limits (16 MiB compressed,
 * 128 MiB uncompressed) and an entry count far above any real ExDoc output.
 *
 * @param maxCompressedBytes the largest tarball accepted, as stored
 * @param maxUncompressedBytes the most bytes the gzip stream may expand to (tar headers included),
 *     which is what stops a gzip bomb
 * @param maxEntries the most tar entries (files and directories)
 */
public record DocsLimits(long maxCompressedBytes, long maxUncompressedBytes, int maxEntries) {
    private static final DocsLimits HEXDOCS = new DocsLimits(16L << 20, 128L << 20, 50_000);

    public DocsLimits {
        if (maxCompressedBytes <= 0 || maxUncompressedBytes <= 0 || maxEntries <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /** hexdocs.pm's limits. */
    public static DocsLimits hexdocs() {
        return HEXDOCS;
    }
}
