package io.hexmirror.tarball;

import static java.util.Objects.requireNonNull;

import io.hexmirror.ChecksumMismatchException;
import io.hexmirror.registry.ReleaseChecksums;
import io.hexmirror.registry.proto.Release;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A package tarball that {@link TarballReader} read and verified: its inner checksum matched its
 * {@code CHECKSUM} member. Immutable; the checksum arrays are copied in and out.
 *
 * @param formatVersion the {@code VERSION} member, {@code "3"}
 * @param innerChecksum SHA-256 of {@code VERSION ++ metadata.config ++ contents.tar.gz} (32 bytes); the
 *     registry's deprecated {@code Release.inner_checksum}
 * @param outerChecksum SHA-256 of the whole tarball file (32 bytes); the registry's authoritative
 *     {@code Release.outer_checksum}
 * @param size the tarball file's length in bytes
 * @param metadata its parsed {@code metadata.config}
 */
public record PackageTarball(String formatVersion, byte[] innerChecksum, byte[] outerChecksum, long size, MetadataConfig metadata) {
    private static final int SHA256_BYTES = 32;
    private static final HexFormat HEX = HexFormat.of();

    public PackageTarball {
        requireNonNull(formatVersion, "formatVersion is null");
        requireNonNull(metadata, "metadata is null");
        innerChecksum = checksum(innerChecksum, "innerChecksum");
        outerChecksum = checksum(outerChecksum, "outerChecksum");
        if (size < 0) {
            throw new IllegalArgumentException("size is negative: " + size);
        }
    }

    @Override
    public byte[] innerChecksum() {
        return innerChecksum.clone();
    }

    @Override
    public byte[] outerChecksum() {
        return outerChecksum.clone();
    }

    /** The inner checksum as 64 lowercase hex digits. */
    public String innerChecksumHex() {
        return HEX.formatHex(innerChecksum);
    }

    /** The outer checksum as 64 lowercase hex digits, as {@code mix.lock} records it. */
    public String outerChecksumHex() {
        return HEX.formatHex(outerChecksum);
    }

    /**
     * Checks this tarball against its release in the signed registry, as Hex clients do: the outer checksum
     * when the release has one (hex.pm always writes it), and the inner checksum.
     *
     * @param where names the tarball in the error message
     * @throws ChecksumMismatchException naming the tarball, the checksum and both values
     */
    public void verifyAgainst(Release release, String where) throws ChecksumMismatchException {
        requireNonNull(release, "release is null");
        requireNonNull(where, "where is null");
        ReleaseChecksums.verify(where, outerChecksum, innerChecksum, release);
    }

    private static byte[] checksum(byte[] checksum, String what) {
        requireNonNull(checksum, what + " is null");
        if (checksum.length != SHA256_BYTES) {
            throw new IllegalArgumentException(what + " has " + checksum.length + " bytes, not " + SHA256_BYTES);
        }
        return checksum.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PackageTarball that
                && formatVersion.equals(that.formatVersion)
                && Arrays.equals(innerChecksum, that.innerChecksum)
                && Arrays.equals(outerChecksum, that.outerChecksum)
                && size == that.size
                && metadata.equals(that.metadata);
    }

    @Override
    public int hashCode() {
        return Objects.hash(formatVersion, Arrays.hashCode(innerChecksum), Arrays.hashCode(outerChecksum), size, metadata);
    }

    @Override
    public String toString() {
        return "PackageTarball[" + metadata.name() + " " + metadata.version() + ", format " + formatVersion + ", " + size
                + " bytes, outer " + outerChecksumHex() + ", inner " + innerChecksumHex() + "]";
    }
}
