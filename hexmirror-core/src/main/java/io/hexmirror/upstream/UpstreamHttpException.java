package io.hexmirror.upstream;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * Upstream answered with a status the client cannot use: a 4xx other than 404/410 (not retried, except 408
 * and 429), or a 5xx/408/429 that persisted through every retry. The message names the URL and the status.
 */
public class UpstreamHttpException extends IOException {
    private final URI uri;
    private final int status;
    private final Duration retryAfter;

    public UpstreamHttpException(URI uri, int status, String message) {
        this(uri, status, message, null);
    }

    public UpstreamHttpException(URI uri, int status, String message, Duration retryAfter) {
        super(message);
        this.uri = requireNonNull(uri, "uri is null");
        this.status = status;
        this.retryAfter = retryAfter;
    }

    /** The URL requested. */
    public URI uri() {
        return uri;
    }

    /** The HTTP status of the last response. */
    public int status() {
        return status;
    }

    /** The delay the response's {@code Retry-After} header asked for, or {@code null}. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
