package io.hexmirror.cli;

import io.hexmirror.InvalidInputException;
import io.hexmirror.downloads.DownloadCountsOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options of {@code sync} (and of {@code serve}'s background sync) that fetch a snapshot of the download counts. */
final class DownloadCountsCliOptions {
    @Option(names = "--download-counts",
            description = {"Also fetch a snapshot of hex.pm's download counts from its API (about 200 requests for all",
                "of hex.pm, 100 a minute: some 3 minutes); the API and web pages show and sort by it."})
    boolean downloadCounts;

    @Option(names = "--download-counts-api", paramLabel = "URL",
            description = "The Hex API to ask for the counts; implies --download-counts. Default: " + DownloadCountsOptions.HEX_PM_API + ".")
    String apiUrl;

    @Option(names = "--download-counts-pause", paramLabel = "DURATION", converter = DurationConverter.class,
            description = {"Wait after each API request (hex.pm allows about 100 unauthenticated requests a minute);",
                "implies --download-counts. Default: 600ms."})
    Duration pause;

    /** The snapshot to fetch, or empty when none of these options was given. */
    Optional<DownloadCountsOptions> toOptions() throws InvalidInputException {
        if (!downloadCounts && apiUrl == null && pause == null) {
            return Optional.empty();
        }
        DownloadCountsOptions options = DownloadCountsOptions.defaults();
        if (apiUrl != null) {
            try {
                options = options.withApiUrl(new URI(apiUrl));
            } catch (URISyntaxException e) {
                throw new InvalidInputException("--download-counts-api: '" + apiUrl + "' is not a URL: " + e.getReason(), e);
            }
        }
        if (pause != null) {
            options = options.withPause(pause);
        }
        return Optional.of(options);
    }
}
