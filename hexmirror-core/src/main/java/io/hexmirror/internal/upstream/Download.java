package io.hexmirror.internal.upstream;

/**
 * What {@link UpstreamClient#download} wrote.
 *
 * @param size the number of body bytes written to the target
 * @param etag the response's {@code ETag} header verbatim, or {@code null} when absent
 */
public record Download(long size, String etag) {
}
