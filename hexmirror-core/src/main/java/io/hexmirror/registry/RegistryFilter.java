package io.hexmirror.registry;

import io.hexmirror.registry.proto.Names;
import io.hexmirror.registry.proto.NamesPackage;
import io.hexmirror.registry.proto.Package;
import io.hexmirror.registry.proto.Release;
import io.hexmirror.registry.proto.Versions;
import io.hexmirror.registry.proto.VersionsPackage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites registry messages to list only some releases, keeping every other field (unknown fields
 * included) and the repository name, so that a re-signed partial mirror looks to clients exactly like
 * upstream minus what it lacks.
 */
public final class RegistryFilter {
    private RegistryFilter() {
    }

    /** The package with only the given releases, in upstream's order. Advisories are kept whole. */
    public static Package keepReleases(Package pkg, Set<String> versions) {
        Package.Builder builder = pkg.toBuilder().clearReleases();
        for (Release release : pkg.getReleasesList()) {
            if (versions.contains(release.getVersion())) {
                builder.addReleases(release);
            }
        }
        return builder.build();
    }

    /**
     * The index with only the given packages, each with only the given versions; the retired and
     * advisory indexes are renumbered to match.
     */
    public static Versions keepReleases(Versions versions, Map<String, ? extends Set<String>> kept) {
        Versions.Builder builder = versions.toBuilder().clearPackages();
        for (VersionsPackage entry : versions.getPackagesList()) {
            Set<String> keep = kept.get(entry.getName());
            if (keep == null) {
                continue;
            }
            List<String> oldVersions = entry.getVersionsList();
            int[] newIndex = new int[oldVersions.size()];
            List<String> newVersions = new ArrayList<>();
            for (int i = 0; i < oldVersions.size(); i++) {
                if (keep.contains(oldVersions.get(i))) {
                    newIndex[i] = newVersions.size();
                    newVersions.add(oldVersions.get(i));
                } else {
                    newIndex[i] = -1;
                }
            }
            VersionsPackage.Builder filtered = entry.toBuilder().clearVersions().addAllVersions(newVersions)
                    .clearRetired().clearWithAdvisories();
            entry.getRetiredList().forEach(i -> renumber(i, newIndex).ifPresent(filtered::addRetired));
            entry.getWithAdvisoriesList().forEach(i -> renumber(i, newIndex).ifPresent(filtered::addWithAdvisories));
            builder.addPackages(filtered);
        }
        return builder.build();
    }

    /** The names index with only the given packages. */
    public static Names keepPackages(Names names, Set<String> kept) {
        Names.Builder builder = names.toBuilder().clearPackages();
        for (NamesPackage entry : names.getPackagesList()) {
            if (kept.contains(entry.getName())) {
                builder.addPackages(entry);
            }
        }
        return builder.build();
    }

    private static java.util.Optional<Integer> renumber(int oldIndex, int[] newIndex) {
        if (oldIndex < 0 || oldIndex >= newIndex.length || newIndex[oldIndex] < 0) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(newIndex[oldIndex]);
    }
}
