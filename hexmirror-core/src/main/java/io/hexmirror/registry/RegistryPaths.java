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

    private static final int MAX_NAME = 200;

    private RegistryPaths() {
    }

    public static String packageKey(String name) {
        return PACKAGES_PREFIX + checkName(name);
    }

    /** The longest file name most file systems take, in bytes (names here are ASCII). */
    private static final int MAX_FILE_NAME = 255;

    public static String tarballKey(String name, String version) {
        String file = checkName(name) + "-" + checkVersion(version) + ".tar";
        if (file.length() > MAX_FILE_NAME) {
            throw new IllegalArgumentException("tarball name '" + file + "' is longer than " + MAX_FILE_NAME + " characters");
        }
        return TARBALLS_PREFIX + file;
    }

    /**
     * Whether a release from upstream can be mirrored: a valid name and version whose tarball's
     * file name fits a file system. Anything else is an upstream problem, skipped and reported.
     */
    public static boolean isValidRelease(String name, String version) {
        return isValidName(name) && isValidVersion(version) && name.length() + version.length() + 5 <= MAX_FILE_NAME;
    }

    /**
     * Refuses a package name that could not come from hex.pm; names from upstream end up in storage
     * keys and URLs, so a hostile name such as {@code ../x} must never get that far.
     */
    public static String checkName(String name) {
        if (!isValidName(name)) {
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

    /**
     * Whether the name could come from hex.pm: letters, digits and underscores, starting with a
     * letter, at most {@value #MAX_NAME} characters (far above any real name, and short enough for
     * the tarball's file name to take a version too).
     */
    public static boolean isValidName(String name) {
        return name != null && name.length() <= MAX_NAME && PACKAGE_NAME.matcher(name).matches();
    }

    public static boolean isValidVersion(String version) {
        return version != null && version.length() <= 255 && VERSION.matcher(version).matches();
    }
}
