package io.hexmirror.downloads;

/**
 * One package's download counts, as hex.pm's API names them.
 *
 * @param all every download ever
 * @param recent downloads of the last 90 days
 * @param week downloads of the last 7 days
 * @param day downloads of the last day
 */
public record DownloadCounts(long all, long recent, long week, long day) {
    public static final DownloadCounts NONE = new DownloadCounts(0, 0, 0, 0);

    public DownloadCounts {
        if (all < 0 || recent < 0 || week < 0 || day < 0) {
            throw new IllegalArgumentException("download counts must not be negative");
        }
    }
}
