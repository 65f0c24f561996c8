package io.hexmirror.tarball;

import static java.util.Objects.requireNonNull;

import io.hexmirror.ChecksumMismatchException;
import io.hexmirror.MalformedDataException;
import io.hexmirror.VerificationException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and verifies Hex package tarballs (format version 3) in one streaming pass, holding only
 * {@code metadata.config} in memory. Immutable and thread-safe.
 *
 * <p>A tarball is an uncompressed tar of exactly four regular files: {@code VERSION} ({@code 3}),
 * {@code CHECKSUM} (the inner checksum as 64 hex digits), {@code metadata.config} (Erlang terms) and
 * {@code contents.tar.gz}. {@link #read(InputStream, String)} checks all of this, that the inner checksum
 * (SHA-256 of {@code VERSION ++ metadata.config ++ contents.tar.gz}) matches {@code CHECKSUM}, that
 * {@code contents.tar.gz} is gzip within the inflated size limit, and parses {@code metadata.config}. It
 * computes the outer checksum (SHA-256 of every byte of the stream) for the caller to compare with the
 * registry, e.g. with {@link PackageTarball#verifyAgainst}.
 */
public final class TarballReader {
    /** hex.pm's limit on a package tarball. */
    public static final long DEFAULT_MAX_TARBALL_BYTES = 16L * 1024 * 1024;
    /** hex.pm's limit on a package's uncompressed contents: {@code contents.tar.gz} inflated. */
    public static final long DEFAULT_MAX_UNCOMPRESSED_BYTES = 128L * 1024 * 1024;
    /** The most of {@code metadata.config} a reader holds in memory; larger ones are refused. */
    public static final int MAX_METADATA_BYTES = TarballScan.MAX_METADATA_BYTES;

    /**
     * Enough for the tar reader's 512-byte records and the inflater's 8 KiB reads (which bypass it); most
     * tarballs are a few KiB, and each scan allocates it afresh.
     */
    private static final int BUFFER_BYTES = 8 * 1024;

    private final long maxTarballBytes;
    private final long maxUncompressedBytes;

    /**
     * @param maxTarballBytes the most bytes a tarball may have
     * @param maxUncompressedBytes the most bytes its {@code contents.tar.gz} may inflate to
     */
    public TarballReader(long maxTarballBytes, long maxUncompressedBytes) {
        if (maxTarballBytes <= 0 || maxUncompressedBytes <= 0) {
            throw new IllegalArgumentException("limits must be positive: maxTarballBytes=" + maxTarballBytes
                    + ", maxUncompressedBytes=" + maxUncompressedBytes);
        }
        this.maxTarballBytes = maxTarballBytes;
        this.maxUncompressedBytes = maxUncompressedBytes;
    }

    /** A reader with hex.pm's limits. */
    public static TarballReader withDefaultLimits() {
        return new TarballReader(DEFAULT_MAX_TARBALL_BYTES, DEFAULT_MAX_UNCOMPRESSED_BYTES);
    }

    public long maxTarballBytes() {
        return maxTarballBytes;
    }

    public long maxUncompressedBytes() {
        return maxUncompressedBytes;
    }

    /**
     * Streams the whole tarball once, to the end of {@code in}, and verifies it. Does not close {@code in}.
     *
     * @param where names the tarball in error messages, e.g. {@code "tarballs/decimal-2.0.0.tar"}
     * @throws IOException when {@code in} itself fails (its exception, unchanged)
     * @throws MalformedDataException when the data is not a valid version 3 tarball: not a tar archive,
     *     truncated, over a size limit, a member missing, repeated, unexpected or not a regular file,
     *     {@code VERSION} not {@code 3}, {@code CHECKSUM} not 64 hex digits, {@code contents.tar.gz} not
     *     gzip, or {@code metadata.config} not valid (see {@link MetadataConfig#parse})
     * @throws ChecksumMismatchException when the inner checksum does not match {@code CHECKSUM}
     */
    public PackageTarball read(InputStream in, String where) throws IOException, VerificationException {
        requireNonNull(in, "in is null");
        requireNonNull(where, "where is null");
        // Buffered below the metering: the tar reader pulls 512-byte records and its position must be
        // the metered count.
        TarballScan.Scanned scanned = scan(in, where);
        MetadataConfig config = MetadataConfig.parse(scanned.metadata(), where + ": " + TarballScan.METADATA);
        return new PackageTarball(TarballScan.SUPPORTED_FORMAT, scanned.innerChecksum(), scanned.outerChecksum(), scanned.size(), config);
    }

    /**
     * Checks a tarball like {@link #read(InputStream, String)} (structure, limits, gzip, the inner
     * checksum) but does not interpret {@code metadata.config}: what a mirror needs, since clients
     * trust a tarball by its checksums, and an old package whose metadata this reader would find odd
     * must still be mirrored. Reads the stream to its end; does not close it.
     */
    public TarballDigest digest(InputStream in, String where) throws IOException, VerificationException {
        requireNonNull(in, "in is null");
        requireNonNull(where, "where is null");
        TarballScan.Scanned scanned = scan(in, where);
        return new TarballDigest(scanned.innerChecksum(), scanned.outerChecksum(), scanned.size());
    }

    /** {@link #digest(InputStream, String)} of a file, refusing an oversized one before reading it. */
    public TarballDigest digest(Path file, String where) throws IOException, VerificationException {
        requireNonNull(file, "file is null");
        requireNonNull(where, "where is null");
        checkSize(file, where);
        try (InputStream in = Files.newInputStream(file)) {
            return digest(in, where);
        }
    }

    private TarballScan.Scanned scan(InputStream in, String where) throws IOException, VerificationException {
        return new TarballScan(new BufferedInputStream(in, BUFFER_BYTES), where, maxTarballBytes, maxUncompressedBytes).run();
    }

    private void checkSize(Path file, String where) throws IOException, MalformedDataException {
        long size = Files.size(file);
        if (size > maxTarballBytes) {
            throw new MalformedDataException(where + ": exceeds the limit of " + maxTarballBytes + " bytes (" + size + " bytes)");
        }
    }

    /**
     * Reads a tarball file, as {@link #read(InputStream, String)} does.
     *
     * @throws IOException when the file cannot be read, such as {@link java.nio.file.NoSuchFileException}
     */
    public PackageTarball read(Path file, String where) throws IOException, VerificationException {
        requireNonNull(file, "file is null");
        requireNonNull(where, "where is null");
        checkSize(file, where);
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, where);
        }
    }
}
