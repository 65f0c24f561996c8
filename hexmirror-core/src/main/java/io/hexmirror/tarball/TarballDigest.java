package io.hexmirror.tarball;

import io.hexmirror.ChecksumMismatchException;
import io.hexmirror.registry.ReleaseChecksums;
import io.hexmirror.registry.proto.Release;

/**
 * The checksums of a tarball that {@link TarballReader#digest} found sound: its inner checksum (which
 * matched its {@code CHECKSUM} member), its outer checksum (SHA-256 of the whole file) and its size.
 */
public record TarballDigest(byte[] innerChecksum, byte[] outerChecksum, long size) {
    public TarballDigest {
        innerChecksum = innerChecksum.clone();
        outerChecksum = outerChecksum.clone();
    }

    @Override
    public byte[] innerChecksum() {
        return innerChecksum.clone();
    }

    @Override
    public byte[] outerChecksum() {
        return outerChecksum.clone();
    }

    /** Checks both checksums against the release in the signed registry, as Hex clients do. */
    public void verifyAgainst(Release release, String where) throws ChecksumMismatchException {
        ReleaseChecksums.verify(where, outerChecksum, innerChecksum, release);
    }
}
