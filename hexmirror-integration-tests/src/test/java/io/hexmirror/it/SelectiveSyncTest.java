package io.hexmirror.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.BadSignatureException;
import io.hexmirror.ChecksumMismatchException;
import io.hexmirror.internal.sync.MirroredReleases;
import io.hexmirror.internal.sync.SyncOptions;
import io.hexmirror.registry.RegistryReader;
import io.hexmirror.registry.RepositoryKeys;
import io.hexmirror.registry.proto.Package;
import io.hexmirror.registry.proto.Release;
import io.hexmirror.registry.proto.VersionsPackage;
import io.hexmirror.selection.LockedRelease;
import io.hexmirror.selection.SelectionRequest;
import io.hexmirror.sync.SyncPlanReport;
import io.hexmirror.sync.SyncSummary;
import io.hexmirror.version.Requirement;
import io.hexmirror.version.Version;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mirroring what a selection needs, with its dependency closure, in both registry modes. */
class SelectiveSyncTest {
    @TempDir
    Path mirror;

    SyncFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new SyncFixture(mirror).withSampleRepository();
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void aPackageBringsItsDependencyClosureAndNothingElse() throws Exception {
        // plug 1.14.0 needs mime ~> 1.0, plug_crypto ~> 1.2, telemetry ~> 1.0 (optional); plug 1.15.0
        // needs mime ~> 2.0 and plug_crypto; plug_crypto needs telemetry ~> 1.0. telemetry 0.4.3 is
        // never needed.
        SyncSummary summary = sync(SyncOptions.only(Set.of("plug")));

        assertThat(summary.failures()).isEmpty();
        assertThat(summary.packagesAdded()).isEqualTo(4);
        assertThat(fixture.snapshot().keySet()).contains("tarballs/plug-1.14.0.tar", "tarballs/plug-1.15.0.tar",
                "tarballs/mime-1.6.0.tar", "tarballs/mime-2.0.0.tar", "tarballs/plug_crypto-1.2.0.tar",
                "tarballs/telemetry-1.0.0.tar").doesNotContain("tarballs/telemetry-0.4.3.tar");
        // Verbatim: registry files are upstream's bytes, listing every release.
        assertThat(fixture.sha256("packages/telemetry")).isEqualTo(SyncFixture.sha256Bytes(fixture.upstream.file("packages/telemetry").orElseThrow()));
        var report = fixture.verify();
        assertThat(report.problems()).isEmpty();
        assertThat(report.tarballsChecked()).isEqualTo(6);
        assertThat(report.releasesNotMirrored()).isEqualTo(1);
    }

    @Test
    void requirementsAndOptionsNarrowTheClosure() throws Exception {
        SelectionRequest request = SelectionRequest.builder()
                .addPackage("plug", Requirement.parse("~> 1.15"))
                .includeOptional(false)
                .build();

        assertThat(sync(SyncOptions.all().withSelection(request)).failures()).isEmpty();

        assertThat(tarballs()).containsExactly("tarballs/mime-2.0.0.tar", "tarballs/plug-1.15.0.tar",
                "tarballs/plug_crypto-1.2.0.tar", "tarballs/telemetry-1.0.0.tar");
    }

    @Test
    void aSecondSyncWithNothingNewCostsOnlyTheIndexes() throws Exception {
        sync(SyncOptions.only(Set.of("plug")));
        fixture.server.resetLog();

        SyncSummary again = sync(SyncOptions.only(Set.of("plug")));

        assertThat(again.unchanged()).isTrue();
        assertThat(fixture.requestedPaths()).containsExactly("/names", "/versions");
    }

    @Test
    void addingAPackageDownloadsOnlyTheNewPart() throws Exception {
        sync(select("mime", "~> 2.0"));
        fixture.server.resetLog();

        SelectionRequest more = SelectionRequest.builder().addPackage("mime", Requirement.parse("~> 2.0"))
                .addPackage("telemetry").build();
        SyncSummary summary = sync(SyncOptions.all().withSelection(more));

        assertThat(summary.tarballsDownloaded()).isEqualTo(2);
        assertThat(fixture.requestedPaths()).containsExactlyInAnyOrder("/names", "/versions", "/packages/telemetry",
                "/tarballs/telemetry-0.4.3.tar", "/tarballs/telemetry-1.0.0.tar");
    }

    @Test
    void removingAPackageFromTheSelectionRemovesWhatNothingNeeds() throws Exception {
        sync(SyncOptions.only(Set.of("plug")));

        SyncSummary summary = sync(select("mime", "~> 2.0"));

        assertThat(summary.packagesRemoved()).isEqualTo(3);
        assertThat(tarballs()).containsExactly("tarballs/mime-2.0.0.tar");
        assertThat(fixture.snapshot().keySet()).filteredOn(k -> k.startsWith("packages/")).containsExactly("packages/mime");
        assertThat(fixture.verify().problems()).isEmpty();
    }

    @Test
    void keepUnselectedKeepsWhatWasMirrored() throws Exception {
        sync(SyncOptions.only(Set.of("plug")));

        SyncSummary summary = sync(select("mime", "~> 2.0").keepingUnselected(true));

        assertThat(summary.packagesRemoved()).isZero();
        assertThat(summary.tarballsRemoved()).isZero();
        assertThat(tarballs()).hasSize(6);
        assertThat(fixture.verify().problems()).isEmpty();
    }

    @Test
    void aLockFilePinsExactReleasesAndItsChecksumsAreChecked() throws Exception {
        String outer = fixture.upstream.tarballChecksums("mime", "1.6.0").outer();
        SelectionRequest lock = SelectionRequest.builder()
                .addLocked(new LockedRelease("mime", Version.parse("1.6.0"), Optional.of(outer), Optional.empty())).build();

        assertThat(sync(SyncOptions.all().withSelection(lock)).failures()).isEmpty();
        assertThat(tarballs()).containsExactly("tarballs/mime-1.6.0.tar");

        String wrong = "0".repeat(64);
        SelectionRequest tampered = SelectionRequest.builder()
                .addLocked(new LockedRelease("mime", Version.parse("2.0.0"), Optional.of(wrong), Optional.empty())).build();
        var before = fixture.snapshot();
        assertThatThrownBy(() -> sync(SyncOptions.all().withSelection(tampered)))
                .isInstanceOf(ChecksumMismatchException.class).hasMessageContaining("mime");
        assertThat(fixture.snapshot()).isEqualTo(before);
    }

    @Test
    void planSaysWhatWouldBeDownloadedAndWritesNothing() throws Exception {
        sync(select("mime", "~> 2.0"));
        var before = fixture.snapshot();
        fixture.server.resetLog();

        SyncPlanReport plan = fixture.plan(SyncOptions.only(Set.of("plug")));

        assertThat(plan.packages()).isEqualTo(4);
        assertThat(plan.releases()).isEqualTo(6);
        assertThat(plan.releasesPresent()).isEqualTo(1);
        long expected = 0;
        for (String key : Set.of("plug-1.14.0", "plug-1.15.0", "mime-1.6.0", "plug_crypto-1.2.0", "telemetry-1.0.0")) {
            expected += fixture.upstream.file("tarballs/" + key + ".tar").orElseThrow().length;
        }
        assertThat(plan.bytesToDownload()).isEqualTo(expected);
        assertThat(fixture.snapshot()).isEqualTo(before);
        assertThat(fixture.server.requestLog()).noneMatch(e -> e.method().equals("GET") && e.path().startsWith("/tarballs/"));
    }

    @Test
    void resignModeListsOnlyMirroredReleasesSignedWithTheMirrorsKey() throws Exception {
        KeyPair mirrorKey = RepositoryKeys.generate();
        fixture.upstream.retire("mime", "2.0.0", 3, "use 2.0.1");
        fixture.upstream.publish("mime", "2.0.1");

        SyncSummary summary = sync(select("mime", "~> 2.0").resigned(mirrorKey.getPrivate()));

        assertThat(summary.failures()).isEmpty();
        RegistryReader mirrorReader = new RegistryReader(mirrorKey.getPublic(), "hexpm");
        Package mime = mirrorReader.readPackage("mime", fixture.storage.read("packages/mime").readAllBytes());
        assertThat(mime.getReleasesList()).extracting(Release::getVersion).containsExactly("2.0.0", "2.0.1");
        assertThat(mime.getReleases(0).getRetired().getMessage()).isEqualTo("use 2.0.1");
        VersionsPackage indexed = mirrorReader.readVersions(fixture.storage.read("versions").readAllBytes()).getPackages(0);
        assertThat(indexed.getName()).isEqualTo("mime");
        assertThat(indexed.getVersionsList()).containsExactly("2.0.0", "2.0.1");
        assertThat(indexed.getRetiredList()).containsExactly(0);
        assertThat(mirrorReader.readNames(fixture.storage.read("names").readAllBytes()).getPackagesList())
                .extracting(p -> p.getName()).containsExactly("mime");
        // The mirror's files no longer verify with upstream's key, and the mirror serves its own key.
        assertThatThrownBy(() -> fixture.upstream.reader().readPackage("mime", fixture.storage.read("packages/mime").readAllBytes()))
                .isInstanceOf(BadSignatureException.class);
        String pem = new String(fixture.storage.read("public_key").readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(RepositoryKeys.parsePublicKey(pem)).isEqualTo(mirrorKey.getPublic());
        assertThat(new io.hexmirror.internal.verify.MirrorVerifier(fixture.storage, mirrorReader).verify(k -> { }).problems()).isEmpty();

        // A no-op sync in resign mode also costs only the indexes.
        fixture.server.resetLog();
        assertThat(sync(select("mime", "~> 2.0").resigned(mirrorKey.getPrivate())).unchanged()).isTrue();
        assertThat(fixture.requestedPaths()).containsExactly("/names", "/versions");
    }

    @Test
    void anUnknownPackageIsReportedAndTheRestIsMirrored() throws Exception {
        SyncSummary summary = sync(SyncOptions.only(Set.of("mime", "no_such_package")));

        assertThat(summary.failures()).singleElement()
                .satisfies(f -> assertThat(f.toString()).isEqualTo("packages/no_such_package: no such package upstream"));
        assertThat(summary.indexesPublished()).isTrue();
        assertThat(tarballs()).containsExactly("tarballs/mime-1.6.0.tar", "tarballs/mime-2.0.0.tar");
    }

    @Test
    void theSelectionIsRecordedForVerify() throws Exception {
        sync(select("mime", "~> 2.0"));

        MirroredReleases recorded = MirroredReleases.load(fixture.storage).orElseThrow();
        assertThat(recorded.contains("mime", "2.0.0")).isTrue();
        assertThat(recorded.contains("mime", "1.6.0")).isFalse();
    }

    private static SyncOptions select(String name, String requirement) throws Exception {
        return SyncOptions.all().withSelection(SelectionRequest.builder().addPackage(name, Requirement.parse(requirement)).build());
    }

    private SyncSummary sync(SyncOptions options) throws Exception {
        return fixture.sync(options, fixture.storage);
    }

    private java.util.List<String> tarballs() throws Exception {
        return fixture.snapshot().keySet().stream().filter(k -> k.startsWith("tarballs/")).toList();
    }
}
