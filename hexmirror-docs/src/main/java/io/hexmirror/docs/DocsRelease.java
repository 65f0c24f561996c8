package io.hexmirror.docs;

import io.hexmirror.registry.RegistryPaths;
import java.util.Optional;

/**
 * One docs version: a package (or one of Elixir's own applications) and a release version. Knows
 * the storage keys of its verbatim tarball and of its derived tree.
 *
 * @param name a valid Hex package name
 * @param version a valid Hex version
 */
public record DocsRelease(String name, String version) {
    /** Where verbatim docs tarballs live, as on {@code repo.hex.pm}. */
    public static final String TARBALLS_PREFIX = "docs/";
    private static final String TARBALL_SUFFIX = ".tar.gz";

    public DocsRelease {
        RegistryPaths.checkName(name);
        RegistryPaths.checkVersion(version);
    }

    /** {@code docs/NAME-VERSION.tar.gz}, the key {@code mix hex.docs fetch} downloads. */
    public String tarballKey() {
        return TARBALLS_PREFIX + name + "-" + version + TARBALL_SUFFIX;
    }

    /** {@code hexdocs/NAME/VERSION/}, the prefix of the browsable tree derived from the tarball. */
    public String treePrefix() {
        return DocsPaths.packagePrefix(name) + version + "/";
    }

    /**
     * The release a tarball key names, or empty when the key is not {@code docs/NAME-VERSION.tar.gz}.
     * Package names hold no '-', so the first one separates name and version.
     */
    public static Optional<DocsRelease> fromTarballKey(String key) {
        if (!key.startsWith(TARBALLS_PREFIX) || !key.endsWith(TARBALL_SUFFIX)) {
            return Optional.empty();
        }
        String stem = key.substring(TARBALLS_PREFIX.length(), key.length() - TARBALL_SUFFIX.length());
        int dash = stem.indexOf('-');
        if (dash <= 0) {
            return Optional.empty();
        }
        String name = stem.substring(0, dash);
        String version = stem.substring(dash + 1);
        // The constructor checks both (one regular expression match each: a listing of docs/ makes one per version).
        try {
            return Optional.of(new DocsRelease(name, version));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return name + " " + version;
    }
}
