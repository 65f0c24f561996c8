package io.hexmirror.upstream;

import java.io.IOException;
import java.net.URI;

/**
 * A request did not complete within its overall deadline ({@link io.hexmirror.MirrorOptions.Builder#requestDeadline}):
 * upstream answers, but too slowly to finish (a byte now and then keeps the read timeout from firing), or
 * sends a body that never ends. Not retried: another attempt would only hold the mirror's lock as long again.
 */
public final class UpstreamDeadlineException extends UpstreamConnectionException {
    public UpstreamDeadlineException(URI uri, String message, int attempts, IOException cause) {
        super(uri, message, attempts, cause);
    }
}
