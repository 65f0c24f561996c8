package io.hexmirror.testkit.upstream;

import static java.util.Objects.requireNonNull;

import io.hexmirror.registry.RegistryPaths;

/**
 * A dependency of a fake release.
 *
 * @param name the package depended on
 * @param requirement a Hex requirement such as {@code ~> 1.0}
 * @param optional whether the dependency is optional
 * @param app the OTP application name of the dependency (usually the package name)
 * @param repository the repository of the dependency, or null for the same repository
 */
record DependencySpec(String name, String requirement, boolean optional, String app, String repository) {
    DependencySpec {
        RegistryPaths.checkName(name);
        requireNonNull(requirement, "requirement is null");
        requireNonNull(app, "app is null");
    }
}
