package io.hexmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The figures the progress bar and the periodic log lines show, and how the bar behaves on a terminal. */
class ProgressReporterTest {
    @Test
    void theLineCountsPackagesTarballsAndBytes() {
        try (ProgressReporter progress = ProgressReporter.create(true)) {
            progress.packagesPlanned(10);
            progress.packageFinished("plug");
            progress.packageFinished("mime");
            progress.tarballStarted("tarballs/plug-1.0.0.tar");
            progress.tarballStarted("tarballs/mime-1.0.0.tar");
            progress.tarballPublished("tarballs/plug-1.0.0.tar", 2048);
            progress.bytesReceived(3 * 1024 * 1024);

            assertThat(progress.line()).matches(
                    "2/10 packages, 1/2 tarballs \\(2\\.0 KiB\\), 3\\.0 MiB received, [0-9.]+ [KMG]?i?B/s, ETA \\S+");
        }
    }

    @Test
    void beforeThePlanIsKnownTheStageShowsInsteadOfZeroCounts() {
        try (ProgressReporter progress = ProgressReporter.create(true)) {
            progress.stage("fetching /names and /versions");

            assertThat(progress.line()).startsWith("fetching /names and /versions, 0 B received").doesNotContain("0/0");
        }
    }

    @Test
    void noEtaBeforeTheFirstPackageIsDone() {
        try (ProgressReporter progress = ProgressReporter.create(true)) {
            progress.packagesPlanned(5);

            assertThat(progress.line()).startsWith("0/5 packages, 0 tarballs (0 B), 0 B received, ").doesNotContain("ETA");
        }
    }

    @Test
    void underARateCapTheEtaIsNoSoonerThanTheRemainingBytesAtTheCap() {
        try (ProgressReporter progress = ProgressReporter.create(true).withRateCap(java.util.OptionalLong.of(1024))) {
            progress.packagesPlanned(10);
            progress.packageFinished("plug");
            progress.packageFinished("mime");
            progress.bytesReceived(2 * 1024 * 1024);

            // 8 packages to go at 1 MiB each so far: 8 MiB at 1 KiB/s is 8192 s.
            assertThat(progress.line()).endsWith("ETA 2h16m");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {55, 70, 80, 120})
    void theBarNeverReachesTheLastColumn(int width) {
        PrintStream err = System.err;
        try (ProgressReporter progress = ProgressReporter.onTerminal(new PrintStream(new ByteArrayOutputStream()), width)) {
            progress.packagesPlanned(12_345);
            for (int i = 0; i < 6_789; i++) {
                progress.packageFinished("p" + i);
                progress.tarballStarted("t" + i);
            }
            progress.tarballPublished("t", 123_456_789_012L);
            progress.bytesReceived(987_654_321_098L);

            assertThat(progress.bar().length()).isLessThan(width);
            assertThat(progress.bar()).contains("6789/12345 packages").contains("ETA");
        } finally {
            System.setErr(err);
        }
    }

    @Test
    void aLogLineErasesTheBarFirstAndCloseErasesItForGood() {
        PrintStream err = System.err;
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        try (PrintStream terminal = new PrintStream(screen, true, StandardCharsets.UTF_8)) {
            System.setErr(terminal);
            ProgressReporter progress = ProgressReporter.onTerminal(terminal, 80);
            progress.packagesPlanned(3);
            progress.tick();
            System.err.print("a log line\n");
            progress.tick();
            progress.close();

            assertThat(System.err).isSameAs(terminal);
            String erase = "\r\u001b[K";
            assertThat(screen.toString(StandardCharsets.UTF_8)).matches(
                    "\\Q" + erase + "\\E\\[ +\\] 0/3 packages[^\\r\\n]*\\Q" + erase + "\\Ea log line\n"
                            + "\\Q" + erase + "\\E\\[ +\\] 0/3 packages[^\\r\\n]*\\Q" + erase + "\\E");
        } finally {
            System.setErr(err);
        }
    }

    @Test
    void unitsAreHumanReadable() {
        assertThat(Units.bytes(512)).isEqualTo("512 B");
        assertThat(Units.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(Units.bytes(9L * 1024 * 1024 * 1024)).isEqualTo("9.0 GiB");
        assertThat(Units.duration(java.time.Duration.ofMillis(41_200))).isEqualTo("41.2s");
        assertThat(Units.duration(java.time.Duration.ofSeconds(130))).isEqualTo("2m10s");
        assertThat(Units.duration(java.time.Duration.ofMinutes(185))).isEqualTo("3h05m");
    }
}
