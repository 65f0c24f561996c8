package io.hexmirror.server;

import java.util.Locale;
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
 * Content types follow hex.pm too: the gzipped registry files are opaque bytes
 * ({@code application/octet-stream}), and their gzip is part of the file, never a transfer
 * {@code Content-Encoding}.
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
    HEXDOCS("hexdocs/", true, RegistryFiles.MAX_AGE_REGISTRY);

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

    /** The {@code Content-Type} header for the key, encoded once. */
    HttpField contentTypeField(String key) {
        String type = contentType(key);
        HttpField field = ContentTypes.FIELDS.get(type);
        return field != null ? field : new HttpField(HttpHeader.CONTENT_TYPE, type);
    }

    /** Every content type {@link #contentType} gives, as pre-encoded header fields. */
    private static final class ContentTypes {
        static final Map<String, HttpField> FIELDS = Stream.concat(Stream.of(RegistryFiles.OCTET_STREAM, "application/gzip",
                        "text/plain; charset=utf-8", "text/csv; charset=utf-8"), WebTypes.BY_EXTENSION.values().stream())
                .distinct()
                .collect(Collectors.toUnmodifiableMap(t -> t, t -> new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, t)));
    }

    String contentType(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        switch (this) {
            case PUBLIC_KEY:
                return "text/plain; charset=utf-8";
            case DOCS:
                return lower.endsWith(".tar.gz") || lower.endsWith(".tgz") ? "application/gzip" : RegistryFiles.OCTET_STREAM;
            case HEXDOCS:
                int dot = lower.lastIndexOf('.');
                String type = dot < 0 || dot < lower.lastIndexOf('/') ? null : WebTypes.BY_EXTENSION.get(lower.substring(dot + 1));
                return type == null ? RegistryFiles.OCTET_STREAM : type;
            case INSTALLS:
                if (lower.endsWith(".csv")) {
                    return "text/csv; charset=utf-8";
                }
                if (lower.endsWith(".signed")) {
                    return "text/plain; charset=utf-8";
                }
                return RegistryFiles.OCTET_STREAM;
            default:
                return RegistryFiles.OCTET_STREAM;
        }
    }

    /** The list shown in a 404 for a path outside every area. */
    static String describeAll() {
        StringBuilder out = new StringBuilder();
        for (ServedArea area : values()) {
            out.append(out.length() == 0 ? "" : ", ").append('/').append(area.path);
        }
        return out.toString();
    }

    /** Content types of the files ExDoc writes, by extension; anything else is served as opaque bytes. */
    private static final class WebTypes {
        static final Map<String, String> BY_EXTENSION = Map.ofEntries(
                Map.entry("html", "text/html; charset=utf-8"),
                Map.entry("htm", "text/html; charset=utf-8"),
                Map.entry("js", "text/javascript; charset=utf-8"),
                Map.entry("css", "text/css; charset=utf-8"),
                Map.entry("json", "application/json"),
                Map.entry("map", "application/json"),
                Map.entry("txt", "text/plain; charset=utf-8"),
                Map.entry("md", "text/markdown; charset=utf-8"),
                Map.entry("svg", "image/svg+xml"),
                Map.entry("png", "image/png"),
                Map.entry("jpg", "image/jpeg"),
                Map.entry("jpeg", "image/jpeg"),
                Map.entry("gif", "image/gif"),
                Map.entry("webp", "image/webp"),
                Map.entry("ico", "image/x-icon"),
                Map.entry("woff", "font/woff"),
                Map.entry("woff2", "font/woff2"),
                Map.entry("ttf", "font/ttf"),
                Map.entry("otf", "font/otf"),
                Map.entry("eot", "application/vnd.ms-fontobject"),
                Map.entry("epub", "application/epub+zip"),
                Map.entry("xml", "application/xml"));
    }

    /** Constants shared by the areas (an enum cannot refer to its own static fields in constructors). */
    private static final class RegistryFiles {
        static final long MAX_AGE_REGISTRY = 3600;
        static final long MAX_AGE_TARBALL = 7 * 24 * 3600;
        static final String OCTET_STREAM = "application/octet-stream";
    }
}
