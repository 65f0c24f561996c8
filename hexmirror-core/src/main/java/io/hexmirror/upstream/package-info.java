/**
 * Talking to the upstream repository over HTTP: conditional requests, bounded downloads, retries with
 * backoff, and proxies given explicitly or taken from {@code HTTPS_PROXY}, {@code HTTP_PROXY} and
 * {@code NO_PROXY} as curl reads them. {@link io.hexmirror.upstream.Upstream} is what extensions get from
 * {@link io.hexmirror.HexMirror#openUpstream()}; the client behind it lives in
 * {@code io.hexmirror.internal.upstream}, is built per operation from the {@link io.hexmirror.MirrorOptions},
 * and is not API. The exceptions here
 * ({@link io.hexmirror.upstream.UpstreamHttpException} and its relatives) are {@link java.io.IOException}s
 * a caller may see and inspect.
 */
package io.hexmirror.upstream;
