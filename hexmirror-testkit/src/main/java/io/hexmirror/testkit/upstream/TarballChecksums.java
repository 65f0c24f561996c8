package io.hexmirror.testkit.upstream;

import static java.util.Objects.requireNonNull;

import java.util.HexFormat;

/**
 * The two checksums of a package tarball, as lowercase hex.
 *
 * @param inner SHA-256 of {@code VERSION ++ metadata.config ++ contents.tar.gz}: the tarball's
 *     {@code CHECKSUM} member (in uppercase there) and {@code Release.inner_checksum} (field 2)
 * @param outer SHA-256 of the whole tarball: {@code Release.outer_checksum} (field 5)
 */
public record TarballChecksums(String inner, String outer) {
    public TarballChecksums {
        requireNonNull(inner, "inner is null");
        requireNonNull(outer, "outer is null");
    }

    public byte[] innerBytes() {
        return HexFormat.of().parseHex(inner);
    }

    public byte[] outerBytes() {
        return HexFormat.of().parseHex(outer);
    }
}
