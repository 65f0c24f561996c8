package io.hexmirror.cli;

import io.hexmirror.InvalidInputException;
import io.hexmirror.MirrorOptions;
import io.hexmirror.upstream.UpstreamHttpVersion;
import java.net.URI;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Where and how to reach upstream. */
final class UpstreamOptions {
    static final String DEFAULT_UPSTREAM = "https://repo.hex.pm";

    @Option(names = "--upstream", paramLabel = "URL", defaultValue = DEFAULT_UPSTREAM,
            description = "Repository to mirror (default: ${DEFAULT-VALUE}).")
    URI upstream;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "32",
            description = "Downloads at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--proxy", paramLabel = "URL",
            description = "HTTP(S) proxy, e.g. http://proxy:3128. Default: HTTPS_PROXY/HTTP_PROXY/NO_PROXY from the environment.")
    URI proxy;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "20",
            description = "Give up on a silent connection after this many seconds; a request silent twice is reported"
                    + " as a stalled upstream (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--max-rate", paramLabel = "RATE", converter = SizeConverter.class,
            description = "Cap the total download rate over all connections, in bytes per second (e.g. 80k, 2M)."
                    + " Default: no cap.")
    Long maxRate;

    @Option(names = "--http-version", paramLabel = "auto|1.1|2", defaultValue = "1.1",
            description = "HTTP version to an https upstream: auto takes HTTP/2 where upstream offers it and sends every"
                    + " request over one connection; 1.1 uses up to --concurrency connections; 2 insists on HTTP/2"
                    + " (default: ${DEFAULT-VALUE}; plain http is always 1.1).")
    String httpVersion;

    @Option(names = "--request-deadline", paramLabel = "DURATION", defaultValue = "30m", converter = DurationConverter.class,
            description = "Give up on one request that has not completed after this long, even if bytes still trickle in"
                    + " (e.g. 90s, 30m, 2h; default: ${DEFAULT-VALUE}).")
    Duration requestDeadline;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "4",
            description = "Retries of a failed request, with growing pauses (default: ${DEFAULT-VALUE}).")
    int retries;

    /** Sets upstream, concurrency, timeout, request deadline, HTTP version, rate cap, retries and proxy; proxies otherwise come from the environment. */
    void applyTo(MirrorOptions.Builder options) throws InvalidInputException {
        try {
            options.upstream(upstream).concurrency(concurrency).retries(retries).proxy(proxy);
            if (timeoutSeconds < 1) {
                throw new IllegalArgumentException("--timeout must be at least 1 second, not " + timeoutSeconds);
            }
            options.readTimeout(Duration.ofSeconds(timeoutSeconds));
            options.requestDeadline(requestDeadline);
            options.httpVersion(UpstreamHttpVersion.parse(httpVersion));
            if (maxRate != null) {
                options.maxRate(maxRate);
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage(), e);
        }
    }
}
