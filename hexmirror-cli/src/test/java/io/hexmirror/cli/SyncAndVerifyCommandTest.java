package io.hexmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.mirror.MirrorLock;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.Storages;
import io.hexmirror.testkit.upstream.FakeHexRepository;
import io.hexmirror.testkit.upstream.FakeUpstreamServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sync and verify commands end to end against a test upstream, with their exit codes. */
class SyncAndVerifyCommandTest {
    @TempDir
    Path dir;

    FakeHexRepository upstream;
    FakeUpstreamServer server;
    Path key;
    Path mirror;

    @BeforeEach
    void start() throws Exception {
        upstream = FakeHexRepository.create();
        upstream.publish("decimal", "2.0.0").publish("decimal", "2.1.1");
        upstream.release("jason", "1.4.0").dependsOn("decimal", "~> 2.0").publish();
        server = FakeUpstreamServer.start(upstream);
        key = Files.writeString(dir.resolve("upstream.pem"), upstream.publicKeyPem());
        mirror = dir.resolve("mirror");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aBadSignatureFromAnotherUpstreamSuggestsItsKey() {
        CliRun sync = CliRun.of("sync", "--upstream", server.baseUri().toString(), "--package", "decimal", mirror.toString());

        assertThat(sync.exitCode()).as(sync.err()).isEqualTo(ExitCodes.VERIFICATION_FAILED);
        assertThat(sync.err()).startsWith("hexmirror: error: ")
                .contains("hexmirror: hint: " + server.baseUri() + " is not hex.pm: give its public key with --upstream-key");
    }

    @Test
    void aBadSignatureAfterTheKeyWasGivenHasNoHint() throws Exception {
        Path otherKey = Files.writeString(dir.resolve("other.pem"), FakeHexRepository.create(
                io.hexmirror.registry.RepositoryKeys.generate(), "hexpm").publicKeyPem());
        CliRun sync = CliRun.of("sync", "--upstream", server.baseUri().toString(), "--upstream-key", otherKey.toString(),
                "--package", "decimal", mirror.toString());

        assertThat(sync.exitCode()).as(sync.err()).isEqualTo(ExitCodes.VERIFICATION_FAILED);
        assertThat(sync.err()).doesNotContain("hint");
    }

    @Test
    void syncThenVerify() {
        CliRun sync = sync("--package", "decimal");

        assertThat(sync.exitCode()).as(sync.err()).isZero();
        assertThat(sync.out()).contains("complete").contains("packages: 1 added, 0 updated, 0 removed")
                .contains("tarballs: 2 downloaded, 0 removed").contains("generation: 1");
        assertThat(mirror.resolve("tarballs/decimal-2.1.1.tar")).exists();

        CliRun verify = CliRun.of("verify", "--upstream-key", key.toString(), mirror.toString());
        assertThat(verify.exitCode()).isZero();
        assertThat(verify.out()).contains("1 package files and 2 tarballs checked").contains("sound");
    }

    @Test
    void verifyExitsWithOneAndNamesTheCorruptFile() throws Exception {
        assertThat(sync().exitCode()).isZero();
        Path tarball = mirror.resolve("tarballs/jason-1.4.0.tar");
        byte[] bytes = Files.readAllBytes(tarball);
        bytes[700] ^= 0x20;
        Files.write(tarball, bytes);

        CliRun verify = CliRun.of("verify", "--upstream-key", key.toString(), mirror.toString());

        assertThat(verify.exitCode()).isEqualTo(ExitCodes.INCOMPLETE);
        assertThat(verify.out()).contains("corrupt tarballs/jason-1.4.0.tar").contains("NOT sound");
    }

    @Test
    void deepVerifyInspectsEveryTarballAndNamesTheCorruptFile() throws Exception {
        assertThat(sync("--package", "decimal").exitCode()).isZero();
        CliRun sound = CliRun.of("verify", "--deep", "--upstream-key", key.toString(), mirror.toString());
        assertThat(sound.exitCode()).as(sound.out()).isZero();
        assertThat(sound.out()).contains("1 package files and 2 tarballs checked in depth").contains("sound");

        Path tarball = mirror.resolve("tarballs/decimal-2.1.1.tar");
        byte[] bytes = Files.readAllBytes(tarball);
        bytes[700] ^= 0x20;
        Files.write(tarball, bytes);
        CliRun corrupt = CliRun.of("verify", "--deep", "--upstream-key", key.toString(), mirror.toString());

        assertThat(corrupt.exitCode()).isEqualTo(ExitCodes.INCOMPLETE);
        assertThat(corrupt.out()).contains("corrupt tarballs/decimal-2.1.1.tar").contains("NOT sound");
    }

    @Test
    void verifyReportsProblemsInNameOrderThoughPackagesAreCheckedInParallel() throws Exception {
        for (int i = 0; i < 60; i++) {
            upstream.publish(String.format("pkg%02d", i), "1.0.0").publish(String.format("pkg%02d", i), "1.1.0");
        }
        assertThat(sync().exitCode()).isZero();
        // Damage spread over the list, so that several workers find problems at once.
        for (String name : List.of("pkg03-1.1.0", "pkg17-1.0.0", "pkg41-1.0.0", "pkg58-1.1.0")) {
            Path tarball = mirror.resolve("tarballs/" + name + ".tar");
            byte[] bytes = Files.readAllBytes(tarball);
            bytes[700] ^= 0x20;
            Files.write(tarball, bytes);
        }
        Files.delete(mirror.resolve("tarballs/pkg29-1.0.0.tar"));
        Files.delete(mirror.resolve("tarballs/decimal-2.0.0.tar"));

        CliRun verify = CliRun.of("verify", "--upstream-key", key.toString(), mirror.toString());

        assertThat(verify.exitCode()).isEqualTo(ExitCodes.INCOMPLETE);
        List<String> problems = verify.out().lines().map(String::strip)
                .filter(line -> line.startsWith("corrupt ") || line.startsWith("missing "))
                .map(line -> line.substring(0, line.indexOf(':'))).toList();
        assertThat(problems).containsExactly("missing tarballs/decimal-2.0.0.tar", "corrupt tarballs/pkg03-1.1.0.tar",
                "corrupt tarballs/pkg17-1.0.0.tar", "missing tarballs/pkg29-1.0.0.tar", "corrupt tarballs/pkg41-1.0.0.tar",
                "corrupt tarballs/pkg58-1.1.0.tar");
        assertThat(verify.out()).contains("62 package files and 123 tarballs checked");
    }

    @Test
    void theWrongKeyIsAVerificationFailureAndPublishesNothing() {
        // Without --upstream-key the built-in hex.pm key is used, which did not sign this repository.
        CliRun run = CliRun.of("sync", "--upstream", server.baseUri().toString(), mirror.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.VERIFICATION_FAILED);
        assertThat(run.err()).startsWith("hexmirror: error: names: signature does not verify");
        assertThat(mirror.resolve("names")).doesNotExist();
    }

    @Test
    void aTarballThatFailsForATransientReasonGivesExitStatusOneAndIsListed() {
        server.faults().truncate("tarballs/decimal-2.0.0.tar");

        CliRun run = sync("--retries", "0");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.INCOMPLETE);
        assertThat(run.out()).contains("finished with 1 failure(s)").contains("failed: tarballs/decimal-2.0.0.tar:")
                .contains("/names and /versions were left as they were").doesNotContain("quarantined");
    }

    @Test
    void aTarballUpstreamServesWronglyIsQuarantinedWithExitStatusSevenAndShownByStatusAndVerify() {
        server.faults().corruptTarball("tarballs/decimal-2.0.0.tar");

        CliRun run = sync();

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.QUARANTINED);
        assertThat(run.out()).contains("published with 1 quarantined release(s)")
                .contains("failed: tarballs/decimal-2.0.0.tar:")
                .contains("quarantined: decimal 2.0.0 since ")
                .contains("published without the quarantined releases")
                .doesNotContain("left as they were");
        CliRun status = CliRun.of("status", mirror.toString());
        assertThat(status.exitCode()).isZero();
        assertThat(status.out()).contains("quarantined: decimal 2.0.0 since ").contains("(tarballs/decimal-2.0.0.tar: ");
        CliRun verify = CliRun.of("verify", "--upstream-key", key.toString(), mirror.toString());
        assertThat(verify.exitCode()).as(verify.out()).isZero();
        assertThat(verify.out()).contains("quarantined decimal 2.0.0 since ").contains("1 quarantined release(s) left out")
                .contains("sound");

        server.faults().clear();
        CliRun fixed = sync();

        assertThat(fixed.exitCode()).as(fixed.out()).isZero();
        assertThat(fixed.out()).contains("complete").contains("no longer quarantined: decimal 2.0.0");
        assertThat(CliRun.of("status", mirror.toString()).out()).doesNotContain("quarantined");
    }

    @Test
    void anUnreachableUpstreamIsAnIoError() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        CliRun run = CliRun.of("sync", "--retries", "0", "--upstream", "http://127.0.0.1:" + port, mirror.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.IO_ERROR);
        assertThat(run.err()).startsWith("hexmirror: error: ").contains("127.0.0.1:" + port);
        assertThat(run.err().lines().count()).isEqualTo(1);
    }

    @Test
    void anUpstreamThatAcceptsAndNeverAnswersIsReportedAsStalledInOneLine() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            // The kernel completes the connections in the backlog; nobody ever reads or answers them.
            String upstreamUrl = "http://127.0.0.1:" + silent.getLocalPort();
            CliRun run = CliRun.of("sync", "--timeout", "1", "--upstream", upstreamUrl, mirror.toString());

            assertThat(run.exitCode()).isEqualTo(ExitCodes.IO_ERROR);
            assertThat(run.err()).startsWith("hexmirror: error: upstream " + upstreamUrl + " stalled: GET " + upstreamUrl + "/names")
                    .contains("no data within the read timeout of 1 s, twice");
            assertThat(run.err().lines().count()).isEqualTo(1);
        }
    }

    @Test
    void planSaysHowLongTheDownloadTakesAtAGivenRate() {
        CliRun plan = CliRun.of("plan", "--upstream", server.baseUri().toString(), "--upstream-key", key.toString(),
                "--package", "decimal", "--rate", "1k", mirror.toString());

        assertThat(plan.exitCode()).as(plan.err()).isZero();
        long bytes = upstream.file("tarballs/decimal-2.0.0.tar").orElseThrow().length
                + upstream.file("tarballs/decimal-2.1.1.tar").orElseThrow().length;
        assertThat(plan.out()).contains("  time: " + Units.duration(java.time.Duration.ofSeconds((bytes + 1023) / 1024)) + " at 1.0 KiB/s");
    }

    @Test
    void aDryRunWithARateCapSaysHowLongTheDownloadTakesAtTheCap() {
        CliRun dryRun = sync("--package", "decimal", "--max-rate", "2k", "--dry-run");

        assertThat(dryRun.exitCode()).as(dryRun.err()).isZero();
        assertThat(dryRun.out()).containsPattern("  time: \\S+ at 2\\.0 KiB/s");
        assertThat(mirror.resolve("tarballs")).doesNotExist();
    }

    @Test
    void aSyncUnderARateCapCompletes() {
        CliRun sync = sync("--package", "decimal", "--max-rate", "80k");

        assertThat(sync.exitCode()).as(sync.err()).isZero();
        assertThat(mirror.resolve("tarballs/decimal-2.1.1.tar")).exists();
    }

    @Test
    void aRateThatIsNotASizeIsAUsageError() {
        CliRun sync = sync("--max-rate", "fast");

        assertThat(sync.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(sync.err()).contains("'fast' is not a size");
    }

    @Test
    void stacktraceOptionPrintsTheTrace() {
        CliRun run = CliRun.of("sync", "--stacktrace", "--upstream", server.baseUri().toString(), mirror.toString());

        assertThat(run.err()).contains("at io.hexmirror.");
    }

    @Test
    void aSecondSyncWhileOneHoldsTheLockIsRefusedUntilTheLockIsBroken() throws Exception {
        try (Storage storage = Storages.open(mirror.toString())) {
            MirrorLock.acquire(storage, "another sync");

            CliRun refused = sync();
            assertThat(refused.exitCode()).isEqualTo(ExitCodes.LOCKED);
            assertThat(refused.err()).contains("another sync").contains("--break-lock");
            assertThat(mirror.resolve("names")).doesNotExist();

            CliRun broken = sync("--break-lock");
            assertThat(broken.exitCode()).as(broken.err()).isZero();
            assertThat(storage.stat(MirrorLock.KEY)).as("the lock is released after the sync").isEmpty();
        }
    }

    private CliRun sync(String... extra) {
        String[] base = {"sync", "--upstream", server.baseUri().toString(), "--upstream-key", key.toString()};
        String[] args = new String[base.length + extra.length + 1];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        args[args.length - 1] = mirror.toString();
        return CliRun.of(args);
    }
}
