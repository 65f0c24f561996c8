package io.hexmirror.downloads;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.MalformedDataException;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DownloadSnapshotTest {
    private static final Instant NOW = Instant.parse("2026-12-01T06:00:00Z");

    private static String file(String date, String packages) {
        return "{\"format\":1,\"fetched_at\":\"" + date + "\",\"packages\":{" + packages + "}}";
    }

    private static void assertRefused(String content, String message) {
        assertThatThrownBy(() -> DownloadSnapshot.parse(content.getBytes(UTF_8), "in the bundle", NOW))
                .isInstanceOf(MalformedDataException.class).hasMessage(message);
    }

    @Test
    void writesWhatItReads() throws Exception {
        DownloadSnapshot snapshot = new DownloadSnapshot(NOW, new TreeMap<>(Map.of("plug", new DownloadCounts(4, 3, 2, 1),
                "ecto", DownloadCounts.NONE)));

        assertThat(new String(snapshot.toBytes(), UTF_8)).isEqualTo(file("2026-12-01T06:00:00Z",
                "\"ecto\":{\"all\":0,\"recent\":0,\"week\":0,\"day\":0},\"plug\":{\"all\":4,\"recent\":3,\"week\":2,\"day\":1}"));
        assertThat(DownloadSnapshot.parse(snapshot.toBytes(), "", NOW)).isEqualTo(snapshot);
    }

    @Test
    void refusesAnythingButNonNegativeIntegerCountsOfHexPackagesWithAPastDate() {
        String counts = "{\"all\":1,\"recent\":1,\"week\":1,\"day\":1}";
        assertRefused(file("2026-12-01T06:00:00Z", "\"plug\":{\"all\":-1,\"recent\":1,\"week\":1,\"day\":1}"),
                "stats/downloads.json in the bundle: plug all is -1, not a count (a non-negative integer)");
        assertRefused(file("2026-12-01T06:00:00Z", "\"plug\":{\"all\":1e3,\"recent\":1,\"week\":1,\"day\":1}"),
                "stats/downloads.json in the bundle: plug all is 1e3, not a count (a non-negative integer)");
        assertRefused(file("2026-12-01T06:00:00Z", "\"plug\":{\"all\":\"1\",\"recent\":1,\"week\":1,\"day\":1}"),
                "stats/downloads.json in the bundle: plug all is not a number");
        assertRefused(file("2026-12-01T06:00:00Z", "\"plug\":{\"all\":1,\"recent\":1,\"week\":1}"),
                "stats/downloads.json in the bundle: plug lacks one of the counts all, recent, week and day");
        assertRefused(file("2026-12-01T06:00:00Z", "\"../x\":" + counts),
                "stats/downloads.json in the bundle has counts for '../x', which is not a Hex package name");
        assertRefused(file("2026-12-01T06:00:00Z", "\"plug\":" + counts + ",\"plug\":" + counts),
                "stats/downloads.json in the bundle has counts for plug twice");
        assertRefused(file("2026-12-01T06:30:00Z", ""), "stats/downloads.json in the bundle: fetched_at 2026-12-01T06:30:00Z is in the future");
        assertRefused(file("1 Dec 2026", ""), "stats/downloads.json in the bundle: fetched_at '1 Dec 2026' is not a date and time"
                + " such as 2026-12-01T06:00:00Z");
        assertRefused("{\"format\":1,\"packages\":{}}", "stats/downloads.json in the bundle lacks fetched_at");
        assertRefused("{\"format\":2,\"fetched_at\":\"2026-12-01T06:00:00Z\",\"packages\":{}}",
                "stats/downloads.json in the bundle is not a download counts snapshot of format 1");
        assertRefused(file("2026-12-01T06:00:00Z", "") + "{}", "stats/downloads.json in the bundle is not a well-formed snapshot:"
                + " malformed JSON at line 1 column 64 path $");
        assertRefused("{\"format\":1,\"extra\":1}", "stats/downloads.json in the bundle has an unknown field 'extra'");
        assertThatThrownBy(() -> DownloadSnapshot.parse(new byte[DownloadSnapshot.MAX_BYTES + 1], "in the bundle", NOW))
                .hasMessage("stats/downloads.json in the bundle is larger than 16777216 bytes");
    }

    @Test
    void allowsAFewMinutesOfClockSkewBetweenMachines() throws Exception {
        assertThat(DownloadSnapshot.parse(file("2026-12-01T06:05:00Z", "").getBytes(UTF_8), "", NOW).fetchedAt())
                .isEqualTo(Instant.parse("2026-12-01T06:05:00Z"));
    }
}
