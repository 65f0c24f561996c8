package io.hexmirror.upstream;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;

/**
 * A request failed below the level of HTTP statuses: connection refused or reset, a timeout, a body cut short,
 * a TLS or protocol error, an unknown host, too many redirects. Transient causes were retried before this is
 * thrown; {@link #getCause()} is the last failure. The message names the URL (and the proxy, if one was used)
 * but never proxy credentials.
 */
public class UpstreamConnectionException extends IOException {
    private final URI uri;
    private final int attempts;

    public UpstreamConnectionException(URI uri, String message, int attempts, IOException cause) {
        super(message, cause);
        this.uri = requireNonNull(uri, "uri is null");
        this.attempts = attempts;
    }

    /** The URL requested. */
    public URI uri() {
        return uri;
    }

    /** How many times the request was sent before giving up. */
    public int attempts() {
        return attempts;
    }
}
