package io.hexmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The figures the progress bar and the periodic log lines show, and how the bar behaves on a terminal. */
class ProgressReporterTest {
    private static final long MIB = 1024 * 1024;
    private final PrintStream err = System.err;
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);

    @AfterEach
    void restoreStandardError() {
        System.setErr(err);
    }

    /** A reporter drawing on a throwaway terminal, timed by {@link #clock}. */
    private ProgressReporter reporter(int width) {
        return ProgressReporter.onTerminal(new PrintStream(new ByteArrayOutputStream()), width, clock::get);
    }

    private void advance(Duration duration) {
        clock.addAndGet(duration.toNanos());
    }

    @Test
    void untilEveryPackageIsDoneTheTotalsAreEstimatesFromThePackagesDone() {
        try (ProgressReporter progress = reporter(200)) {
            progress.bytesReceived(MIB); // the registry indexes, before the plan: no package's share
            progress.packagesPlanned(10);
            progress.packageFinished("plug");
            progress.packageFinished("mime");
            progress.tarballStarted("tarballs/plug-1.0.0.tar");
            progress.tarballStarted("tarballs/mime-1.0.0.tar");
            progress.tarballStarted("tarballs/mime-1.1.0.tar");
            progress.tarballPublished("tarballs/plug-1.0.0.tar", 2048);
            progress.tarballPublished("tarballs/mime-1.0.0.tar", 2048);
            progress.bytesReceived(2 * MIB);
            advance(Duration.ofSeconds(2));

            // 2 MiB for 2 packages: 8 MiB for the 8 left, at 1.5 MiB/s.
            assertThat(progress.line()).isEqualTo("2/10 packages, 2/~15 tarballs, 3.0 MiB/~11.0 MiB, 1.5 MiB/s, ETA 5.3s");
        }
    }

    @Test
    void onceEveryPackageIsDoneTheTotalsAreExactAndTheStageShowsInsteadOfTheRateAndEta() {
        try (ProgressReporter progress = reporter(200)) {
            progress.packagesPlanned(2);
            progress.tarballStarted("tarballs/plug-1.0.0.tar");
            progress.tarballPublished("tarballs/plug-1.0.0.tar", 2048);
            progress.packageFinished("plug");
            progress.packageFinished("mime");
            progress.bytesReceived(3 * MIB);
            progress.stage("publishing /versions and /names");

            assertThat(progress.line()).isEqualTo("publishing /versions and /names, 2/2 packages, 1 tarballs, 3.0 MiB");
        }
    }

    @Test
    void beforeThePlanIsKnownTheStageShowsInsteadOfZeroCounts() {
        try (ProgressReporter progress = reporter(80)) {
            progress.stage("fetching /names and /versions");

            assertThat(progress.line()).startsWith("fetching /names and /versions, 0 B received").doesNotContain("0/0");
            assertThat(progress.bar()).startsWith("fetching /names and /versions").doesNotContain("0/0").doesNotContain("[");
        }
    }

    @Test
    void noTotalsAndNoEtaBeforeTheFirstPackageIsDone() {
        try (ProgressReporter progress = reporter(80)) {
            progress.packagesPlanned(5);
            progress.bytesReceived(MIB);
            advance(Duration.ofSeconds(1));

            assertThat(progress.line()).isEqualTo("0/5 packages, 0 tarballs, 1.0 MiB, 1.0 MiB/s");
        }
    }

    @Test
    void theEtaFollowsTheRecentRateNotTheAverageSinceTheStart() {
        try (ProgressReporter progress = reporter(200)) {
            progress.packagesPlanned(10);
            progress.tick();
            advance(Duration.ofSeconds(30));
            progress.bytesReceived(30 * 1024); // a slow start: 1 KiB/s
            progress.packageFinished("plug");
            progress.tick();
            advance(Duration.ofSeconds(10));
            progress.bytesReceived(10 * MIB); // then 1 MiB/s
            progress.packageFinished("mime");
            progress.tick();

            // 10.03 MiB for 2 packages: 40.1 MiB for the 8 left, at the last 10 seconds' 1 MiB/s (not 256 KiB/s).
            assertThat(progress.line()).endsWith(", 1.0 MiB/s, ETA 40.1s");
        }
    }

    @Test
    void underARateCapTheEtaIsNoSoonerThanTheRemainingBytesAtTheCap() {
        try (ProgressReporter progress = reporter(200).withRateCap(OptionalLong.of(1024))) {
            progress.packagesPlanned(10);
            progress.packageFinished("plug");
            progress.packageFinished("mime");
            progress.bytesReceived(2 * MIB);
            advance(Duration.ofSeconds(1));

            // 8 packages to go at 1 MiB each so far: 8 MiB at 1 KiB/s is 8192 s.
            assertThat(progress.line()).endsWith("ETA 2h16m");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {55, 70, 80, 120})
    void aFullSyncsBarFitsTheTerminalAndKeepsTheTotalsAndTheEta(int width) {
        try (ProgressReporter progress = reporter(width)) {
            progress.bytesReceived(3 * MIB);
            progress.packagesPlanned(20_000);
            for (int i = 0; i < 1_234; i++) {
                progress.packageFinished("p" + i);
            }
            for (int i = 0; i < 9_876; i++) {
                progress.tarballStarted("t" + i);
                progress.tarballPublished("t" + i, 100_000);
            }
            progress.bytesReceived(1_234L * MIB);
            advance(Duration.ofMinutes(5));

            String bar = progress.bar();
            assertThat(bar.length()).isLessThan(width);
            assertThat(bar).contains("9876/~160065 tarballs").contains("1.2 GiB/~19.5 GiB").contains("ETA 1h15m");
            if (width >= 80) {
                assertThat(bar).contains("1234/20000 packages");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {55, 70, 80, 120})
    void theBarNeverReachesTheLastColumn(int width) {
        try (ProgressReporter progress = reporter(width)) {
            progress.packagesPlanned(12_345);
            for (int i = 0; i < 6_789; i++) {
                progress.packageFinished("p" + i);
                progress.tarballStarted("t" + i);
            }
            progress.tarballPublished("t", 123_456_789_012L);
            progress.bytesReceived(987_654_321_098L);
            advance(Duration.ofSeconds(1));

            assertThat(progress.bar().length()).isLessThan(width);
            assertThat(progress.bar()).contains("ETA");
        }
    }

    @Test
    void aLogLineErasesTheBarFirstAndCloseErasesItForGood() {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        try (PrintStream terminal = new PrintStream(screen, true, StandardCharsets.UTF_8)) {
            System.setErr(terminal);
            ProgressReporter progress = ProgressReporter.onTerminal(terminal, 80, clock::get);
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
        }
    }

    @Test
    void whatGoesToStandardOutputErasesTheBarFirst() {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        try (PrintStream terminal = new PrintStream(screen, true, StandardCharsets.UTF_8);
                ProgressReporter progress = ProgressReporter.onTerminal(terminal, 80, clock::get)) {
            PrintWriter out = progress.erasingBefore(new PrintWriter(terminal, true));
            progress.packagesPlanned(3);
            progress.tick();
            out.println("catalog updated");

            assertThat(screen.toString(StandardCharsets.UTF_8)).endsWith("\r\u001b[Kcatalog updated" + System.lineSeparator());
        }
    }

    @Test
    void nothingIsDrawnBeforeTheSyncReports() {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        try (PrintStream terminal = new PrintStream(screen, true, StandardCharsets.UTF_8);
                ProgressReporter progress = ProgressReporter.onTerminal(terminal, 80, clock::get)) {
            progress.tick();

            assertThat(screen.toString(StandardCharsets.UTF_8)).isEmpty();
        }
    }

    @Test
    void unitsAreHumanReadable() {
        assertThat(Units.bytes(512)).isEqualTo("512 B");
        assertThat(Units.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(Units.bytes(9L * 1024 * 1024 * 1024)).isEqualTo("9.0 GiB");
        assertThat(Units.duration(Duration.ofMillis(41_200))).isEqualTo("41.2s");
        assertThat(Units.duration(Duration.ofSeconds(130))).isEqualTo("2m10s");
        assertThat(Units.duration(Duration.ofMinutes(185))).isEqualTo("3h05m");
    }
}
