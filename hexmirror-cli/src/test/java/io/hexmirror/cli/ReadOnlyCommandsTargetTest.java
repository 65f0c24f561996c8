package io.hexmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.testkit.upstream.FakeHexRepository;
import io.hexmirror.testkit.upstream.FakeUpstreamServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands that only read a mirror never create a missing target: a mistyped path is reported with its
 * name and exit code 2, instead of becoming an empty directory that looks like an empty mirror.
 */
class ReadOnlyCommandsTargetTest {
    @TempDir
    Path dir;

    Path missing;
    FakeUpstreamServer server;
    Path key;

    @BeforeEach
    void start() throws Exception {
        missing = dir.resolve("typo").resolve("mirror");
        FakeHexRepository upstream = FakeHexRepository.create();
        upstream.publish("decimal", "2.0.0");
        server = FakeUpstreamServer.start(upstream);
        key = Files.writeString(dir.resolve("upstream.pem"), upstream.publicKeyPem());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void statusOfAMissingTargetSaysItDoesNotExist() {
        assertRefused(CliRun.of("status", missing.toString()));
    }

    @Test
    void verifyOfAMissingTargetSaysItDoesNotExist() {
        assertRefused(CliRun.of("verify", "--upstream-key", key.toString(), missing.toString()));
    }

    @Test
    void exportOfAMissingTargetSaysItDoesNotExist() {
        assertRefused(CliRun.of("export", "--full", missing.toString(), dir.resolve("out.bundle").toString()));
        assertThat(dir.resolve("out.bundle")).doesNotExist();
    }

    @Test
    void serveOfAMissingTargetSaysItDoesNotExistBeforeListening() {
        assertRefused(CliRun.of("serve", "--port", "0", missing.toString()));
    }

    @Test
    void aFileUriNamingAMissingDirectoryIsRefusedToo() {
        assertRefused(CliRun.of("status", missing.toUri().toString()));
    }

    @Test
    void planOfAMissingTargetPlansAFirstSyncAndCreatesNothing() {
        CliRun plan = CliRun.of("plan", "--upstream", server.baseUri().toString(), "--upstream-key", key.toString(),
                missing.toString());

        assertThat(plan.exitCode()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("nothing was written").contains("releases: 1 selected, 0 already in the mirror, 1 to download");
        assertThat(dir.resolve("typo")).doesNotExist();
    }

    @Test
    void wantOfAMissingTargetAsksForEverythingAndCreatesNothing() {
        CliRun want = CliRun.of("want", missing.toString(), dir.resolve("want.json").toString());

        assertThat(want.exitCode()).as(want.err()).isZero();
        assertThat(want.out()).contains("a request from an empty mirror");
        assertThat(dir.resolve("typo")).doesNotExist();
    }

    @Test
    void syncStillCreatesItsTarget() {
        CliRun sync = CliRun.of("sync", "--upstream", server.baseUri().toString(), "--upstream-key", key.toString(),
                missing.toString());

        assertThat(sync.exitCode()).as(sync.err()).isZero();
        assertThat(missing.resolve("names")).isRegularFile();
        assertThat(CliRun.of("status", missing.toString()).exitCode()).isZero();
    }

    private void assertRefused(CliRun run) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().strip())
                .startsWith(ErrorHandler.PREFIX + "no mirror at " + missing + ": no such directory")
                .doesNotContain("\tat ")
                .hasLineCount(1);
        assertThat(dir.resolve("typo")).doesNotExist();
    }
}
