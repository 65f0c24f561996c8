package io.hexmirror.docs;

/**
 * The storage keys of the browsable docs tree. Everything derived lives under {@value #ROOT}, which
 * never clashes with {@code repo.hex.pm}'s own paths, so a static web server serves it as stored.
 */
public final class DocsPaths {
    /** The root of the derived tree. */
    public static final String ROOT = "hexdocs/";
    /** Where ExDoc's content-hashed {@code dist/} files are kept once for all packages. */
    public static final String SHARED_DIST = ROOT + "_dist/";
    /** The page listing every package with docs. */
    public static final String LIST_PAGE = ROOT + "index.html";
    /** Per docs version, the SHA-256 of the tarball the tree was derived from (never served). */
    static final String DERIVED_MARKERS = ".hexmirror/docs/derived/";

    private DocsPaths() {
    }

    /** {@code hexdocs/NAME/}. */
    public static String packagePrefix(String name) {
        return ROOT + name + "/";
    }

    /** {@code hexdocs/NAME/docs_config.js}: the version drop-down of every mirrored version of the package. */
    public static String docsConfigKey(String name) {
        return packagePrefix(name) + "docs_config.js";
    }

    /** {@code hexdocs/NAME/index.html}: sends the browser to the latest mirrored version. */
    public static String latestKey(String name) {
        return packagePrefix(name) + "index.html";
    }

    static String derivedMarkerKey(DocsRelease release) {
        return DERIVED_MARKERS + release.name() + "-" + release.version();
    }
}
