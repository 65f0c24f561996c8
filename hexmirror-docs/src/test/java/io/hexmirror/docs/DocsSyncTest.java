package io.hexmirror.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.generation.GenerationStore;
import io.hexmirror.internal.sync.SyncEngine;
import io.hexmirror.internal.sync.SyncOptions;
import io.hexmirror.internal.upstream.UpstreamClient;
import io.hexmirror.registry.proto.RetirementReason;
import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.WriteOptions;
import io.hexmirror.storage.fs.FileSystemStorage;
import io.hexmirror.sync.SyncListener;
import io.hexmirror.sync.SyncPlanReport;
import io.hexmirror.testkit.upstream.DocsSpec;
import io.hexmirror.testkit.upstream.FakeHexRepository;
import io.hexmirror.testkit.upstream.FakeUpstreamServer;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocsSyncTest {
    @TempDir
    Path dir;
    private final FakeHexRepository upstream = FakeHexRepository.create();
    private FakeUpstreamServer server;
    private UpstreamClient client;
    private FileSystemStorage storage;

    @BeforeEach
    void setUp() throws Exception {
        upstream.release("mime", "1.5.0").withDocs().publish();
        upstream.release("mime", "1.6.0").withDocs().publish();
        upstream.release("mime", "2.0.0-rc.0").withDocs().publish();
        upstream.release("plug", "1.0.0").dependsOn("mime", "~> 1.0").withDocs(DocsSpec.of(DocsSpec.Format.SEARCH_ITEMS)).publish();
        upstream.release("plug", "1.1.0").dependsOn("mime", "~> 1.0").withDocs().publish();
        upstream.retire("plug", "1.1.0", RetirementReason.RETIRED_SECURITY, "bad");
        upstream.publish("nodocs", "0.1.0");
        server = FakeUpstreamServer.start(upstream);
        client = UpstreamClient.builder(server.baseUri()).concurrency(4).retries(0).build();
        storage = FileSystemStorage.open(dir, false);
    }

    @AfterEach
    void tearDown() throws Exception {
        client.close();
        server.close();
    }

    /** A clock long after the repository's releases, so none is recent. */
    private Clock later() {
        return Clock.fixed(upstream.now().plus(Duration.ofDays(30)), ZoneOffset.UTC);
    }

    private void syncRegistry() throws Exception {
        new SyncEngine(client, storage, upstream.reader(), SyncOptions.all(), SyncListener.NONE).run();
    }

    private DocsSyncSummary syncDocs(DocsSyncOptions options) throws Exception {
        return new DocsSync(client, storage, options.withClock(later())).run();
    }

    private List<String> docsKeys() throws Exception {
        try (Stream<ObjectInfo> s = storage.list("docs/")) {
            return s.map(ObjectInfo::key).toList();
        }
    }

    @Test
    void latestMirrorsTheNewestStableNotRetiredReleaseOfEachPackage() throws Exception {
        syncRegistry();

        DocsSyncSummary summary = syncDocs(DocsSyncOptions.of(DocsPolicy.LATEST));

        assertThat(docsKeys()).containsExactly("docs/mime-1.6.0.tar.gz", "docs/plug-1.0.0.tar.gz");
        assertThat(summary.fetched()).isEqualTo(2);
        assertThat(summary.notFound()).isEqualTo(1);
        assertThat(summary.failures()).isEmpty();
        try (InputStream in = storage.read("docs/mime-1.6.0.tar.gz")) {
            assertThat(in.readAllBytes()).isEqualTo(upstream.file("docs/mime-1.6.0.tar.gz").orElseThrow());
        }
        assertThat(storage.stat("hexdocs/plug/1.0.0/Plug.html")).isPresent();
        assertThat(storage.stat("hexdocs/index.html")).isPresent();
    }

    @Test
    void latestIsTheNewestStableNotRetiredElseTheNewestNotRetiredElseTheNewest() {
        assertThat(DocsSync.latest(List.of(mime("1.9.0", false), mime("1.10.0", false), mime("2.0.0-rc.1", false),
                mime("1.11.0", true)))).contains("1.10.0");
        assertThat(DocsSync.latest(List.of(mime("1.0.0", true), mime("2.0.0-rc.1", false), mime("2.0.0-rc.0", false))))
                .contains("2.0.0-rc.1");
        assertThat(DocsSync.latest(List.of(mime("1.1.0", true), mime("1.0.0", true)))).contains("1.1.0");
        assertThat(DocsSync.latest(List.of())).isEmpty();
    }

    private static MirrorRegistry.MirroredRelease mime(String version, boolean retired) {
        return new MirrorRegistry.MirroredRelease("mime", version, retired);
    }

    @Test
    void allMirrorsEveryReleaseAndNoneNothing() throws Exception {
        syncRegistry();

        assertThat(syncDocs(DocsSyncOptions.of(DocsPolicy.NONE)).requests()).isZero();
        assertThat(docsKeys()).isEmpty();

        syncDocs(DocsSyncOptions.of(DocsPolicy.ALL));
        assertThat(docsKeys()).containsExactly("docs/mime-1.5.0.tar.gz", "docs/mime-1.6.0.tar.gz",
                "docs/mime-2.0.0-rc.0.tar.gz", "docs/plug-1.0.0.tar.gz", "docs/plug-1.1.0.tar.gz");
    }

    @Test
    void docsOfAReleaseTheRegistryNoLongerServesAreRemovedAndThoseOfServedReleasesStay() throws Exception {
        syncRegistry();
        syncDocs(DocsSyncOptions.of(DocsPolicy.ALL));
        upstream.removeRelease("mime", "1.5.0");
        syncRegistry();

        // Latest wants mime 1.6.0 and plug 1.0.0 only: the other versions still served keep their docs.
        DocsSyncSummary summary = syncDocs(DocsSyncOptions.of(DocsPolicy.LATEST));

        assertThat(summary.removed()).isEqualTo(1);
        assertThat(docsKeys()).containsExactly("docs/mime-1.6.0.tar.gz", "docs/mime-2.0.0-rc.0.tar.gz",
                "docs/plug-1.0.0.tar.gz", "docs/plug-1.1.0.tar.gz");
        assertThat(storage.stat("hexdocs/mime/1.5.0/index.html")).isEmpty();
        assertThat(storage.stat("hexdocs/mime/1.6.0/index.html")).isPresent();
    }

    @Test
    void aNoOpSyncOfAMirrorWithCompleteDocsMakesAtMostThreeRequests() throws Exception {
        syncRegistry();
        syncDocs(DocsSyncOptions.of(DocsPolicy.ALL));
        server.resetLog();

        syncRegistry();
        DocsSyncSummary again = syncDocs(DocsSyncOptions.of(DocsPolicy.ALL));

        assertThat(again.requests()).isZero();
        assertThat(again.skippedMissing()).as("nodocs 0.1.0 is remembered").isEqualTo(1);
        assertThat(server.requestCount()).isLessThanOrEqualTo(3);
    }

    private static final DocsRelease MIME = new DocsRelease("mime", "1.6.0");

    private String marker(DocsRelease release) throws Exception {
        try (InputStream in = storage.read(DocsPaths.derivedMarkerKey(release))) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** A marker that any check of it finds stale: only a version that is checked gets it replaced. */
    private void spoilMarker(DocsRelease release) throws Exception {
        storage.write(DocsPaths.derivedMarkerKey(release), "spoilt 0 x\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                WriteOptions.defaults());
    }

    /** Replaces a docs tarball as an import does: recorded in a generation of its own. */
    private void replaceRecorded(DocsRelease release, byte[] tarball) throws Exception {
        io.hexmirror.generation.GenerationRecorder.record(storage, recording -> {
            recording.write(release.tarballKey(), tarball, WriteOptions.defaults());
            return null;
        });
    }

    @Test
    void aSyncWithNothingNewChecksTheTreeOfNoVersionThatNoGenerationChangedSince() throws Exception {
        syncRegistry();
        syncDocs(DocsSyncOptions.of(DocsPolicy.LATEST));
        spoilMarker(MIME);

        syncRegistry();
        DocsSyncSummary again = syncDocs(DocsSyncOptions.of(DocsPolicy.LATEST));

        assertThat(marker(MIME)).as("not read, so not derived again").isEqualTo("spoilt 0 x\n");
        assertThat(again.treeFiles()).isZero();
        assertThat(storage.stat(TreeCheckpoint.KEY)).isPresent();
    }

    @Test
    void aSyncWithNothingNewStillDerivesAVersionWithoutMarkerOrWhoseTarballAGenerationChanged() throws Exception {
        syncRegistry();
        syncDocs(DocsSyncOptions.of(DocsPolicy.ALL));
        DocsRelease plug = new DocsRelease("plug", "1.0.0");
        storage.delete(DocsPaths.derivedMarkerKey(plug));
        storage.delete("hexdocs/plug/1.0.0/Plug.html");
        byte[] other = upstream.file("docs/plug-1.1.0.tar.gz").orElseThrow();
        replaceRecorded(MIME, other);

        syncRegistry();
        DocsSyncSummary again = syncDocs(DocsSyncOptions.of(DocsPolicy.ALL));

        assertThat(again.treePackages()).containsExactlyInAnyOrder("mime", "plug");
        assertThat(marker(plug)).isNotBlank();
        assertThat(storage.stat("hexdocs/plug/1.0.0/Plug.html")).isPresent();
        assertThat(marker(MIME)).startsWith(HexDocs.sha256(other) + " " + other.length + " ");
    }

    @Test
    void withoutARecordOfWhenTheTreeWasUpToDateASyncChecksEveryVersion() throws Exception {
        syncRegistry();
        syncDocs(DocsSyncOptions.of(DocsPolicy.LATEST));
        spoilMarker(MIME);
        storage.delete(TreeCheckpoint.KEY);

        syncDocs(DocsSyncOptions.of(DocsPolicy.LATEST));

        assertThat(marker(MIME)).startsWith(HexDocs.sha256(upstream.file("docs/mime-1.6.0.tar.gz").orElseThrow()) + " ");
    }

    @Test
    void catchingUpAfterAnImportDerivesOnlyTheVersionsItChanged() throws Exception {
        syncRegistry();
        syncDocs(DocsSyncOptions.of(DocsPolicy.ALL));
        DocsRelease plug = new DocsRelease("plug", "1.0.0");
        spoilMarker(plug);
        byte[] other = upstream.file("docs/plug-1.1.0.tar.gz").orElseThrow();
        replaceRecorded(MIME, other);

        HexDocs.TreeUpdate update = new HexDocs(storage).catchUp();

        assertThat(update.derived()).extracting(DocsTree.Derived::release).contains(MIME).doesNotContain(plug);
        assertThat(marker(MIME)).startsWith(HexDocs.sha256(other) + " ");
        assertThat(marker(plug)).isEqualTo("spoilt 0 x\n");
        storage.delete(TreeCheckpoint.KEY);
        assertThat(new HexDocs(storage).catchUp().derived()).extracting(DocsTree.Derived::release).containsExactly(plug);
    }

    @Test
    void releasesWithoutDocsAreAskedAgainOnlyWhileRecentOrOnRefresh() throws Exception {
        syncRegistry();
        syncDocs(DocsSyncOptions.of(DocsPolicy.LATEST));
        server.resetLog();

        syncDocs(DocsSyncOptions.of(DocsPolicy.LATEST));
        assertThat(server.requestsFor("/docs/nodocs-0.1.0.tar.gz")).isEmpty();

        Clock soon = Clock.fixed(upstream.now().plus(Duration.ofHours(1)), ZoneOffset.UTC);
        new DocsSync(client, storage, DocsSyncOptions.of(DocsPolicy.LATEST).withClock(soon)).run();
        assertThat(server.requestsFor("/docs/nodocs-0.1.0.tar.gz")).as("recent: asked again").hasSize(1);

        upstream.publishDocs("nodocs", "0.1.0");
        DocsSyncSummary refreshed = syncDocs(DocsSyncOptions.of(DocsPolicy.LATEST).refreshing(true));
        assertThat(docsKeys()).contains("docs/nodocs-0.1.0.tar.gz");
        assertThat(refreshed.unchanged()).as("the others answer 304").isEqualTo(2);
    }

    @Test
    void docsRepublishedUpstreamArePickedUpByARefresh() throws Exception {
        syncRegistry();
        syncDocs(DocsSyncOptions.of(DocsPolicy.LATEST));
        upstream.publishDocs("mime", "1.6.0", DocsSpec.exDoc().revision(3));

        syncDocs(DocsSyncOptions.of(DocsPolicy.LATEST));
        assertThat(new String(storage.read("hexdocs/mime/1.6.0/Mime.html").readAllBytes())).contains("revision 0");

        DocsSyncSummary refreshed = syncDocs(DocsSyncOptions.of(DocsPolicy.LATEST).refreshing(true));
        assertThat(refreshed.fetched()).isEqualTo(1);
        assertThat(new String(storage.read("hexdocs/mime/1.6.0/Mime.html").readAllBytes())).contains("revision 3");
    }

    @Test
    void badDocsAreReportedAndNeverStoredWhileTheRegistryIsComplete() throws Exception {
        byte[] evil = TestTars.create().file("../../packages/mime", "owned").build();
        upstream.publishDocs("mime", "1.6.0", DocsSpec.raw(evil));
        syncRegistry();
        byte[] registryFile = storage.read("packages/mime").readAllBytes();

        DocsSyncSummary summary = syncDocs(DocsSyncOptions.of(DocsPolicy.LATEST));

        assertThat(summary.failures()).singleElement().asString()
                .isEqualTo("docs of mime 1.6.0 refused: entry '../../packages/mime' leaves its directory ('..')");
        assertThat(docsKeys()).containsExactly("docs/plug-1.0.0.tar.gz");
        assertThat(storage.read("packages/mime").readAllBytes()).isEqualTo(registryFile);
        assertThat(storage.stat("hexdocs/mime/1.6.0/index.html")).isEmpty();
    }

    @Test
    void elixirsOwnDocsForNamedVersions() throws Exception {
        for (String app : DocsSync.ELIXIR_APPS) {
            upstream.publishUnlistedDocs(app, "1.18.4", DocsSpec.exDoc());
        }
        syncRegistry();

        DocsSyncSummary summary = syncDocs(DocsSyncOptions.of(DocsPolicy.NONE).withElixirVersions(List.of("1.18.4", "1.19.3")));

        assertThat(docsKeys()).containsExactlyInAnyOrder("docs/elixir-1.18.4.tar.gz", "docs/eex-1.18.4.tar.gz",
                "docs/ex_unit-1.18.4.tar.gz", "docs/iex-1.18.4.tar.gz", "docs/logger-1.18.4.tar.gz", "docs/mix-1.18.4.tar.gz");
        assertThat(summary.notFound()).isEqualTo(6);
        assertThat(storage.stat("hexdocs/elixir/1.18.4/Elixir.html")).isPresent();
    }

    @Test
    void checksumsAreRecordedInTheJournalAndVerified() throws Exception {
        syncRegistry();
        syncDocs(DocsSyncOptions.of(DocsPolicy.LATEST));

        assertThat(new GenerationStore(storage).files().get("docs/mime-1.6.0.tar.gz").sha256())
                .isEqualTo(HexDocs.sha256(upstream.file("docs/mime-1.6.0.tar.gz").orElseThrow()));
        assertThat(new GenerationStore(storage).files()).noneSatisfy((k, v) -> assertThat(k).startsWith("hexdocs/"));
        assertThat(new DocsVerifier(storage).verify().ok()).isTrue();

        byte[] other = upstream.file("docs/plug-1.0.0.tar.gz").orElseThrow();
        storage.write("docs/mime-1.6.0.tar.gz", other, WriteOptions.defaults());
        DocsVerifier.Report report = new DocsVerifier(storage).verify();
        assertThat(report.problems()).singleElement().asString().startsWith("docs/mime-1.6.0.tar.gz: SHA-256 ");
    }

    @Test
    void verifyReportsEveryChangedDocsTarballOnceInTheOrderOfTheMirroredVersions() throws Exception {
        syncRegistry();
        syncDocs(DocsSyncOptions.of(DocsPolicy.ALL));
        List<String> keys = MirroredDocs.load(storage).releases().stream().map(DocsRelease::tarballKey).toList();
        assertThat(keys).hasSizeGreaterThan(3);
        byte[] other = upstream.file("docs/plug-1.0.0.tar.gz").orElseThrow();
        List<String> changed = new java.util.ArrayList<>();
        for (String key : keys) {
            if (!key.equals("docs/plug-1.0.0.tar.gz")) {
                storage.write(key, other, WriteOptions.defaults());
                changed.add(key);
            }
        }

        DocsVerifier.Report report = new DocsVerifier(storage).verify();

        assertThat(report.checked()).isEqualTo(keys.size());
        assertThat(report.problems()).hasSize(changed.size());
        for (int i = 0; i < changed.size(); i++) {
            assertThat(report.problems().get(i)).startsWith(changed.get(i) + ": SHA-256 ");
        }
    }

    @Test
    void planCountsAndSizesWhatASyncWouldFetch() throws Exception {
        syncRegistry();

        DocsSync.DocsPlan plan = new DocsSync(client, storage, DocsSyncOptions.of(DocsPolicy.ALL).withClock(later())).plan();

        assertThat(plan.toFetch()).isEqualTo(6);
        long expected = Stream.of("mime-1.5.0", "mime-1.6.0", "mime-2.0.0-rc.0", "plug-1.0.0", "plug-1.1.0")
                .mapToLong(r -> upstream.file("docs/" + r + ".tar.gz").orElseThrow().length).sum();
        assertThat(plan.knownBytes()).isEqualTo(expected);
        assertThat(plan.estimated()).isFalse();
        assertThat(docsKeys()).isEmpty();
        assertThat(Set.of(plan.wanted())).containsExactly(6);
    }

    @Test
    void planAfterARegistryPlanCountsTheDocsOfReleasesItAddsAndDropsThoseOfPackagesItRemoves() throws Exception {
        // An empty mirror: the registry plan is what the docs plan has to go by.
        SyncPlanReport registry = new SyncEngine(client, storage, upstream.reader(), SyncOptions.all(), SyncListener.NONE).plan();
        DocsSync.DocsPlan first = new DocsSync(client, storage, DocsSyncOptions.of(DocsPolicy.LATEST).withClock(later()))
                .plan(registry);

        assertThat(first.afterSync()).isTrue();
        // mime 1.6.0 (2.0.0-rc.0 is a pre-release), plug 1.0.0 (1.1.0 is retired), nodocs 0.1.0.
        assertThat(first.toFetch()).isEqualTo(3);
        assertThat(first.forComingReleases()).isEqualTo(3);
        assertThat(first.knownBytes()).isEqualTo(Stream.of("mime-1.6.0", "plug-1.0.0")
                .mapToLong(r -> upstream.file("docs/" + r + ".tar.gz").orElseThrow().length).sum());
        assertThat(docsKeys()).isEmpty();

        syncRegistry();
        SyncPlanReport removingPlug = new SyncPlanReport(0, 0, 0, 0, 0, List.of("plug"), List.of(), List.of(), 0,
                List.of(new SyncPlanReport.PlannedRelease("mime", "1.7.0", false, false),
                        new SyncPlanReport.PlannedRelease("mime", "1.6.0", false, true)));
        DocsSync.DocsPlan next = new DocsSync(client, storage, DocsSyncOptions.of(DocsPolicy.ALL).withClock(later()))
                .plan(removingPlug);

        assertThat(next.wanted()).as("mime 1.6.0 and 1.7.0, nodocs 0.1.0; plug goes, mime 1.5.0 and the rc too")
                .isEqualTo(3);
        assertThat(next.forComingReleases()).isEqualTo(1);
    }
}
