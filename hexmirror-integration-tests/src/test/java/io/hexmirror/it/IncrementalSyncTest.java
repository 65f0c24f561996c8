package io.hexmirror.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.registry.proto.SecurityAdvisory;
import io.hexmirror.sync.SyncSummary;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** After each kind of upstream change, one sync makes the mirror equal to upstream again, cheaply. */
class IncrementalSyncTest {
    @TempDir
    Path mirror;

    SyncFixture fixture;

    @BeforeEach
    void syncOnce() throws Exception {
        fixture = new SyncFixture(mirror).withSampleRepository();
        assertThat(fixture.sync().failures()).isEmpty();
        fixture.server.resetLog();
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void newRelease() throws Exception {
        fixture.upstream.release("plug", "1.16.0").dependsOn("mime", "~> 2.0").publish();

        SyncSummary summary = syncAndCheck();

        assertThat(summary.packagesUpdated()).isEqualTo(1);
        assertThat(summary.tarballsDownloaded()).isEqualTo(1);
        assertThat(fixture.requestedPaths()).containsExactly("/names", "/versions", "/packages/plug", "/tarballs/plug-1.16.0.tar");
    }

    @Test
    void newPackage() throws Exception {
        fixture.upstream.publish("jason", "1.4.0");

        SyncSummary summary = syncAndCheck();

        assertThat(summary.packagesAdded()).isEqualTo(1);
        assertThat(fixture.requestedPaths()).containsExactly("/names", "/versions", "/packages/jason", "/tarballs/jason-1.4.0.tar");
    }

    @Test
    void retirementDownloadsNoTarball() throws Exception {
        fixture.upstream.retire("plug", "1.14.0", 2, "security hole");

        SyncSummary summary = syncAndCheck();

        assertThat(summary.packagesUpdated()).isEqualTo(1);
        assertThat(summary.tarballsDownloaded()).isZero();
        assertThat(fixture.requestedPaths()).containsExactly("/names", "/versions", "/packages/plug");
    }

    @Test
    void unretirement() throws Exception {
        fixture.upstream.unretire("telemetry", "0.4.3");

        assertThat(syncAndCheck().packagesUpdated()).isEqualTo(1);
    }

    @Test
    void securityAdvisory() throws Exception {
        fixture.upstream.addAdvisory("mime", SecurityAdvisory.newBuilder().setId("GHSA-xxxx-yyyy-zzzz")
                .setSummary("bad things").build(), "1.6.0");

        SyncSummary summary = syncAndCheck();

        assertThat(summary.packagesUpdated()).isEqualTo(1);
        assertThat(summary.tarballsDownloaded()).isZero();
    }

    @Test
    void removedReleaseLosesItsTarball() throws Exception {
        fixture.upstream.removeRelease("mime", "1.6.0");

        SyncSummary summary = syncAndCheck();

        assertThat(summary.tarballsRemoved()).isEqualTo(1);
        assertThat(fixture.storage.stat("tarballs/mime-1.6.0.tar")).isEmpty();
    }

    @Test
    void removedPackageLosesItsFileAndTarballs() throws Exception {
        fixture.upstream.removePackage("telemetry");
        // Keep the repository consistent: nothing may depend on a removed package.
        fixture.upstream.removePackage("plug_crypto");
        fixture.upstream.removeRelease("plug", "1.14.0");
        fixture.upstream.removeRelease("plug", "1.15.0");

        SyncSummary summary = syncAndCheck();

        assertThat(summary.packagesRemoved()).isEqualTo(3);
        assertThat(fixture.storage.stat("packages/telemetry")).isEmpty();
        assertThat(fixture.storage.stat("tarballs/telemetry-1.0.0.tar")).isEmpty();
    }

    @Test
    void releaseReplacedUnderTheSameVersionIsDownloadedAgain() throws Exception {
        String before = fixture.sha256("tarballs/mime-2.0.0.tar");
        fixture.upstream.replaceTarball("mime", "2.0.0");

        SyncSummary summary = syncAndCheck();

        assertThat(summary.tarballsDownloaded()).isEqualTo(1);
        assertThat(fixture.sha256("tarballs/mime-2.0.0.tar")).isNotEqualTo(before);
        assertThat(fixture.requestedPaths()).containsExactly("/names", "/versions", "/packages/mime", "/tarballs/mime-2.0.0.tar");
    }

    @Test
    void severalChangesAtOnceCostOneRequestPerChangedPackageAndNewTarball() throws Exception {
        fixture.upstream.publish("jason", "1.4.0");
        fixture.upstream.publish("jason", "1.4.1");
        fixture.upstream.retire("mime", "1.6.0", 3, "old");
        fixture.upstream.release("plug", "1.16.0").dependsOn("mime", "~> 2.0").publish();

        SyncSummary summary = syncAndCheck();

        // 2 indexes + 3 package files + 3 new tarballs
        assertThat(summary.requests()).isEqualTo(2 + 3 + 3);
    }

    private SyncSummary syncAndCheck() throws Exception {
        SyncSummary summary = fixture.sync();
        assertThat(summary.failures()).isEmpty();
        fixture.assertMirrorEqualsUpstream();
        assertThat(fixture.verify().problems()).isEmpty();
        return summary;
    }
}
