package io.hexmirror.cli;

import io.hexmirror.upstream.UpstreamClient;
import java.net.URI;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Where and how to reach upstream. */
final class UpstreamOptions {
    static final String DEFAULT_UPSTREAM = "https://repo.hex.pm";

    @Option(names = "--upstream", paramLabel = "URL", defaultValue = DEFAULT_UPSTREAM,
            description = "Repository to mirror (default: ${DEFAULT-VALUE}).")
    URI upstream;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "8",
            description = "Downloads at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--proxy", paramLabel = "URL",
            description = "HTTP(S) proxy, e.g. http://proxy:3128. Default: HTTPS_PROXY/HTTP_PROXY/NO_PROXY from the environment.")
    URI proxy;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Give up on a silent connection after this many seconds (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--request-deadline", paramLabel = "DURATION", defaultValue = "30m", converter = DurationConverter.class,
            description = "Give up on one request that has not completed after this long, even if bytes still trickle in"
                    + " (e.g. 90s, 30m, 2h; default: ${DEFAULT-VALUE}).")
    Duration requestDeadline;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "4",
            description = "Retries of a failed request, with growing pauses (default: ${DEFAULT-VALUE}).")
    int retries;

    UpstreamClient client() {
        UpstreamClient.Builder builder = UpstreamClient.builder(upstream)
                .concurrency(concurrency)
                .readTimeout(Duration.ofSeconds(timeoutSeconds))
                .requestDeadline(requestDeadline)
                .retries(retries)
                .proxyFromEnvironment(System.getenv());
        if (proxy != null) {
            builder.proxy(proxy);
        }
        return builder.build();
    }
}
