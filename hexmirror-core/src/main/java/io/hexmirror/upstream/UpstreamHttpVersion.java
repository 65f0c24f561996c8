package io.hexmirror.upstream;

/**
 * The HTTP version spoken to upstream. Plain {@code http://} upstreams always get HTTP/1.1; the choice
 * applies to {@code https://} upstreams, where the version is agreed in the TLS handshake (ALPN).
 */
public enum UpstreamHttpVersion {
    /**
     * HTTP/2 when upstream offers it in the TLS handshake, HTTP/1.1 otherwise. All requests to an HTTP/2
     * upstream share one connection as concurrent streams, as many as the sync's concurrency.
     */
    AUTO("auto"),
    /** HTTP/1.1 only: one request at a time per connection, as many connections as the sync's concurrency. */
    HTTP_1_1("1.1"),
    /** HTTP/2 only, over TLS: an upstream that does not offer it fails the handshake. */
    HTTP_2("2");

    private final String label;

    UpstreamHttpVersion(String label) {
        this.label = label;
    }

    /**
     * The version named {@code auto}, {@code 1.1} or {@code 2} (as the command line takes it).
     *
     * @throws IllegalArgumentException for any other name
     */
    public static UpstreamHttpVersion parse(String label) {
        for (UpstreamHttpVersion version : values()) {
            if (version.label.equals(label)) {
                return version;
            }
        }
        throw new IllegalArgumentException("unknown HTTP version '" + label + "': expected auto, 1.1 or 2");
    }

    @Override
    public String toString() {
        return label;
    }
}
