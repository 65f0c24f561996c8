package io.hexmirror.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.internal.sync.SyncOptions;
import io.hexmirror.mirror.MirrorLock;
import io.hexmirror.storage.fs.FileSystemStorage;
import io.hexmirror.testkit.storage.FaultInjectingStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code hexmirror sync} process stopped from outside, as systemd, {@code timeout} and Ctrl-C
 * stop it (SIGTERM and SIGINT run the JVM's shutdown hooks), releases the mirror's lock, leaves
 * the mirror usable, and the next sync completes the work.
 */
class StoppedSyncTest {
    @TempDir
    Path dir;

    SyncFixture fixture;
    Path key;
    Map<String, String> lastGood;

    @BeforeEach
    void syncOnceThenChangeUpstream() throws Exception {
        fixture = new SyncFixture(dir.resolve("mirror")).withSampleRepository();
        key = dir.resolve("upstream_key.pem");
        Files.writeString(key, fixture.upstream.publicKeyPem());
        assertThat(fixture.sync().failures()).isEmpty();
        lastGood = fixture.snapshot();
        fixture.upstream.release("plug", "1.16.0").dependsOn("mime", "~> 2.0").publish();
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void sigtermInTheMiddleOfADownloadReleasesTheLock() throws Exception {
        assertStoppingReleasesTheLock("TERM");
    }

    @Test
    void ctrlCInTheMiddleOfADownloadReleasesTheLock() throws Exception {
        assertStoppingReleasesTheLock("INT");
    }

    private void assertStoppingReleasesTheLock(String signal) throws Exception {
        fixture.server.faults().drip("tarballs/plug-1.16.0.tar", Duration.ofMillis(500));
        try (HexmirrorProcess sync = startSync()) {
            awaitDownloadStarted(sync);
            assertThat(fixture.storage.stat(MirrorLock.KEY)).as("held while syncing").isPresent();
            assertThat(ignores(sync.pid(), signal)).as("the sync started with SIG%s ignored, as this build did (a background"
                    + " job of a non-interactive shell starts so), and a JVM that starts so never sees it: run the build in"
                    + " the foreground", signal).isFalse();

            new ProcessBuilder("kill", "-" + signal, Long.toString(sync.pid())).start().waitFor();
            sync.awaitExit(Duration.ofSeconds(30));
        }

        assertThat(fixture.storage.stat(MirrorLock.KEY)).as("the lock, released").isEmpty();
        assertThat(fixture.sha256("packages/plug")).isEqualTo(lastGood.get("packages/plug"));
        assertThat(fixture.verify().problems()).isEmpty();
        fixture.server.faults().clear();
        try (HexmirrorProcess again = startSync()) {
            assertThat(again.awaitExit(Duration.ofMinutes(2))).as(again.output()).isZero();
        }
        assertThat(fixture.storage.stat("tarballs/plug-1.16.0.tar")).isPresent();
    }

    @Test
    void breakLockIsRefusedWhileTheSyncHoldingTheLockStillRuns() throws Exception {
        fixture.server.faults().drip("tarballs/plug-1.16.0.tar", Duration.ofMillis(500));
        try (HexmirrorProcess sync = startSync()) {
            awaitDownloadStarted(sync);
            String lock = Files.readString(fixture.mirrorDir.resolve(MirrorLock.KEY));

            try (HexmirrorProcess breaker = startSync("--break-lock")) {
                assertThat(breaker.awaitExit(Duration.ofMinutes(2))).as(breaker.output()).isEqualTo(5);
                assertThat(breaker.log()).contains("(pid " + sync.pid() + ")").contains("which is still running: stop it first");
            }

            assertThat(sync.isAlive()).as("the first sync goes on").isTrue();
            assertThat(Files.readString(fixture.mirrorDir.resolve(MirrorLock.KEY))).as("its lock, untouched").isEqualTo(lock);
        }
    }

    @Test
    void aSyncKilledWithSigkillLeavesALockAndStagingThatTheNextSyncTakesOverAndCleansUp() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        fixture.server.faults().drip("tarballs/plug-1.16.0.tar", Duration.ofMillis(500));
        long killed;
        try (HexmirrorProcess sync = startSync(tmp)) {
            killed = sync.pid();
            awaitDownloadStarted(sync);
            new ProcessBuilder("kill", "-KILL", Long.toString(killed)).start().waitFor();
            assertThat(sync.awaitExit(Duration.ofSeconds(30))).isEqualTo(128 + 9);
        }
        assertThat(Files.readString(fixture.mirrorDir.resolve(MirrorLock.KEY))).as("the lock a kill -9 leaves")
                .contains("pid=" + killed + "\n");
        assertThat(stagingOf(tmp, killed)).as("the staging directory a kill -9 leaves").isNotEmpty();
        // A kill during a write leaves its temporary file in the mirror, named after the writer's host and
        // process (timing a kill into the instant of a write would be flaky, so the test leaves them).
        String host = Files.readAllLines(fixture.mirrorDir.resolve(MirrorLock.KEY)).stream()
                .filter(line -> line.startsWith("host=")).findFirst().orElseThrow().substring("host=".length());
        List<Path> leftovers = new ArrayList<>();
        for (String area : List.of("packages", "tarballs")) {
            leftovers.add(Files.writeString(fixture.mirrorDir.resolve(area + "/.hexmirror-tmp-" + host + "~" + killed + "~x.part"),
                    "half-written"));
        }
        fixture.server.faults().clear();

        try (HexmirrorProcess again = startSync(tmp)) {
            assertThat(again.awaitExit(Duration.ofMinutes(2))).as(again.output()).isZero();
            assertThat(again.log()).contains("(pid " + killed + ")").contains("which is no longer running: taking the lock over");
        }

        assertThat(fixture.storage.stat(MirrorLock.KEY)).as("the lock, released").isEmpty();
        assertThat(stagingOf(tmp, killed)).as("the killed sync's staging directory, removed").isEmpty();
        assertThat(leftovers).as("the killed sync's temporary files, removed").allSatisfy(f -> assertThat(f).doesNotExist());
        assertThat(fixture.storage.stat("tarballs/plug-1.16.0.tar")).isPresent();
        assertThat(fixture.verify().problems()).isEmpty();
    }

    /** The staging directories in {@code tmp} of the sync with process id {@code pid}. */
    private static List<Path> stagingOf(Path tmp, long pid) throws IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.filter(f -> f.getFileName().toString().startsWith("hexmirror-sync-" + pid + "-")).toList();
        }
    }

    @Test
    void aFullDiskStopsTheSyncAtTheFirstFailedWriteNamingItAndTheNextSyncResumes() throws Exception {
        for (int i = 0; i < 20; i++) {
            fixture.upstream.publish("pkg" + i, "1.0.0");
        }
        Path other = dir.resolve("small-disk");
        FaultInjectingStorage disk = new FaultInjectingStorage(FileSystemStorage.open(other, false)).diskFullAfterBytes(10_000);

        assertThatThrownBy(() -> fixture.sync(SyncOptions.all(), disk)).isInstanceOf(IOException.class)
                .hasMessageMatching("(?s)cannot write '[^']+' to .*: No space left on device.*")
                .hasMessageContaining("the sync stopped at this first failed write");
        int committed = disk.commitCount();
        assertThat(committed).as("stopped early, not failing package after package").isLessThan(30);

        disk.clearFaults();
        assertThat(fixture.sync(SyncOptions.all(), disk).failures()).isEmpty();
        assertThat(fixture.mirrorAt(other).verify().problems()).isEmpty();
        assertThat(disk.delegate().stat("tarballs/pkg19-1.0.0.tar")).isPresent();
    }

    private HexmirrorProcess startSync(String... options) throws IOException {
        return startSync(null, options);
    }

    /** A sync whose temporary directory (for its staging directory) is {@code tmp}, or the system's when null. */
    private HexmirrorProcess startSync(Path tmp, String... options) throws IOException {
        List<String> args = new ArrayList<>(List.of("sync", "--upstream", fixture.server.baseUri().toString(),
                "--upstream-key", key.toString()));
        args.addAll(List.of(options));
        args.add(fixture.mirrorDir.toString());
        List<String> jvm = tmp == null ? List.of() : List.of("-Djava.io.tmpdir=" + tmp);
        return HexmirrorProcess.start(dir.resolve("logs-" + System.nanoTime()), jvm, args);
    }

    /** Whether process {@code pid} ignores the signal (as it inherited it ignored), from its SigIgn mask. */
    private static boolean ignores(long pid, String signal) throws IOException {
        int number = "INT".equals(signal) ? 2 : 15;
        String mask = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(line -> line.startsWith("SigIgn:")).map(line -> line.substring("SigIgn:".length()).trim())
                .findFirst().orElseThrow(() -> new AssertionError("no SigIgn line in /proc/" + pid + "/status"));
        return (Long.parseUnsignedLong(mask, 16) & (1L << (number - 1))) != 0;
    }

    private void awaitDownloadStarted(HexmirrorProcess sync) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (fixture.server.requestsFor("tarballs/plug-1.16.0.tar").isEmpty()) {
            if (!sync.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("the sync did not start downloading in time:" + sync.output());
            }
            Thread.sleep(100);
        }
        Thread.sleep(1000);
    }
}
