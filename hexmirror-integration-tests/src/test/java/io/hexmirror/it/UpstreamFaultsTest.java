package io.hexmirror.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.BadSignatureException;
import io.hexmirror.OriginMismatchException;
import io.hexmirror.sync.SyncFailure;
import io.hexmirror.sync.SyncSummary;
import io.hexmirror.upstream.UpstreamStalledException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every fault upstream leaves the mirror's last good state, says what failed, and a later sync
 * completes the work once upstream is healthy again.
 */
class UpstreamFaultsTest {
    @TempDir
    Path mirror;

    SyncFixture fixture;
    Map<String, String> lastGood;

    @BeforeEach
    void syncOnceThenChangeUpstream() throws Exception {
        fixture = new SyncFixture(mirror).withSampleRepository();
        assertThat(fixture.sync().failures()).isEmpty();
        lastGood = fixture.snapshot();
        fixture.upstream.release("plug", "1.16.0").dependsOn("mime", "~> 2.0").publish();
        fixture.upstream.release("mime", "2.0.1").publish();
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void badSignatureOnNamesPublishesNothing() throws Exception {
        fixture.server.faults().badSignature("names");

        assertThatThrownBy(fixture::sync).isInstanceOf(BadSignatureException.class).hasMessageContaining("names");
        assertThat(fixture.snapshot()).isEqualTo(lastGood);
        recoversOnceHealthy();
    }

    @Test
    void wrongRepositoryInVersionsPublishesNothing() throws Exception {
        fixture.server.faults().wrongRepository("versions");

        assertThatThrownBy(fixture::sync).isInstanceOf(OriginMismatchException.class)
                .hasMessageContaining("versions").hasMessageContaining("expected 'hexpm'");
        assertThat(fixture.snapshot()).isEqualTo(lastGood);
        recoversOnceHealthy();
    }

    @Test
    void badSignatureOnAPackageKeepsThatPackageAndQuarantinesIt() throws Exception {
        fixture.server.faults().badSignature("packages/plug");

        SyncSummary summary = fixture.sync();

        assertOnlyQuarantined(summary, "packages/plug", "signature does not verify");
        assertThat(fixture.sha256("packages/plug")).isEqualTo(lastGood.get("packages/plug"));
        assertThat(fixture.storage.stat("tarballs/plug-1.16.0.tar")).isEmpty();
        // The healthy package went through; a failure that would recur does not hold the indexes back.
        assertThat(fixture.storage.stat("tarballs/mime-2.0.1.tar")).isPresent();
        assertThat(fixture.sha256("versions")).isEqualTo(SyncFixture.sha256Bytes(fixture.upstream.file("versions").orElseThrow()));
        assertThat(fixture.verify().problems()).isEmpty();
        recoversOnceHealthy();
    }

    @Test
    void wrongPackageNameIsRefused() throws Exception {
        fixture.server.faults().wrongPackageName("packages/mime");

        assertOnlyQuarantined(fixture.sync(), "packages/mime", "expected 'mime'");
        assertThat(fixture.sha256("packages/mime")).isEqualTo(lastGood.get("packages/mime"));
        recoversOnceHealthy();
    }

    @Test
    void corruptTarballIsNeverPublished() throws Exception {
        fixture.server.faults().corruptTarball("tarballs/plug-1.16.0.tar");

        SyncSummary summary = fixture.sync();

        assertOnlyQuarantined(summary, "tarballs/plug-1.16.0.tar", "checksum");
        assertThat(fixture.storage.stat("tarballs/plug-1.16.0.tar")).isEmpty();
        assertThat(fixture.sha256("packages/plug")).isEqualTo(lastGood.get("packages/plug"));
        assertThat(fixture.verify().problems()).isEmpty();
        recoversOnceHealthy();
    }

    @Test
    void truncatedTarballIsRetriedThenRefused() throws Exception {
        fixture.server.faults().truncate("tarballs/plug-1.16.0.tar");

        SyncSummary summary = fixture.sync();

        assertThat(summary.indexesPublished()).isFalse();
        assertThat(summary.quarantined()).isEmpty();
        assertThat(summary.failures()).singleElement().satisfies(f -> assertThat(f.subject()).isEqualTo("tarballs/plug-1.16.0.tar"));
        assertThat(fixture.server.requestsFor("tarballs/plug-1.16.0.tar")).hasSize(3);
        assertThat(fixture.storage.stat("tarballs/plug-1.16.0.tar")).isEmpty();
        recoversOnceHealthy();
    }

    @Test
    void transientServerErrorsAreRetried() throws Exception {
        fixture.server.faults().status("packages/plug", 500).times(2);
        fixture.server.faults().status("tarballs/mime-2.0.1.tar", 503).once();

        SyncSummary summary = fixture.sync();

        assertThat(summary.failures()).isEmpty();
        fixture.assertMirrorEqualsUpstream();
    }

    @Test
    void persistentServerErrorsAreAFailureNamingTheStatus() throws Exception {
        fixture.server.faults().status("packages/plug", 500);

        assertOnlyFailure(fixture.sync(), "packages/plug", "500");
        assertThat(fixture.sha256("packages/plug")).isEqualTo(lastGood.get("packages/plug"));
        recoversOnceHealthy();
    }

    @Test
    void droppedConnectionIsRetried() throws Exception {
        fixture.server.faults().dropConnection("tarballs/plug-1.16.0.tar").once();

        assertThat(fixture.sync().failures()).isEmpty();
        fixture.assertMirrorEqualsUpstream();
    }

    @Test
    void aServerTooSlowToAnswerIsAFailureAndTheRestGoesOn() throws Exception {
        fixture.server.faults().stall("tarballs/mime-2.0.1.tar", Duration.ofSeconds(5));

        SyncSummary summary = fixture.sync();

        assertThat(summary.failures()).singleElement().satisfies(f -> assertThat(f.subject()).isEqualTo("tarballs/mime-2.0.1.tar"));
        assertThat(fixture.storage.stat("tarballs/plug-1.16.0.tar")).isPresent();
        assertThat(fixture.verify().problems()).isEmpty();
        recoversOnceHealthy();
    }

    @Test
    void anUpstreamThatNeverAnswersTheIndexesIsReportedAsStalledAndNothingChanges() throws Exception {
        fixture.server.faults().slow("names", Duration.ofSeconds(6));

        assertThatThrownBy(fixture::sync).isInstanceOf(UpstreamStalledException.class)
                .hasMessageStartingWith("upstream " + fixture.server.baseUri() + " stalled: GET " + fixture.server.baseUri() + "/names")
                .satisfies(e -> assertThat(((UpstreamStalledException) e).attempts()).isEqualTo(2));
        assertThat(fixture.snapshot()).isEqualTo(lastGood);
        recoversOnceHealthy();
    }

    @Test
    void anUpstreamThatStallsOnEveryPackageStopsTheSyncInsteadOfWaitingOutEachOne() throws Exception {
        for (String name : new String[] {"jason", "ranch", "cowlib", "decimal"}) {
            fixture.upstream.publish(name, "1.0.0");
        }
        fixture.server.faults().slow("packages/*", Duration.ofSeconds(6));

        assertThatThrownBy(fixture::sync).isInstanceOf(UpstreamStalledException.class)
                .hasMessageContaining("stalled: GET " + fixture.server.baseUri() + "/packages/");
        // Six packages changed; the sync stopped after the first stalls instead of trying each of them twice.
        assertThat(fixture.server.requestLog().stream().filter(e -> e.resource().startsWith("packages/")).count())
                .isLessThan(12);
        assertThat(fixture.sha256("names")).isEqualTo(lastGood.get("names"));
        assertThat(fixture.sha256("versions")).isEqualTo(lastGood.get("versions"));
        recoversOnceHealthy();
    }

    private static void assertOnlyFailure(SyncSummary summary, String subject, String messagePart) {
        assertThat(summary.indexesPublished()).isFalse();
        assertThat(summary.failures()).singleElement().satisfies((SyncFailure f) -> {
            assertThat(f.subject()).isEqualTo(subject);
            assertThat(f.message()).contains(messagePart);
        });
    }

    private static void assertOnlyQuarantined(SyncSummary summary, String subject, String messagePart) {
        assertThat(summary.indexesPublished()).isTrue();
        assertThat(summary.publishedWithQuarantine()).isTrue();
        assertThat(summary.failures()).singleElement().satisfies((SyncFailure f) -> {
            assertThat(f.subject()).isEqualTo(subject);
            assertThat(f.message()).contains(messagePart);
        });
        assertThat(summary.quarantined()).singleElement().satisfies(q -> assertThat(q.subject()).isEqualTo(subject));
    }

    private void recoversOnceHealthy() throws Exception {
        fixture.server.faults().clear();
        SyncSummary summary = fixture.sync();
        assertThat(summary.failures()).isEmpty();
        fixture.assertMirrorEqualsUpstream();
        assertThat(fixture.verify().problems()).isEmpty();
    }
}
