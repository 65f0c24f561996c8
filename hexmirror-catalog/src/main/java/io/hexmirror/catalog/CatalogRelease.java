package io.hexmirror.catalog;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One release of a package in the catalog: what the signed registry says about it, whether the mirror
 * holds its tarball and docs, and its {@code metadata.config} when the tarball is mirrored.
 *
 * @param version such as {@code 2.0.0}
 * @param publishedAt from the registry, when it records it
 * @param retirement when the release is retired
 * @param advisoryIndexes indexes into the package's {@link CatalogPackage#advisories()}
 * @param dependencies in registry order
 * @param outerChecksum SHA-256 of the tarball as lowercase hex (what {@code mix.lock} records); empty when the
 *     registry has none
 * @param tarballMirrored whether the mirror holds {@code tarballs/NAME-VERSION.tar}
 * @param docsMirrored whether the mirror holds browsable docs for it ({@code hexdocs/NAME/VERSION/index.html})
 * @param meta its {@code metadata.config}; empty when the tarball is not mirrored or could not be read
 */
public record CatalogRelease(String version, Optional<Instant> publishedAt, Optional<Retirement> retirement,
        List<Integer> advisoryIndexes, List<Dependency> dependencies, String outerChecksum, boolean tarballMirrored,
        boolean docsMirrored, Optional<ReleaseMeta> meta) {
    public CatalogRelease {
        requireNonNull(version, "version is null");
        requireNonNull(publishedAt, "publishedAt is null");
        requireNonNull(retirement, "retirement is null");
        requireNonNull(outerChecksum, "outerChecksum is null");
        requireNonNull(meta, "meta is null");
        advisoryIndexes = List.copyOf(advisoryIndexes);
        dependencies = List.copyOf(dependencies);
    }

    public boolean retired() {
        return retirement.isPresent();
    }
}
