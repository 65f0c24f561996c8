package io.hexmirror.upstream;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;

/**
 * A response body is larger than the caller's limit. Detected from {@code Content-Length} before reading, or
 * while reading once the limit is passed; the rest of the body is never read. Never retried.
 */
public class UpstreamBodyTooLargeException extends IOException {
    private final URI uri;
    private final long limit;

    public UpstreamBodyTooLargeException(URI uri, long limit, String detail) {
        super("GET " + requireNonNull(uri, "uri is null") + ": " + detail + " exceeds the limit of " + limit + " bytes");
        this.uri = uri;
        this.limit = limit;
    }

    /** The URL requested. */
    public URI uri() {
        return uri;
    }

    /** The limit in bytes that the body exceeded. */
    public long limit() {
        return limit;
    }
}
