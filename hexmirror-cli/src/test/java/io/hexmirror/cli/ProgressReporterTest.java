package io.hexmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The figures the progress bar and the periodic log lines show. */
class ProgressReporterTest {
    @Test
    void theLineCountsPackagesTarballsAndBytes() {
        try (ProgressReporter progress = ProgressReporter.create(true)) {
            progress.packagesPlanned(10);
            progress.packageFinished("plug");
            progress.packageFinished("mime");
            progress.tarballPublished("tarballs/plug-1.0.0.tar", 2048);
            progress.bytesReceived(3 * 1024 * 1024);

            assertThat(progress.line()).matches("2/10 packages, 1 tarballs, 3\\.0 MiB, [0-9.]+ [KMG]?i?B/s, ETA \\S+");
        }
    }

    @Test
    void noEtaBeforeTheFirstPackageIsDone() {
        try (ProgressReporter progress = ProgressReporter.create(true)) {
            progress.packagesPlanned(5);

            assertThat(progress.line()).startsWith("0/5 packages, 0 tarballs, 0 B, ").doesNotContain("ETA");
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
