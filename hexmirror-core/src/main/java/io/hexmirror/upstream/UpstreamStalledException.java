package io.hexmirror.upstream;

import java.io.IOException;
import java.net.URI;

/**
 * Upstream accepted the connection but sent nothing within the read timeout, on the first attempt and again on
 * its one retry: an overloaded server, or a firewall or proxy that holds connections open without passing data.
 * Silence is retried only once (not as often as other transient failures) so that a stalled upstream is reported
 * within a minute with the default timeout instead of after minutes of retries. The message names the upstream
 * and the URL.
 */
public final class UpstreamStalledException extends UpstreamConnectionException {
    private final URI upstream;

    public UpstreamStalledException(URI upstream, URI uri, String message, int attempts, IOException cause) {
        super(uri, message, attempts, cause);
        this.upstream = upstream;
    }

    /** The upstream repository's base URL. */
    public URI upstream() {
        return upstream;
    }
}
