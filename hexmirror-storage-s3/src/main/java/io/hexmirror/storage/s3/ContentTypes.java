package io.hexmirror.storage.s3;

import io.hexmirror.registry.RegistryPaths;

/**
 * The Content-Type an object is stored with, chosen from its key, so that a bucket served directly
 * over HTTP (a static website, a CDN in front of it) answers clients as {@code repo.hex.pm} does.
 * Registry files are gzip inside the file, not a transfer encoding: they must never get a
 * {@code Content-Encoding}, so they are plain binary here.
 */
final class ContentTypes {
    static final String OCTET_STREAM = "application/octet-stream";

    private ContentTypes() {
    }

    /** The type for a key relative to the store's prefix. */
    static String forKey(String key) {
        if (key.equals(RegistryPaths.NAMES) || key.equals(RegistryPaths.VERSIONS) || key.startsWith(RegistryPaths.PACKAGES_PREFIX)) {
            return OCTET_STREAM;
        }
        if (key.startsWith(RegistryPaths.TARBALLS_PREFIX) && key.endsWith(".tar")) {
            return "application/x-tar";
        }
        if (key.startsWith("docs/") && key.endsWith(".tar.gz")) {
            return "application/gzip";
        }
        if (key.equals(RegistryPaths.PUBLIC_KEY)) {
            return "text/plain";
        }
        if (key.endsWith(".csv")) {
            return "text/csv";
        }
        if (key.endsWith(".html")) {
            return "text/html";
        }
        if (key.endsWith(".json")) {
            return "application/json";
        }
        return OCTET_STREAM;
    }
}
