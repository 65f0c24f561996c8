package io.hexmirror.internal.sync;

import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.registry.proto.Names;
import io.hexmirror.registry.proto.NamesPackage;
import io.hexmirror.registry.proto.Versions;
import io.hexmirror.registry.proto.VersionsPackage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The decoded {@code /names} and {@code /versions} of one side (upstream or mirror), indexed by
 * package name for the diff. Holds one small entry per package: for hex.pm, tens of thousands.
 */
record UpstreamIndexes(Map<String, NamesPackage> names, Map<String, VersionsPackage> versions) {

    static final UpstreamIndexes EMPTY = new UpstreamIndexes(Map.of(), Map.of());

    static UpstreamIndexes of(Names names, Versions versions) {
        Map<String, NamesPackage> byName = new HashMap<>(names.getPackagesCount() * 2);
        for (NamesPackage p : names.getPackagesList()) {
            // A name that could not come from hex.pm (../x, a/b) is never planned: see invalidNames.
            if (RegistryPaths.isValidName(p.getName())) {
                byName.put(p.getName(), p);
            }
        }
        Map<String, VersionsPackage> versionsByName = new HashMap<>(versions.getPackagesCount() * 2);
        for (VersionsPackage p : versions.getPackagesList()) {
            if (RegistryPaths.isValidName(p.getName())) {
                versionsByName.put(p.getName(), p);
            }
        }
        return new UpstreamIndexes(byName, versionsByName);
    }

    /** The names in {@code /names} that are not valid package names: skipped, and reported as upstream's problem. */
    static List<String> invalidNames(Names names) {
        List<String> invalid = new ArrayList<>();
        for (NamesPackage p : names.getPackagesList()) {
            if (!RegistryPaths.isValidName(p.getName())) {
                invalid.add(p.getName());
            }
        }
        return invalid;
    }

    /**
     * Whether a package's entries differ between two sides: its versions, retirements, advisories
     * (all in {@code /versions}) or its {@code updated_at} (in {@code /names}, which also moves when a
     * release is replaced under the same version).
     */
    boolean differsFrom(UpstreamIndexes other, String name) {
        return !Objects.equals(versions.get(name), other.versions.get(name))
                || !Objects.equals(names.get(name), other.names.get(name));
    }
}
