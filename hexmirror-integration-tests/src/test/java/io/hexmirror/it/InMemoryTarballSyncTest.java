package io.hexmirror.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.sync.SyncFailure;
import io.hexmirror.sync.SyncSummary;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sync reads most tarballs into memory and a few large ones through a spill file: either way a
 * tarball reaches the mirror only verified, a broken download is retried from the start, and a bad
 * one is refused.
 */
class InMemoryTarballSyncTest {
    /** Over the most a sync keeps of one tarball in memory (1 MiB). */
    static final int LARGE = 1_500_000;
    static final String BIG = "tarballs/big-1.0.0.tar";
    static final String SMALL = "tarballs/mime-2.0.0.tar";

    @TempDir
    Path dir;

    SyncFixture fixture;

    @BeforeEach
    void upstreamWithALargeTarball() throws Exception {
        fixture = new SyncFixture(dir.resolve("mirror")).withSampleRepository();
        fixture.upstream.release("big", "1.0.0").payloadBytes(LARGE).publish();
        assertThat(fixture.upstream.file(BIG).orElseThrow().length).isGreaterThan(1024 * 1024);
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void smallAndLargeTarballsSyncAndVerify() throws Exception {
        assertThat(fixture.sync().failures()).isEmpty();

        fixture.assertMirrorEqualsUpstream();
        assertThat(fixture.verify().problems()).isEmpty();
    }

    @Test
    void brokenDownloadsAreRetriedFromTheStartAndPublishTheRightBytes() throws Exception {
        // The full Content-Length, half the body, then the connection closes.
        fixture.server.faults().truncate(BIG).once();
        fixture.server.faults().truncate(SMALL).once();

        assertThat(fixture.sync().failures()).isEmpty();

        assertThat(fixture.server.requestsFor(BIG)).hasSize(2);
        assertThat(fixture.server.requestsFor(SMALL)).hasSize(2);
        fixture.assertMirrorEqualsUpstream();
        assertThat(fixture.verify().problems()).isEmpty();
    }

    @Test
    void corruptTarballsAreRefusedAndNothingOfTheirPackagesIsPublished() throws Exception {
        fixture.server.faults().corruptTarball(BIG);
        fixture.server.faults().corruptTarball(SMALL);

        SyncSummary summary = fixture.sync();

        assertThat(summary.quarantined()).extracting(q -> q.subject()).containsExactlyInAnyOrder(BIG, SMALL);
        assertThat(fixture.storage.stat(BIG)).isEmpty();
        assertThat(fixture.storage.stat(SMALL)).isEmpty();
        assertThat(fixture.storage.stat("packages/big")).isEmpty();
        assertThat(fixture.storage.stat("packages/mime")).isEmpty();
        assertThat(fixture.verify().problems()).isEmpty();
    }

    @Test
    void truncatedTarballsThatStayTruncatedAreNeverPublished() throws Exception {
        fixture.server.faults().truncate(BIG);
        fixture.server.faults().truncate(SMALL);

        SyncSummary summary = fixture.sync();

        assertThat(summary.failures()).extracting(SyncFailure::subject).containsExactlyInAnyOrder(BIG, SMALL);
        assertThat(fixture.storage.stat(BIG)).isEmpty();
        assertThat(fixture.storage.stat(SMALL)).isEmpty();
        assertThat(fixture.storage.stat("packages/big")).isEmpty();
    }
}
