package io.hexmirror.tarball;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One entry of a package's {@code requirements} in {@code metadata.config}.
 *
 * @param name the required package's name
 * @param app its OTP application name; the package name when the metadata gives none
 * @param requirement the version requirement, such as {@code "~> 1.0"}
 * @param optional whether the dependency is optional; false when the metadata gives none
 * @param repository the repository the package comes from; empty when the metadata gives none, which
 *     means the package's own repository
 */
public record MetadataRequirement(String name, String app, String requirement, boolean optional, Optional<String> repository) {
    public MetadataRequirement {
        requireNonNull(name, "name is null");
        requireNonNull(app, "app is null");
        requireNonNull(requirement, "requirement is null");
        requireNonNull(repository, "repository is null");
    }
}
