package io.hexmirror.upstream;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;

/** Upstream answered 404 Not Found or 410 Gone: the file does not exist there. Never retried. */
public class UpstreamNotFoundException extends IOException {
    private final URI uri;
    private final int status;

    public UpstreamNotFoundException(URI uri, int status) {
        super("GET " + requireNonNull(uri, "uri is null") + ": not found upstream (HTTP " + status + ")");
        this.uri = uri;
        this.status = status;
    }

    /** The URL requested. */
    public URI uri() {
        return uri;
    }

    /** 404 or 410. */
    public int status() {
        return status;
    }
}
