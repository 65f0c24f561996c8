package io.hexmirror.downloads;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;

/**
 * Where and how politely to fetch the download counts.
 *
 * @param apiUrl the Hex API to ask, {@value #HEX_PM_API} by default
 * @param pause the wait after each request; the default, 600 ms, keeps to hex.pm's limit of about 100
 *     unauthenticated requests a minute
 */
public record DownloadCountsOptions(URI apiUrl, Duration pause) {
    /** hex.pm's API. */
    public static final String HEX_PM_API = "https://hex.pm/api";
    /** 60 s / 100 requests. */
    public static final Duration DEFAULT_PAUSE = Duration.ofMillis(600);

    public DownloadCountsOptions {
        requireNonNull(apiUrl, "apiUrl is null");
        requireNonNull(pause, "pause is null");
        if (pause.isNegative()) {
            throw new IllegalArgumentException("the pause between API requests must not be negative: " + pause);
        }
    }

    /** hex.pm's API at the polite default rate. */
    public static DownloadCountsOptions defaults() {
        return new DownloadCountsOptions(URI.create(HEX_PM_API), DEFAULT_PAUSE);
    }

    public DownloadCountsOptions withApiUrl(URI url) {
        return new DownloadCountsOptions(url, pause);
    }

    public DownloadCountsOptions withPause(Duration wait) {
        return new DownloadCountsOptions(apiUrl, wait);
    }
}
