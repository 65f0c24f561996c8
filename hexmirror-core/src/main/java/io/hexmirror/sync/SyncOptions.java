package io.hexmirror.sync;

import static java.util.Objects.requireNonNull;

import io.hexmirror.registry.RegistryPaths;
import java.util.Set;
import java.util.TreeSet;

/**
 * What to mirror.
 *
 * @param packages the packages to mirror; empty means every package upstream
 * @param concurrency how many packages and tarballs are fetched at once
 */
public record SyncOptions(Set<String> packages, int concurrency) {
    public static final int DEFAULT_CONCURRENCY = 8;

    public SyncOptions {
        requireNonNull(packages, "packages is null");
        packages.forEach(RegistryPaths::checkName);
        packages = Set.copyOf(new TreeSet<>(packages));
        if (concurrency < 1 || concurrency > 256) {
            throw new IllegalArgumentException("concurrency must be between 1 and 256, not " + concurrency);
        }
    }

    public static SyncOptions all() {
        return new SyncOptions(Set.of(), DEFAULT_CONCURRENCY);
    }

    public static SyncOptions only(Set<String> packages) {
        return new SyncOptions(packages, DEFAULT_CONCURRENCY);
    }

    public SyncOptions withConcurrency(int concurrency) {
        return new SyncOptions(packages, concurrency);
    }

    boolean selects(String name) {
        return packages.isEmpty() || packages.contains(name);
    }
}
