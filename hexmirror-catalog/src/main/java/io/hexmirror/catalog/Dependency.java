package io.hexmirror.catalog;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One dependency of a release, as the signed registry lists it.
 *
 * @param name the required package
 * @param requirement its version requirement, such as {@code "~> 1.0"}
 * @param optional whether the dependency is optional
 * @param app the OTP application the dependency provides
 * @param repository the repository it comes from; empty for the release's own repository
 */
public record Dependency(String name, String requirement, boolean optional, String app, Optional<String> repository) {
    public Dependency {
        requireNonNull(name, "name is null");
        requireNonNull(requirement, "requirement is null");
        requireNonNull(app, "app is null");
        requireNonNull(repository, "repository is null");
    }
}
