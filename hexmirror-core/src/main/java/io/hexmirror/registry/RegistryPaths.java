package io.hexmirror.registry;

import java.util.regex.Pattern;

/**
 * The keys of a Hex repository's files, relative to its root: the same strings serve as storage keys
 * and URL paths.
 */
public final class RegistryPaths {
    public static final String NAMES = "names";
    public static final String VERSIONS = "versions";
    public static final String PACKAGES_PREFIX = "packages/";
    public static final String TARBALLS_PREFIX = "tarballs/";
    public static final String PUBLIC_KEY = "public_key";

    /** Package names on hex.pm: letters, digits and underscores, starting with a letter. */
    private static final Pattern PACKAGE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    /** Versions as Hex writes them: semver with optional pre-release and build parts. */
    private static final Pattern VERSION = Pattern.compile("[0-9]+\\.[0-9]+\\.[0-9]+(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?");

    private RegistryPaths() {
    }

    public static String packageKey(String name) {
        return PACKAGES_PREFIX + checkName(name);
    }

    public static String tarballKey(String name, String version) {
        return TARBALLS_PREFIX + checkName(name) + "-" + checkVersion(version) + ".tar";
    }

    /**
     * Refuses a package name that could not come from hex.pm; names from upstream end up in storage
     * keys and URLs, so a hostile name such as {@code ../x} must never get that far.
     */
    public static String checkName(String name) {
        if (name == null || name.length() > 255 || !PACKAGE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid package name '" + name + "'");
        }
        return name;
    }

    public static String checkVersion(String version) {
        if (version == null || version.length() > 255 || !VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("invalid version '" + version + "'");
        }
        return version;
    }

    public static boolean isValidName(String name) {
        return name != null && name.length() <= 255 && PACKAGE_NAME.matcher(name).matches();
    }

    public static boolean isValidVersion(String version) {
        return version != null && version.length() <= 255 && VERSION.matcher(version).matches();
    }
}
