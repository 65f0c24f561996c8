package io.hexmirror.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.internal.sync.SyncOptions;
import io.hexmirror.storage.ForwardingStorage;
import io.hexmirror.storage.ObjectWrite;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.WriteOptions;
import io.hexmirror.sync.SyncSummary;
import io.hexmirror.testkit.upstream.FakeHexRepository;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full sync stopped before it published {@code /names} and {@code /versions} (killed, a full disk) is
 * resumed without fetching again the package files it had finished: until the indexes are published, the
 * mirror's own indexes still say every one of them changed. Counted by the upstream's request log.
 */
class ResumedSyncTest {
    private static final int PACKAGES = 120;

    @TempDir
    Path dir;

    SyncFixture fixture;

    @BeforeEach
    void upstreamWithManyPackages() throws Exception {
        FakeHexRepository upstream = FakeHexRepository.create();
        for (int i = 0; i < PACKAGES; i++) {
            upstream.publish(name(i), "1.0.0");
        }
        fixture = new SyncFixture(dir.resolve("mirror"), upstream);
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void aSyncStoppedBeforeItsIndexesFetchesNoPackageFileAgain() throws Exception {
        assertThatThrownBy(() -> fixture.sync(SyncOptions.all(), new StopAt(fixture.storage, "versions", Integer.MAX_VALUE)))
                .isInstanceOf(CrashingStorage.Crash.class);

        fixture.server.resetLog();
        SyncSummary resumed = fixture.sync();

        assertThat(resumed.failures()).isEmpty();
        assertThat(packageRequests()).as("package files fetched again").isZero();
        assertThat(tarballRequests()).as("tarballs fetched again").isZero();
        fixture.assertMirrorEqualsUpstream();
        assertThat(fixture.verify().problems()).isEmpty();
    }

    @Test
    void aSyncKilledHalfWayFetchesAgainOnlyWhatItHadNotRecorded() throws Exception {
        // Each package is a tarball and a package file: stop after about 70 packages.
        assertThatThrownBy(() -> fixture.sync(SyncOptions.all(), new StopAt(fixture.storage, null, 140)))
                .isInstanceOf(CrashingStorage.Crash.class);

        fixture.server.resetLog();
        SyncSummary resumed = fixture.sync();

        assertThat(resumed.failures()).isEmpty();
        // Recorded every 50 finished packages: at least 50 are not fetched again (before, all 120 were).
        assertThat(packageRequests()).as("package files fetched again").isBetween(1L, PACKAGES - 50L);
        fixture.assertMirrorEqualsUpstream();
        assertThat(fixture.verify().problems()).isEmpty();
    }

    @Test
    void aSyncStoppedTwiceResumesFromWhatBothRunsRecorded() throws Exception {
        // Killed after about 70 packages: at least 50 recorded, in the first part of the record.
        assertThatThrownBy(() -> fixture.sync(SyncOptions.all(), new StopAt(fixture.storage, null, 140)))
                .isInstanceOf(CrashingStorage.Crash.class);
        // The second run finishes the rest, records them in parts after the first, and stops at /versions.
        assertThatThrownBy(() -> fixture.sync(SyncOptions.all(), new StopAt(fixture.storage, "versions", Integer.MAX_VALUE)))
                .isInstanceOf(CrashingStorage.Crash.class);
        try (var parts = fixture.storage.list(".hexmirror/sync-progress/")) {
            assertThat(parts).hasSizeGreaterThan(1);
        }

        fixture.server.resetLog();
        SyncSummary resumed = fixture.sync();

        assertThat(resumed.failures()).isEmpty();
        assertThat(packageRequests()).as("package files fetched again").isZero();
        fixture.assertMirrorEqualsUpstream();
        assertThat(fixture.verify().problems()).isEmpty();
    }

    @Test
    void aPackageThatChangedUpstreamSinceTheStopIsFetchedAgain() throws Exception {
        assertThatThrownBy(() -> fixture.sync(SyncOptions.all(), new StopAt(fixture.storage, "versions", Integer.MAX_VALUE)))
                .isInstanceOf(CrashingStorage.Crash.class);
        fixture.upstream.publish(name(7), "1.1.0");
        fixture.upstream.retire(name(9), "1.0.0", 2, "security hole");

        fixture.server.resetLog();
        SyncSummary resumed = fixture.sync();

        assertThat(resumed.failures()).isEmpty();
        assertThat(fixture.requestedPaths().stream().filter(p -> p.startsWith("/packages/")))
                .containsExactlyInAnyOrder("/packages/" + name(7), "/packages/" + name(9));
        fixture.assertMirrorEqualsUpstream();
    }

    @Test
    void aCompletedSyncLeavesNoResumeRecordBehind() throws Exception {
        assertThat(fixture.sync().failures()).isEmpty();

        try (var parts = fixture.storage.list(".hexmirror/sync-progress/")) {
            assertThat(parts).isEmpty();
        }
        fixture.upstream.publish(name(3), "2.0.0");
        fixture.server.resetLog();
        fixture.sync();
        assertThat(packageRequests()).isEqualTo(1);
    }

    private long packageRequests() {
        return fixture.requestedPaths().stream().filter(p -> p.startsWith("/packages/")).count();
    }

    private long tarballRequests() {
        return fixture.requestedPaths().stream().filter(p -> p.startsWith("/tarballs/")).count();
    }

    private static String name(int i) {
        return String.format("pkg_%03d", i);
    }

    /** Stops (as a kill would) at the first commit of {@code key}, or after {@code surviving} commits. */
    private static final class StopAt extends ForwardingStorage {
        private final String key;
        private final int surviving;
        private final java.util.concurrent.atomic.AtomicInteger commits = new java.util.concurrent.atomic.AtomicInteger();

        StopAt(Storage delegate, String key, int surviving) {
            super(delegate);
            this.key = key;
            this.surviving = surviving;
        }

        @Override
        public ObjectWrite write(String written, WriteOptions options) throws IOException {
            ObjectWrite write = delegate().write(written, options);
            return HookedWrite.before(write, () -> {
                boolean reserved = written.startsWith(".hexmirror/");
                if (written.equals(key) || (!reserved && commits.incrementAndGet() > surviving)) {
                    throw new CrashingStorage.Crash();
                }
            });
        }
    }
}
