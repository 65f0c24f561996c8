package io.hexmirror.mirror;

import static java.util.Objects.requireNonNull;

import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.storage.WriteOptions;
import java.util.Locale;
import java.util.Map;

/**
 * The one place that decides the {@code Content-Type} of a mirror's key. Core passes it to the
 * store with every write (a bucket served directly over HTTP answers with it), the built-in server
 * sends it, and the test upstream serves with it, so that all of them agree.
 *
 * <p>The Hex layout comes first and follows what {@code repo.hex.pm} serves: the registry files
 * ({@code names}, {@code versions}, {@code packages/NAME}) and package tarballs are
 * {@code application/octet-stream}, whatever their name looks like. Their gzip is part of the
 * file, which clients gunzip and verify themselves, so no type given here ever comes with a
 * {@code Content-Encoding}. {@code public_key} is PEM text. Every other key (docs tarballs, the
 * installer lists, unpacked docs and web pages) gets its type from its extension; text types say
 * UTF-8. Anything unknown is {@code application/octet-stream}.
 */
public final class ContentTypes {
    /** Opaque bytes: the registry files, the tarballs and every key without a known extension. */
    public static final String OCTET_STREAM = "application/octet-stream";
    /** The type of {@code public_key}, a PEM file. */
    public static final String PEM = "text/plain; charset=utf-8";

    private static final String UTF_8 = "; charset=utf-8";

    /** By lower-case extension, without the dot. */
    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            // Docs tarballs (docs/NAME-VERSION.tar.gz). hex.pm sets no type for them; this one tells
            // browsers what they download and matches the nginx configuration.
            Map.entry("gz", "application/gzip"),
            Map.entry("tgz", "application/gzip"),
            // The installer lists and their signatures (installs/hex-1.x.csv, .csv.signed: base64 text).
            Map.entry("csv", "text/csv" + UTF_8),
            Map.entry("signed", "text/plain" + UTF_8),
            // Unpacked docs (ExDoc output) and the mirror's own pages.
            Map.entry("html", "text/html" + UTF_8),
            Map.entry("htm", "text/html" + UTF_8),
            Map.entry("css", "text/css" + UTF_8),
            Map.entry("js", "text/javascript" + UTF_8),
            Map.entry("mjs", "text/javascript" + UTF_8),
            Map.entry("json", "application/json"),
            Map.entry("map", "application/json"),
            Map.entry("txt", "text/plain" + UTF_8),
            Map.entry("md", "text/markdown" + UTF_8),
            Map.entry("xml", "application/xml"),
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
            Map.entry("pdf", "application/pdf"),
            Map.entry("wasm", "application/wasm"));

    private ContentTypes() {
    }

    /**
     * The content type of a key (a storage key, or a URL path without its leading slash).
     *
     * @throws NullPointerException when the key is null
     */
    public static String forKey(String key) {
        requireNonNull(key, "key is null");
        if (key.equals(RegistryPaths.NAMES) || key.equals(RegistryPaths.VERSIONS)
                || key.startsWith(RegistryPaths.PACKAGES_PREFIX) || key.startsWith(RegistryPaths.TARBALLS_PREFIX)) {
            return OCTET_STREAM;
        }
        if (key.equals(RegistryPaths.PUBLIC_KEY)) {
            return PEM;
        }
        int slash = key.lastIndexOf('/');
        int dot = key.lastIndexOf('.');
        if (dot <= slash + 1) {
            // No extension, or a dot file such as ".hexmirror-index".
            return OCTET_STREAM;
        }
        return BY_EXTENSION.getOrDefault(key.substring(dot + 1).toLowerCase(Locale.ROOT), OCTET_STREAM);
    }

    /** Options for replacing the object of a key in a mirror, with the key's {@link #forKey content type}. */
    public static WriteOptions writeOptionsFor(String key) {
        return WriteOptions.defaults().withContentType(forKey(key));
    }
}
