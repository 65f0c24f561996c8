package io.hexmirror.upstream;

import java.io.Closeable;
import java.io.IOException;
import java.util.OptionalLong;

/**
 * Files of the upstream repository a mirror copies, read over HTTP(S) with the retries, timeouts, rate cap and
 * proxy of the mirror's options: for extensions that fetch more than the registry from the same upstream (the
 * docs sync reads {@code docs/} tarballs). Get one from {@link io.hexmirror.HexMirror#openUpstream()} and close
 * it when the operation ends.
 *
 * <p>Paths are relative to the upstream's base URL ({@code names}, {@code docs/plug-1.15.0.tar.gz}). Failures are
 * {@link IOException}s whose messages name the URL: {@link UpstreamNotFoundException} (404, 410),
 * {@link UpstreamHttpException} (other statuses, after retries for 5xx, 408, 429),
 * {@link UpstreamBodyTooLargeException} (the caller's limit), {@link UpstreamConnectionException} (transport
 * failures, after retries). Thread-safe.
 */
public interface Upstream extends Closeable {
    /**
     * Reads a file into memory.
     *
     * @param etag an entity tag from an earlier {@link FetchResult#etag()}, sent as {@code If-None-Match}; or
     *     {@code null} for an unconditional request
     * @param maxBytes the largest body accepted
     * @return the body with its status and entity tag; {@link FetchResult#notModified()} when the entity tag matched
     */
    FetchResult fetch(String path, String etag, long maxBytes) throws IOException;

    /** A file's size from a {@code HEAD} request; empty when upstream does not send a length. */
    OptionalLong size(String path) throws IOException;

    /** HTTP requests sent so far (every attempt that reached the server). */
    long requestCount();

    /** Response body bytes received so far, failed attempts included. */
    long bytesReceived();
}
