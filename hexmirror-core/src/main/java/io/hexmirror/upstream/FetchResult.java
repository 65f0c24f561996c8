package io.hexmirror.upstream;

import static java.util.Objects.requireNonNull;

/**
 * A file read into memory by {@link Upstream#fetch}.
 *
 * @param status the final HTTP status: a 2xx code, or 304 when the conditional request matched
 * @param body the body exactly as received (never decompressed); empty for 304. Not copied: do not modify
 * @param etag the response's {@code ETag} header verbatim (quotes and {@code W/} included), or {@code null} when
 *     absent; for a 304 without an {@code ETag} header, the entity tag that was sent
 */
public record FetchResult(int status, byte[] body, String etag) {
    public FetchResult {
        requireNonNull(body, "body is null");
    }

    /** Whether upstream answered 304: the caller's copy for the entity tag it sent is current. */
    public boolean notModified() {
        return status == 304;
    }
}
