package io.hexmirror.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.internal.sync.SyncOptions;
import io.hexmirror.storage.fs.FileSystemStorage;
import io.hexmirror.sync.SyncSummary;
import io.hexmirror.testkit.storage.FaultInjectingStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sync stopped after every possible number of writes leaves a mirror that verifies, and the next
 * sync completes it without downloading again what was already published.
 */
class InterruptedSyncTest {
    @TempDir
    Path dir;

    SyncFixture fixture;
    Path baseline;

    @BeforeEach
    void syncThenChangeUpstream() throws Exception {
        fixture = new SyncFixture(dir.resolve("baseline")).withSampleRepository();
        assertThat(fixture.sync().failures()).isEmpty();
        baseline = dir.resolve("baseline");
        fixture.upstream.publish("jason", "1.4.0").publish("jason", "1.4.1");
        fixture.upstream.release("plug", "1.16.0").dependsOn("mime", "~> 2.0").publish();
        fixture.upstream.replaceTarball("mime", "2.0.0");
        fixture.upstream.retire("plug", "1.14.0", 2, "hole");
        fixture.upstream.removeRelease("telemetry", "0.4.3");
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void aCrashAfterAnyNumberOfWritesLeavesAVerifiableMirrorThatTheNextSyncCompletes() throws Exception {
        int changes = countChangesOfAFullSync();
        assertThat(changes).as("tarballs, package files, indexes and deletions").isGreaterThanOrEqualTo(10);

        for (int surviving = 0; surviving < changes; surviving++) {
            Path mirror = copyOfBaseline("crash-" + surviving);
            FileSystemStorage storage = FileSystemStorage.open(mirror, false);
            CrashingStorage crashing = new CrashingStorage(storage, surviving);

            assertThatThrownBy(() -> fixture.sync(SyncOptions.all(), crashing))
                    .as("crash after %d changes", surviving).isInstanceOf(CrashingStorage.Crash.class);

            SyncFixture.Mirror after = fixture.mirrorAt(mirror);
            // The one state a reader can catch mid-way: a release replaced under the same version has its
            // new tarball in place while the package file still lists the old checksum. hex.pm has the
            // same window (the layout has one file per tarball); a client that hits it fails the
            // checksum and succeeds on retry. Anything else is a broken mirror.
            assertThat(after.verify().problems()).as("mirror after a crash at change %d", surviving)
                    .allSatisfy(p -> assertThat(p.key()).isEqualTo("tarballs/mime-2.0.0.tar"));

            fixture.server.resetLog();
            SyncSummary resumed = fixture.sync(SyncOptions.all(), storage);
            assertThat(resumed.failures()).isEmpty();
            after.assertEqualsUpstream();
            long tarballRequests = fixture.requestedPaths().stream().filter(p -> p.startsWith("/tarballs/")).count();
            assertThat(tarballRequests).as("tarballs downloaded again after a crash at change %d", surviving)
                    .isEqualTo(resumed.tarballsDownloaded());
            assertThat(tarballRequests).isLessThanOrEqualTo(4);
        }
    }

    @Test
    void aFullDiskIsReportedAndTheMirrorKeepsItsLastGoodState() throws Exception {
        Path mirror = copyOfBaseline("full");
        FileSystemStorage storage = FileSystemStorage.open(mirror, false);
        FaultInjectingStorage full = new FaultInjectingStorage(storage).diskFullAfterBytes(0);

        // The first failed write stops the sync, naming the file.
        assertThatThrownBy(() -> fixture.sync(SyncOptions.all(), full)).isInstanceOf(IOException.class)
                .hasMessageMatching("(?s)cannot write '[^']+' to .*: No space left on device.*")
                .hasMessageContaining("the sync stopped at this first failed write");
        SyncFixture.Mirror after = fixture.mirrorAt(mirror);
        assertThat(after.snapshot()).isEqualTo(fixture.mirrorAt(baseline).snapshot());

        assertThat(fixture.sync(SyncOptions.all(), storage).failures()).isEmpty();
        after.assertEqualsUpstream();
    }

    private int countChangesOfAFullSync() throws Exception {
        Path mirror = copyOfBaseline("count");
        FaultInjectingStorage counting = new FaultInjectingStorage(FileSystemStorage.open(mirror, false));
        assertThat(fixture.sync(SyncOptions.all(), counting).failures()).isEmpty();
        return counting.commitCount() + counting.deletedKeys().size();
    }

    private Path copyOfBaseline(String name) throws IOException {
        Path target = dir.resolve(name);
        try (Stream<Path> files = Files.walk(baseline)) {
            for (Path source : files.toList()) {
                Path copy = target.resolve(baseline.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(source, copy, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return target;
    }
}
