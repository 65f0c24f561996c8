package io.hexmirror.selection;

import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.version.Requirement;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A root of a selection: a package and, optionally, a requirement its versions must satisfy.
 * Without a requirement every release is selected, except pre-releases when the request does not
 * allow them (the same as {@code >= 0.0.0}).
 *
 * @param name        a valid Hex package name
 * @param requirement the versions wanted, or empty for all
 */
public record PackageSelector(String name, Optional<Requirement> requirement) {
    public PackageSelector {
        RegistryPaths.checkName(name);
        requireNonNull(requirement, "requirement is null");
    }

    /** All releases of {@code name}. */
    public static PackageSelector of(String name) {
        return new PackageSelector(name, Optional.empty());
    }

    /** The releases of {@code name} that satisfy {@code requirement}. */
    public static PackageSelector of(String name, Requirement requirement) {
        return new PackageSelector(name, Optional.of(requirement));
    }

    @Override
    public String toString() {
        return requirement.map(r -> name + " " + r).orElse(name);
    }
}
