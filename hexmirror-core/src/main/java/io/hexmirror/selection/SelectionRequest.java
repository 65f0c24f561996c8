package io.hexmirror.selection;

import static java.util.Objects.requireNonNull;

import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.version.Requirement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What to mirror, as {@link DependencyClosure#compute} reads it.
 *
 * @param packages         root selectors: packages with an optional requirement
 * @param locked           exact releases pinned by lock files, with their recorded checksums
 * @param excludes         package names never to select, neither as roots nor as dependencies
 * @param includeOptional  whether optional dependencies are followed (default true); a package that
 *                         is only an optional dependency is left out when false, but is still
 *                         selected if some selected release depends on it non-optionally
 * @param allowPreReleases whether pre-release versions match requirements by precedence alone
 *                         (true), or only where a clause's operand is itself a pre-release, as Hex
 *                         resolves (false, the default); see {@link Requirement#matches}
 * @param newestN          if present, each requirement contributes only the newest N of the
 *                         releases it matches (see {@link DependencyClosure} for the exact rule);
 *                         absent (the default) selects every matching release
 */
public record SelectionRequest(List<PackageSelector> packages, List<LockedRelease> locked, Set<String> excludes,
                               boolean includeOptional, boolean allowPreReleases, Optional<Integer> newestN) {
    public SelectionRequest {
        packages = List.copyOf(packages);
        locked = List.copyOf(locked);
        TreeSet<String> names = new TreeSet<>();
        for (String name : excludes) {
            names.add(RegistryPaths.checkName(name));
        }
        excludes = Collections.unmodifiableSortedSet(names);
        requireNonNull(newestN, "newestN is null");
        newestN.ifPresent(n -> {
            if (n < 1) {
                throw new IllegalArgumentException("newestN must be at least 1, was " + n);
            }
        });
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects a request; starts with no entries, optional dependencies on, pre-releases off, no newestN. */
    public static final class Builder {
        private final List<PackageSelector> packages = new ArrayList<>();
        private final List<LockedRelease> locked = new ArrayList<>();
        private final Set<String> excludes = new TreeSet<>();
        private boolean includeOptional = true;
        private boolean allowPreReleases;
        private Optional<Integer> newestN = Optional.empty();

        private Builder() {
        }

        public Builder addPackage(PackageSelector selector) {
            packages.add(requireNonNull(selector, "selector is null"));
            return this;
        }

        public Builder addPackage(String name) {
            return addPackage(PackageSelector.of(name));
        }

        public Builder addPackage(String name, Requirement requirement) {
            return addPackage(PackageSelector.of(name, requirement));
        }

        public Builder addLocked(LockedRelease release) {
            locked.add(requireNonNull(release, "release is null"));
            return this;
        }

        public Builder addLocked(Collection<LockedRelease> releases) {
            releases.forEach(this::addLocked);
            return this;
        }

        public Builder exclude(String name) {
            excludes.add(RegistryPaths.checkName(name));
            return this;
        }

        public Builder includeOptional(boolean value) {
            includeOptional = value;
            return this;
        }

        public Builder allowPreReleases(boolean value) {
            allowPreReleases = value;
            return this;
        }

        public Builder newestN(int n) {
            return newestN(Optional.of(n));
        }

        public Builder newestN(Optional<Integer> n) {
            newestN = requireNonNull(n, "n is null");
            return this;
        }

        public SelectionRequest build() {
            return new SelectionRequest(packages, locked, excludes, includeOptional, allowPreReleases, newestN);
        }
    }
}
