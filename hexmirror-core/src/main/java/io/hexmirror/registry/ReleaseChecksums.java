package io.hexmirror.registry;

import io.hexmirror.ChecksumMismatchException;
import io.hexmirror.registry.proto.Release;
import java.util.Arrays;
import java.util.HexFormat;

/** Checks a tarball's checksums against the release that the signed registry describes. */
public final class ReleaseChecksums {
    private ReleaseChecksums() {
    }

    /**
     * Passes when the outer checksum (when the registry has one: hex.pm always writes it) and the
     * inner checksum both match, as Hex clients require.
     *
     * @param key the tarball's path, for the message
     * @param outer SHA-256 of the whole tarball
     * @param inner the tarball's own (verified) inner checksum
     */
    public static void verify(String key, byte[] outer, byte[] inner, Release release) throws ChecksumMismatchException {
        if (release.hasOuterChecksum()) {
            verifyOuter(key, outer, release);
        }
        if (!Arrays.equals(release.getInnerChecksum().toByteArray(), inner)) {
            throw new ChecksumMismatchException(key + ": inner checksum " + hex(inner)
                    + " does not match the registry's " + hex(release.getInnerChecksum().toByteArray()));
        }
    }

    /**
     * Passes when the release's outer checksum is {@code outer}: on its own, proof that the tarball is
     * byte for byte the one the registry's signer published.
     *
     * @throws IllegalArgumentException when the release has no outer checksum (old registries)
     */
    public static void verifyOuter(String key, byte[] outer, Release release) throws ChecksumMismatchException {
        if (!release.hasOuterChecksum()) {
            throw new IllegalArgumentException(key + ": the registry lists no outer checksum");
        }
        if (!Arrays.equals(release.getOuterChecksum().toByteArray(), outer)) {
            throw new ChecksumMismatchException(key + ": outer checksum " + hex(outer)
                    + " does not match the registry's " + hex(release.getOuterChecksum().toByteArray()));
        }
    }

    /** Whether two descriptions of a release name the same tarball bytes. */
    public static boolean same(Release a, Release b) {
        return a.getInnerChecksum().equals(b.getInnerChecksum()) && a.getOuterChecksum().equals(b.getOuterChecksum());
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
