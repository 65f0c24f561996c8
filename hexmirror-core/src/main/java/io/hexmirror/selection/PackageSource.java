package io.hexmirror.selection;

import io.hexmirror.VerificationException;
import io.hexmirror.registry.proto.Package;
import java.io.IOException;
import java.util.Optional;

/**
 * Where {@link DependencyClosure} gets registry data: the decoded, verified {@code /packages/NAME}
 * file of a package. An implementation may fetch from upstream, read a mirror's storage or hold
 * data in memory; {@link DependencyClosure} calls {@link #load} at most once per package name.
 */
@FunctionalInterface
public interface PackageSource {
    /**
     * Loads the registry entry of one package.
     *
     * @param name a valid Hex package name
     * @return the package, or empty when the repository has no package of that name
     * @throws IOException           when the data cannot be fetched or read
     * @throws VerificationException when the data fails a signature, origin or decoding check
     */
    Optional<Package> load(String name) throws IOException, VerificationException;
}
