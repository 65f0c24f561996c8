package io.hexmirror.internal.sync;

import io.hexmirror.registry.proto.VersionsPackage;
import java.util.Optional;
import java.util.Set;

/**
 * One package to bring up to date.
 *
 * @param name the package
 * @param wasPresent whether the mirror served a file for it before this sync
 * @param indexed its entry in the mirror's copy of upstream's {@code /versions}, or null
 * @param prefetched its package file when the planner already has it
 * @param wanted the versions to mirror; empty means every release (a full mirror)
 */
record PackageTask(String name, boolean wasPresent, VersionsPackage indexed,
        Optional<UpstreamPackages.Fetched> prefetched, Optional<Set<String>> wanted) {
}
