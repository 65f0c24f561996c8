package io.hexmirror.server;

import io.hexmirror.mirror.ContentTypes;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;

/**
 * The parts of a Hex repository this server serves, with the headers each gets. Anything outside
 * them (including the mirror's own {@code .hexmirror/} data) is never served.
 *
 * <p>Cache lifetimes follow hex.pm: registry files change whenever a package is published, so an
 * hour; a tarball's name can only be reused within an hour of publication, so a week is safe.
 * Content types are the mirror's ({@link ContentTypes}): the gzipped registry files are opaque bytes
 * ({@code application/octet-stream}) as on hex.pm, and their gzip is part of the file, never a
 * transfer {@code Content-Encoding}.
 */
enum ServedArea {
    NAMES("names", false, RegistryFiles.MAX_AGE_REGISTRY),
    VERSIONS("versions", false, RegistryFiles.MAX_AGE_REGISTRY),
    PUBLIC_KEY("public_key", false, RegistryFiles.MAX_AGE_REGISTRY),
    PACKAGES("packages/", false, RegistryFiles.MAX_AGE_REGISTRY),
    TARBALLS("tarballs/", false, RegistryFiles.MAX_AGE_TARBALL),
    DOCS("docs/", false, RegistryFiles.MAX_AGE_REGISTRY),
    INSTALLS("installs/", true, RegistryFiles.MAX_AGE_REGISTRY),
    /** The browsable docs derived from the docs tarballs (HTML, scripts, styles, fonts). */
    HEXDOCS("hexdocs/", true, RegistryFiles.MAX_AGE_REGISTRY),
    /** The catalog's front page, written next to the repository's files so any web server shows it at {@code /}. */
    FRONT_PAGE("index.html", false, RegistryFiles.MAX_AGE_PAGES),
    /** The catalog's pages, style sheet, script and search index. */
    WEB("browse/", true, RegistryFiles.MAX_AGE_PAGES),
    /** The catalog's data, as JSON. */
    CATALOG("catalog/", true, RegistryFiles.MAX_AGE_PAGES);

    private final String path;
    private final boolean nested;
    private final String cacheControl;
    private final HttpField cacheControlField;

    ServedArea(String path, boolean nested, long maxAgeSeconds) {
        this.path = path;
        this.nested = nested;
        this.cacheControl = "public, max-age=" + maxAgeSeconds;
        this.cacheControlField = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, cacheControl);
    }

    /**
     * The area a valid storage key belongs to, or empty when the server must not serve it. Areas
     * ending in '/' hold files one level deep, except {@code installs/} whose builds sit in
     * per-Elixir-version folders.
     */
    static Optional<ServedArea> of(String key) {
        for (ServedArea area : values()) {
            if (!area.path.endsWith("/")) {
                if (key.equals(area.path)) {
                    return Optional.of(area);
                }
            } else if (key.startsWith(area.path) && key.length() > area.path.length()
                    && (area.nested || key.indexOf('/', area.path.length()) < 0)) {
                return Optional.of(area);
            }
        }
        return Optional.empty();
    }

    String cacheControl() {
        return cacheControl;
    }

    /** The {@code Cache-Control} header, encoded once. */
    HttpField cacheControlField() {
        return cacheControlField;
    }

    /** The {@code Content-Type} header for the key, as {@link ContentTypes} decides it; the common ones encoded once. */
    HttpField contentTypeField(String key) {
        String type = ContentTypes.forKey(key);
        HttpField field = EncodedContentTypes.FIELDS.get(type);
        return field != null ? field : new HttpField(HttpHeader.CONTENT_TYPE, type);
    }

    /** The content types of the Hex layout, the browsable docs' common files and the catalog's pages, as pre-encoded header fields. */
    private static final class EncodedContentTypes {
        static final Map<String, HttpField> FIELDS = Stream.of(ContentTypes.OCTET_STREAM, ContentTypes.PEM,
                        ContentTypes.forKey("docs/x.tar.gz"), ContentTypes.forKey("installs/hex.csv"),
                        ContentTypes.forKey("hexdocs/x.html"), ContentTypes.forKey("hexdocs/x.css"),
                        ContentTypes.forKey("hexdocs/x.js"), ContentTypes.forKey("hexdocs/x.json"),
                        ContentTypes.forKey("browse/index.html"), ContentTypes.forKey("browse/site.css"),
                        ContentTypes.forKey("browse/site.js"), ContentTypes.forKey("catalog/packages.json"))
                .distinct()
                .collect(Collectors.toUnmodifiableMap(t -> t, t -> new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, t)));
    }

    /** The list shown in a 404 for a path outside every area. */
    static String describeAll() {
        StringBuilder out = new StringBuilder();
        for (ServedArea area : values()) {
            out.append(out.length() == 0 ? "" : ", ").append('/').append(area.path);
        }
        return out.toString();
    }

    /** Constants shared by the areas (an enum cannot refer to its own static fields in constructors). */
    private static final class RegistryFiles {
        static final long MAX_AGE_REGISTRY = 3600;
        static final long MAX_AGE_TARBALL = 7 * 24 * 3600;
        /** Catalog pages change with every sync; a few minutes keeps browsing snappy and fresh. */
        static final long MAX_AGE_PAGES = 300;
    }
}
