package io.hexmirror.testkit.upstream;

/**
 * One request the {@link FakeUpstreamServer} received.
 *
 * @param method the HTTP method
 * @param path the path as received, before normalisation (for example {@code //packages/plug})
 * @param status the status sent, or 0 when a fault dropped the connection before any status
 * @param ifNoneMatch the {@code If-None-Match} header as received ({@code ""} when sent empty,
 *     as rebar3 does), or null when absent
 */
public record RequestLogEntry(String method, String path, int status, String ifNoneMatch) {
    /**
     * The path relative to the repository root, as {@link FakeHexRepository#file} takes it:
     * percent-escapes decoded, leading slashes removed.
     */
    public String resource() {
        return FakeUpstreamServer.resourceOf(path);
    }
}
