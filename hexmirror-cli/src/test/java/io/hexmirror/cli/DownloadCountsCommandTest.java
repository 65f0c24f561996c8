package io.hexmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.downloads.DownloadSnapshot;
import io.hexmirror.testkit.upstream.FakeHexRepository;
import io.hexmirror.testkit.upstream.FakeUpstreamServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sync --download-counts} end to end against a test upstream that serves hex.pm's API pages. */
class DownloadCountsCommandTest {
    @TempDir
    Path dir;

    FakeUpstreamServer server;
    Path key;
    Path mirror;

    @BeforeEach
    void start() throws Exception {
        FakeHexRepository upstream = FakeHexRepository.create();
        upstream.publish("decimal", "2.0.0").downloads("decimal", 123_456, 789, 56, 7);
        server = FakeUpstreamServer.start(upstream);
        key = Files.writeString(dir.resolve("upstream.pem"), upstream.publicKeyPem());
        mirror = dir.resolve("mirror");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** With the fake upstream's API and a pause of 1 ms (one page: never waited). */
    private CliRun sync() {
        return sync("1ms");
    }

    private CliRun sync(String pause) {
        return CliRun.of("sync", "--retries", "0", "--upstream", server.baseUri().toString(), "--upstream-key", key.toString(),
                "--download-counts-api", server.uri("api").toString(), "--download-counts-pause", pause, mirror.toString());
    }

    @Test
    void theSnapshotIsStoredAndThePackagePageShowsItWithItsDate() throws Exception {
        CliRun sync = sync();

        assertThat(sync.exitCode()).as(sync.err()).isZero();
        DownloadSnapshot snapshot = DownloadSnapshot.parse(Files.readAllBytes(mirror.resolve(DownloadSnapshot.KEY)), "", Instant.now());
        assertThat(snapshot.counts("decimal").orElseThrow().all()).isEqualTo(123_456);
        assertThat(Files.readString(mirror.resolve("browse/packages/decimal.html"))).contains("<dd>123,456</dd>")
                .contains("downloads as of " + LocalDate.ofInstant(snapshot.fetchedAt(), ZoneOffset.UTC));
    }

    @Test
    void anApiFailureIsReportedAndTheRegistryMirroredAllTheSame() {
        server.faults().status("api/packages", 503);

        CliRun sync = sync();

        assertThat(sync.exitCode()).as(sync.out() + sync.err()).isEqualTo(ExitCodes.INCOMPLETE);
        assertThat(sync.out() + sync.err()).contains("download counts: not updated: ").contains("the mirror has no snapshot");
        assertThat(mirror.resolve("tarballs/decimal-2.0.0.tar")).exists();
        assertThat(mirror.resolve(DownloadSnapshot.KEY)).doesNotExist();
    }

    @Test
    void aBadPauseIsAUsageError() {
        CliRun sync = sync("soon");

        assertThat(sync.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(sync.err()).contains("'soon' is not a duration");
    }
}
