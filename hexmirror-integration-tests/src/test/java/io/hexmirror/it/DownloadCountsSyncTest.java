package io.hexmirror.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.HexMirror;
import io.hexmirror.MirrorOptions;
import io.hexmirror.VerificationException;
import io.hexmirror.downloads.DownloadCounts;
import io.hexmirror.downloads.DownloadCountsOptions;
import io.hexmirror.downloads.DownloadSnapshot;
import io.hexmirror.internal.sync.SyncEngine;
import io.hexmirror.internal.sync.SyncOptions;
import io.hexmirror.internal.upstream.UpstreamClient;
import io.hexmirror.sync.SyncFailure;
import io.hexmirror.sync.SyncListener;
import io.hexmirror.sync.SyncSummary;
import io.hexmirror.testkit.upstream.FakeHexRepository;
import io.hexmirror.transfer.ExportOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sync} with download counts against the fake upstream's API pages: the snapshot is fetched page by
 * page and stored as {@value DownloadSnapshot#KEY}; a failing or forged API answer is reported, does not hold
 * back the packages, and leaves the previous snapshot; bundles carry the snapshot and an import refuses a
 * forged one, leaving the target as it was.
 */
class DownloadCountsSyncTest {
    /** More than one API page of 100. */
    private static final int PACKAGES = 130;

    @TempDir
    Path dir;

    private SyncFixture fixture;
    private UpstreamClient api;
    private DownloadCountsOptions counts;

    @BeforeEach
    void upstream() throws Exception {
        fixture = new SyncFixture(Files.createDirectories(dir.resolve("mirror")));
        publishWithCounts(fixture.upstream);
        counts = DownloadCountsOptions.defaults().withApiUrl(fixture.server.uri("api")).withPause(Duration.ZERO);
        api = UpstreamClient.builder(counts.apiUrl()).retries(0).build();
    }

    /** pkg000 .. pkg129, each downloaded 1000 times its number; pkg007 has no counts (a new package). */
    static void publishWithCounts(FakeHexRepository upstream) {
        for (int i = 0; i < PACKAGES; i++) {
            String name = String.format("pkg%03d", i);
            upstream.publish(name, "1.0.0");
            if (i != 7) {
                upstream.downloads(name, 1000L * i, 100L * i, 10L * i, i);
            }
        }
    }

    @AfterEach
    void close() throws Exception {
        api.close();
        fixture.close();
    }

    private SyncSummary syncWithCounts() throws Exception {
        return new SyncEngine(fixture.client, fixture.storage, fixture.upstream.reader(), SyncOptions.all().withConcurrency(4),
                SyncListener.NONE).withDownloadCounts(api, counts).run();
    }

    private DownloadSnapshot stored(Path mirror) throws Exception {
        return DownloadSnapshot.parse(Files.readAllBytes(mirror.resolve(DownloadSnapshot.KEY)), "in the test", Instant.now());
    }

    @Test
    void aSyncWithTheOptionStoresTheCountsOfEveryPageWithTheirDate() throws Exception {
        Instant before = Instant.now().minusSeconds(1);

        SyncSummary summary = syncWithCounts();

        assertThat(summary.failures()).isEmpty();
        DownloadSnapshot snapshot = stored(fixture.mirrorDir);
        assertThat(snapshot.packages()).hasSize(PACKAGES);
        assertThat(snapshot.counts("pkg129")).contains(new DownloadCounts(129_000, 12_900, 1290, 129));
        assertThat(snapshot.counts("pkg007")).as("no downloads yet: zeros").contains(DownloadCounts.NONE);
        assertThat(snapshot.fetchedAt()).isBetween(before, Instant.now());
        assertThat(fixture.server.requestLog()).extracting(e -> e.path()).filteredOn(p -> p.startsWith("/api/"))
                .containsExactly("/api/packages?sort=name&page=1", "/api/packages?sort=name&page=2");
    }

    @Test
    void withoutTheOptionTheApiIsNotAsked() throws Exception {
        assertThat(fixture.sync().failures()).isEmpty();

        assertThat(fixture.mirrorDir.resolve(DownloadSnapshot.KEY)).doesNotExist();
        assertThat(fixture.server.requestLog()).noneMatch(e -> e.path().startsWith("/api/"));
    }

    @Test
    void theFacadeOptionFetchesTheSnapshotThroughTheSyncsClientSettings() throws Exception {
        MirrorOptions options = MirrorOptions.builder().upstream(fixture.server.baseUri()).upstreamKey(fixture.upstream.publicKey())
                .environment(Map.of()).downloadCounts(counts).build();
        try (HexMirror mirror = HexMirror.open(dir.resolve("facade"), options)) {
            assertThat(mirror.sync().failures()).isEmpty();
        }
        assertThat(stored(dir.resolve("facade")).counts("pkg042")).contains(new DownloadCounts(42_000, 4200, 420, 42));
    }

    @Test
    void anApiFailureIsReportedDoesNotHoldBackThePackagesAndKeepsThePreviousSnapshot() throws Exception {
        assertThat(syncWithCounts().failures()).isEmpty();
        byte[] previous = Files.readAllBytes(fixture.mirrorDir.resolve(DownloadSnapshot.KEY));
        fixture.upstream.publish("pkg000", "2.0.0");
        fixture.server.faults().status("api/packages", 503);

        SyncSummary summary = syncWithCounts();

        assertThat(summary.indexesPublished()).isTrue();
        assertThat(summary.failures()).extracting(SyncFailure::toString).singleElement().asString()
                .startsWith("download counts: not updated: ")
                .contains("503")
                .endsWith("; the mirror keeps its previous snapshot");
        assertThat(fixture.sha256("packages/pkg000")).as("the new release is published")
                .isEqualTo(SyncFixture.sha256Bytes(fixture.upstream.file("packages/pkg000").orElseThrow()));
        assertThat(fixture.mirrorDir.resolve("tarballs/pkg000-2.0.0.tar")).exists();
        assertThat(Files.readAllBytes(fixture.mirrorDir.resolve(DownloadSnapshot.KEY))).isEqualTo(previous);
    }

    @Test
    void aForgedApiPageIsRefusedWithAOneLineReasonAndThePreviousSnapshotKept() throws Exception {
        assertThat(syncWithCounts().failures()).isEmpty();
        byte[] previous = Files.readAllBytes(fixture.mirrorDir.resolve(DownloadSnapshot.KEY));
        Map<String, String> forged = Map.of(
                "[{\"name\":\"pkg001\",\"downloads\":{\"all\":-5}}]", "page 1 of the API's package list: a download count is -5,"
                        + " not a count (a non-negative integer)",
                "[{\"name\":\"pkg001\",\"downloads\":{\"all\":1.5}}]", "a download count is 1.5, not a count",
                "[{\"name\":\"../etc\",\"downloads\":{\"all\":1}}]", "page 1 of the API's package list lists '../etc', which is"
                        + " not a Hex package name",
                "<html>busy</html>", "page 1 of the API's package list is not a JSON list of packages");
        for (Map.Entry<String, String> page : forged.entrySet()) {
            fixture.server.faults().replay("api/packages", page.getKey().getBytes(UTF_8));

            SyncSummary summary = syncWithCounts();

            assertThat(summary.failures()).extracting(SyncFailure::toString).singleElement().asString()
                    .contains(page.getValue()).doesNotContain("\n");
            assertThat(Files.readAllBytes(fixture.mirrorDir.resolve(DownloadSnapshot.KEY))).as(page.getKey()).isEqualTo(previous);
            fixture.server.faults().clear();
        }
    }

    @Test
    void bundlesCarryTheSnapshotAndAnImportRefusesAForgedOneLeavingTheTargetAsItWas() throws Exception {
        try (TransferFixture transfer = new TransferFixture(dir.resolve("transfer"));
                UpstreamClient sourceApi = UpstreamClient.builder(transfer.source.server.uri("api")).retries(0).build()) {
            transfer.source.upstream.downloads("plug", 5, 4, 3, 2);
            DownloadCountsOptions sourceCounts = counts.withApiUrl(transfer.source.server.uri("api"));
            SyncEngine engine = new SyncEngine(transfer.source.client, transfer.source.storage, transfer.source.upstream.reader(),
                    SyncOptions.all().withConcurrency(4), SyncListener.NONE).withDownloadCounts(sourceApi, sourceCounts);
            assertThat(engine.run().failures()).isEmpty();
            transfer.export(ExportOptions.fullCopy(), "full.bundle");

            transfer.importBundle("full.bundle");

            assertThat(stored(transfer.targetDir).counts("plug")).contains(new DownloadCounts(5, 4, 3, 2));
            transfer.assertTargetEqualsSource();

            // The next snapshot travels in an incremental bundle.
            long generation = transfer.sourceGeneration();
            transfer.source.upstream.downloads("plug", 50, 40, 30, 20);
            assertThat(new SyncEngine(transfer.source.client, transfer.source.storage, transfer.source.upstream.reader(),
                    SyncOptions.all().withConcurrency(4), SyncListener.NONE).withDownloadCounts(sourceApi, sourceCounts).run()
                    .failures()).isEmpty();
            transfer.export(ExportOptions.since(generation), "next.bundle");
            Path next = dir.resolve("transfer/next.bundle");
            Map<String, String> before = TransferFixture.everything(transfer.targetDir);

            String future = Instant.now().plus(Duration.ofDays(2)).toString();
            Map<String, String> forged = Map.of(
                    "{\"format\":1,\"fetched_at\":\"2026-01-01T00:00:00Z\",\"packages\":{\"plug\":{\"all\":-1,\"recent\":0,"
                            + "\"week\":0,\"day\":0}}}", "stats/downloads.json in the bundle: plug all is -1, not a count",
                    "{\"format\":1,\"fetched_at\":\"" + future + "\",\"packages\":{}}",
                            "stats/downloads.json in the bundle: fetched_at " + future + " is in the future",
                    "{\"format\":1,\"fetched_at\":\"2026-01-01T00:00:00Z\",\"packages\":{\"Not-A-Name\":{\"all\":1,\"recent\":0,"
                            + "\"week\":0,\"day\":0}}}", "has counts for 'Not-A-Name', which is not a Hex package name",
                    "{\"format\":1,\"fetched_at\":\"yesterday\",\"packages\":{}}", "fetched_at 'yesterday' is not a date",
                    "[1,2,3]", "stats/downloads.json in the bundle is not a well-formed snapshot");
            int n = 0;
            for (Map.Entry<String, String> file : forged.entrySet()) {
                String name = "forged-" + n++ + ".bundle";
                BundleSurgery.open(next).replace(DownloadSnapshot.KEY, bytes -> file.getKey().getBytes(UTF_8))
                        .write(dir.resolve("transfer/" + name));
                assertThatThrownBy(() -> transfer.importBundle(name)).as(file.getKey())
                        .isInstanceOf(VerificationException.class).hasMessageContaining(file.getValue());
                assertThat(TransferFixture.everything(transfer.targetDir)).as("nothing published").isEqualTo(before);
            }
            byte[] oversized = new byte[DownloadSnapshot.MAX_BYTES + 1];
            java.util.Arrays.fill(oversized, (byte) ' ');
            BundleSurgery.open(next).replace(DownloadSnapshot.KEY, bytes -> oversized).write(dir.resolve("transfer/big.bundle"));
            assertThatThrownBy(() -> transfer.importBundle("big.bundle")).isInstanceOf(VerificationException.class)
                    .hasMessage("stats/downloads.json in the bundle is larger than " + DownloadSnapshot.MAX_BYTES + " bytes");
            assertThat(TransferFixture.everything(transfer.targetDir)).as("nothing published").isEqualTo(before);

            transfer.importBundle("next.bundle");

            assertThat(stored(transfer.targetDir).counts("plug")).contains(new DownloadCounts(50, 40, 30, 20));
            transfer.assertTargetEqualsSource();
        }
    }
}
