package io.hexmirror.storage;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Set;

/**
 * Opens stores for one URI scheme. Found through {@link java.util.ServiceLoader}: a plugin lists its
 * implementation in {@code META-INF/services/io.hexmirror.storage.StorageProvider}.
 */
public interface StorageProvider {

    /** The URI scheme this provider serves, for example {@code file} or {@code s3}. */
    String scheme();

    /**
     * Opens the store a URI names.
     *
     * @param uri the location, with the query part already moved into {@code options}
     * @param options configuration from the URI query ({@code ?key=value&...}) and the caller; a
     *     provider rejects keys it does not know, naming them
     * @throws IllegalArgumentException when the URI or an option is invalid
     * @throws IOException when the store cannot be reached or created
     */
    Storage open(URI uri, Map<String, String> options) throws IOException;

    /**
     * Opens a store that must exist already, for work that only reads (showing a mirror's status,
     * verifying it, serving it): creates nothing, so a mistyped path or bucket is reported instead of
     * appearing as a new, empty mirror.
     *
     * <p>The default calls {@link #open}, which is right for a provider whose {@code open} never
     * creates anything; a provider whose {@code open} creates the store overrides this.
     *
     * @throws StorageNotFoundException when the store does not exist; the message names it
     * @throws IllegalArgumentException when the URI or an option is invalid
     * @throws IOException when the store cannot be reached
     */
    default Storage openExisting(URI uri, Map<String, String> options) throws IOException {
        return open(uri, options);
    }

    /** Option names whose values are secrets and must never be printed. */
    default Set<String> secretOptions() {
        return Set.of();
    }
}
