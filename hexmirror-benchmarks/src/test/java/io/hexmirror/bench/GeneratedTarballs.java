package io.hexmirror.bench;

import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.testkit.upstream.FakeHexRepository;

/** What the tests of the benchmarks' generated upstreams measure of their tarballs. */
final class GeneratedTarballs {
    private GeneratedTarballs() {
    }

    /** The mean size in bytes of every release's tarball in the repository. */
    static double meanBytes(FakeHexRepository repository) {
        return repository.packageNames().stream()
                .flatMap(name -> repository.versions(name).stream().map(v -> RegistryPaths.tarballKey(name, v)))
                .mapToLong(path -> repository.file(path).orElseThrow().length)
                .average().orElseThrow();
    }
}
