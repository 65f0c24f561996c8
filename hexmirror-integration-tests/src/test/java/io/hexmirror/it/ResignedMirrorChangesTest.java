package io.hexmirror.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.internal.sync.SyncOptions;
import io.hexmirror.internal.verify.MirrorVerifier;
import io.hexmirror.registry.RegistryReader;
import io.hexmirror.registry.RepositoryKeys;
import io.hexmirror.registry.proto.Release;
import io.hexmirror.registry.proto.VersionsPackage;
import io.hexmirror.selection.SelectionRequest;
import io.hexmirror.sync.SyncSummary;
import io.hexmirror.testkit.upstream.FakeHexRepository;
import io.hexmirror.version.Requirement;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A re-signed partial mirror follows upstream's changes, and a mirror can switch registry modes. */
class ResignedMirrorChangesTest {
    static KeyPair mirrorKey;

    @TempDir
    Path mirror;

    SyncFixture fixture;
    RegistryReader mirrorReader;

    @BeforeAll
    static void key() {
        mirrorKey = RepositoryKeys.generate();
    }

    @BeforeEach
    void start() throws Exception {
        fixture = new SyncFixture(mirror).withSampleRepository();
        mirrorReader = new RegistryReader(mirrorKey.getPublic(), FakeHexRepository.HEXPM);
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void retirementsNewReleasesAndRevertsUpstreamReachTheReSignedFiles() throws Exception {
        SyncOptions options = plug().resigned(mirrorKey.getPrivate());
        assertThat(fixture.sync(options, fixture.storage).failures()).isEmpty();

        fixture.upstream.retire("mime", "2.0.0", 1, "broken");
        fixture.upstream.publish("mime", "2.0.1");
        fixture.upstream.removeRelease("mime", "1.6.0");
        SyncSummary summary = fixture.sync(options, fixture.storage);

        assertThat(summary.failures()).isEmpty();
        assertThat(summary.tarballsDownloaded()).isEqualTo(1);
        assertThat(summary.tarballsRemoved()).isEqualTo(1);
        assertThat(mirrorReader.readPackage("mime", fixture.storage.read("packages/mime").readAllBytes()).getReleasesList())
                .extracting(Release::getVersion).containsExactly("2.0.0", "2.0.1");
        VersionsPackage mime = versions("mime");
        assertThat(mime.getVersionsList()).containsExactly("2.0.0", "2.0.1");
        assertThat(mime.getRetiredList()).containsExactly(0);
        assertThat(tarballs("mime")).containsExactly("tarballs/mime-2.0.0.tar", "tarballs/mime-2.0.1.tar");
        assertThat(new MirrorVerifier(fixture.storage, mirrorReader).verify(k -> { }).problems()).isEmpty();
    }

    @Test
    void narrowingAReSignedSelectionDropsPackagesFromEveryFile() throws Exception {
        assertThat(fixture.sync(plug().resigned(mirrorKey.getPrivate()), fixture.storage).failures()).isEmpty();

        SyncSummary summary = fixture.sync(select("mime", "~> 2.0").resigned(mirrorKey.getPrivate()), fixture.storage);

        assertThat(summary.failures()).isEmpty();
        assertThat(mirrorReader.readNames(fixture.storage.read("names").readAllBytes()).getPackagesList())
                .extracting(p -> p.getName()).containsExactly("mime");
        assertThat(mirrorReader.readVersions(fixture.storage.read("versions").readAllBytes()).getPackagesList())
                .extracting(VersionsPackage::getName).containsExactly("mime");
        assertThat(versions("mime").getVersionsList()).containsExactly("2.0.0");
        assertThat(fixture.snapshot().keySet()).containsExactly("names", "packages/mime", "public_key",
                "tarballs/mime-2.0.0.tar", "versions");
        // Upstream's copies of the dropped packages go too.
        assertThat(fixture.storage.stat(".hexmirror/upstream/packages/plug")).isEmpty();
        assertThat(fixture.storage.stat(".hexmirror/upstream/packages/mime")).isPresent();
    }

    @Test
    void switchingVerbatimToResignAndBackKeepsTheTarballsAndVerifies() throws Exception {
        assertThat(fixture.sync(plug(), fixture.storage).failures()).isEmpty();
        fixture.server.resetLog();

        SyncSummary resigned = fixture.sync(plug().resigned(mirrorKey.getPrivate()), fixture.storage);

        assertThat(resigned.failures()).isEmpty();
        assertThat(resigned.tarballsDownloaded()).isZero();
        assertThat(mirrorReader.readPackage("telemetry", fixture.storage.read("packages/telemetry").readAllBytes())
                .getReleasesList()).extracting(Release::getVersion).containsExactly("1.0.0");
        assertThat(new MirrorVerifier(fixture.storage, mirrorReader).verify(k -> { }).problems()).isEmpty();

        SyncSummary verbatim = fixture.sync(plug(), fixture.storage);

        assertThat(verbatim.failures()).isEmpty();
        assertThat(verbatim.tarballsDownloaded()).isZero();
        // Upstream's bytes again, every release listed, and upstream's key served.
        for (String key : List.of("names", "versions", "packages/telemetry", "packages/plug", "public_key")) {
            assertThat(fixture.sha256(key)).as(key).isEqualTo(SyncFixture.sha256Bytes(fixture.upstream.file(key).orElseThrow()));
        }
        assertThat(fixture.verify().problems()).isEmpty();
        assertThat(fixture.verify().releasesNotMirrored()).isEqualTo(1);
    }

    @Test
    void backToResignAfterAVerbatimPeriodSeesWhatChangedUpstreamMeanwhile() throws Exception {
        // Upstream's copies kept by the first re-signed sync are stale after the verbatim syncs: an
        // unchanged /names must not make the next re-signed sync trust them.
        assertThat(fixture.sync(plug().resigned(mirrorKey.getPrivate()), fixture.storage).failures()).isEmpty();
        fixture.upstream.publish("mime", "2.0.1");
        fixture.upstream.removeRelease("plug", "1.14.0");
        assertThat(fixture.sync(plug(), fixture.storage).failures()).isEmpty();

        SyncSummary summary = fixture.sync(plug().resigned(mirrorKey.getPrivate()), fixture.storage);

        assertThat(summary.failures()).isEmpty();
        assertThat(mirrorReader.readPackage("mime", fixture.storage.read("packages/mime").readAllBytes()).getReleasesList())
                .extracting(Release::getVersion).containsExactly("2.0.0", "2.0.1");
        assertThat(mirrorReader.readPackage("plug", fixture.storage.read("packages/plug").readAllBytes()).getReleasesList())
                .extracting(Release::getVersion).containsExactly("1.15.0");
        assertThat(versions("mime").getVersionsList()).containsExactly("2.0.0", "2.0.1");
        assertThat(new MirrorVerifier(fixture.storage, mirrorReader).verify(k -> { }).problems()).isEmpty();
    }

    private static SyncOptions plug() {
        return SyncOptions.all().withSelection(SelectionRequest.builder().addPackage("plug").build());
    }

    private static SyncOptions select(String name, String requirement) throws Exception {
        return SyncOptions.all().withSelection(SelectionRequest.builder().addPackage(name, Requirement.parse(requirement)).build());
    }

    private VersionsPackage versions(String name) throws Exception {
        return mirrorReader.readVersions(fixture.storage.read("versions").readAllBytes()).getPackagesList().stream()
                .filter(p -> p.getName().equals(name)).findFirst().orElseThrow();
    }

    private List<String> tarballs(String name) throws Exception {
        return fixture.snapshot().keySet().stream().filter(k -> k.startsWith("tarballs/" + name + "-")).toList();
    }
}
