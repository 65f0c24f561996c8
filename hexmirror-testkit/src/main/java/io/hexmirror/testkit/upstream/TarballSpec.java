package io.hexmirror.testkit.upstream;

import java.util.List;

/**
 * Everything that determines the bytes of a generated package tarball: the same spec always yields
 * the same bytes, so tarballs are rebuilt on demand instead of being kept in memory.
 *
 * @param revision bumped by {@link FakeHexRepository#replaceTarball} to get new content (and checksums)
 * @param payloadBytes size of an incompressible {@code priv/payload.bin}, 0 for none
 */
record TarballSpec(
        String repository,
        String name,
        String version,
        String app,
        String description,
        List<String> licenses,
        List<String> buildTools,
        List<DependencySpec> dependencies,
        int revision,
        int payloadBytes) {
    TarballSpec {
        licenses = List.copyOf(licenses);
        buildTools = List.copyOf(buildTools);
        dependencies = List.copyOf(dependencies);
    }

    TarballSpec withRevision(int newRevision) {
        return new TarballSpec(repository, name, version, app, description, licenses, buildTools, dependencies,
                newRevision, payloadBytes);
    }
}
