package io.hexmirror.downloads;

import java.util.List;

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

    /** The names of the counts, in the order of this record's components (and of {@link #of(long[])}'s array). */
    public static final List<String> VIEWS = List.of("all", "recent", "week", "day");

    public DownloadCounts {
        if (all < 0 || recent < 0 || week < 0 || day < 0) {
            throw new IllegalArgumentException("download counts must not be negative");
        }
    }

    /** The counts of {@code views}, indexed as {@link #VIEWS} names them. */
    public static DownloadCounts of(long[] views) {
        return new DownloadCounts(views[0], views[1], views[2], views[3]);
    }
}
