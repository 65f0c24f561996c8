/**
 * Talking to the upstream repository over HTTP: conditional requests, bounded downloads, retries with
 * backoff, and proxies given explicitly or taken from {@code HTTPS_PROXY}, {@code HTTP_PROXY} and
 * {@code NO_PROXY} as curl reads them. {@link io.hexmirror.internal.upstream.UpstreamClient} is the implementation
 * behind {@link io.hexmirror.HexMirror}, which builds one per operation from its
 * {@link io.hexmirror.MirrorOptions}; it is not API. The exceptions here
 * ({@link io.hexmirror.upstream.UpstreamHttpException} and its relatives) are {@link java.io.IOException}s
 * a caller may see and inspect.
 */
package io.hexmirror.upstream;
