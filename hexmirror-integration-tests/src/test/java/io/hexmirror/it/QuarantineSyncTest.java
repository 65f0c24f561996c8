package io.hexmirror.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.generation.MirrorStatus;
import io.hexmirror.generation.Quarantine;
import io.hexmirror.generation.QuarantinedRelease;
import io.hexmirror.internal.sync.SyncOptions;
import io.hexmirror.internal.verify.MirrorVerifier;
import io.hexmirror.registry.RegistryReader;
import io.hexmirror.registry.RepositoryKeys;
import io.hexmirror.registry.proto.Release;
import io.hexmirror.registry.proto.VersionsPackage;
import io.hexmirror.selection.SelectionRequest;
import io.hexmirror.sync.SyncSummary;
import io.hexmirror.testkit.upstream.FakeHexRepository;
import io.hexmirror.verify.VerifyReport;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One release that upstream serves wrongly forever does not hold the mirror back: it is quarantined,
 * the indexes are published, later syncs retry only it, and it goes through once upstream is fixed.
 * A transient failure still holds the indexes back.
 */
class QuarantineSyncTest {
    private static final String BAD_TARBALL = "tarballs/plug-1.16.0.tar";

    @TempDir
    Path mirror;

    SyncFixture fixture;
    Map<String, String> lastGood;

    @BeforeEach
    void start() throws Exception {
        fixture = new SyncFixture(mirror).withSampleRepository();
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void verbatimMirrorKeepsTheLastGoodPackageFilePublishesTheIndexesAndRetriesOnlyTheBadRelease() throws Exception {
        assertThat(fixture.sync().failures()).isEmpty();
        lastGood = fixture.snapshot();
        fixture.upstream.release("plug", "1.16.0").dependsOn("mime", "~> 2.0").publish();
        fixture.upstream.release("mime", "2.0.1").publish();
        fixture.server.faults().corruptTarball(BAD_TARBALL);

        SyncSummary first = fixture.sync();

        assertThat(first.indexesPublished()).isTrue();
        assertThat(first.publishedWithQuarantine()).isTrue();
        assertThat(first.failures()).singleElement().satisfies(f -> assertThat(f.subject()).isEqualTo(BAD_TARBALL));
        QuarantinedRelease entry = onlyEntry(first);
        assertThat(entry.name()).isEqualTo("plug");
        assertThat(entry.version()).contains("1.16.0");
        assertThat(entry.subject()).isEqualTo(BAD_TARBALL);
        assertThat(entry.reason()).contains("checksum");
        // Clients keep the last good package file; everything else is upstream's current state.
        assertThat(fixture.sha256("packages/plug")).isEqualTo(lastGood.get("packages/plug"));
        assertThat(fixture.storage.stat(BAD_TARBALL)).isEmpty();
        assertThat(fixture.sha256("tarballs/mime-2.0.1.tar")).isNotNull();
        assertThat(fixture.sha256("packages/mime")).isEqualTo(upstreamSha256("packages/mime"));
        assertThat(fixture.sha256("versions")).isEqualTo(upstreamSha256("versions"));
        assertThat(fixture.sha256("names")).isEqualTo(upstreamSha256("names"));
        assertThat(Quarantine.load(fixture.storage).entries()).containsExactly(entry);
        VerifyReport verify = fixture.verify();
        assertThat(verify.problems()).isEmpty();
        assertThat(verify.quarantined()).containsExactly(entry);
        assertThat(MirrorStatus.of(fixture.storage).quarantined()).containsExactly(entry);

        // Something unrelated changes upstream: the next sync fetches that, retries plug, and nothing else.
        fixture.upstream.publish("telemetry", "1.1.0");
        fixture.server.resetLog();
        SyncSummary second = fixture.sync();

        assertThat(resources()).containsExactlyInAnyOrder("names", "versions", "packages/telemetry",
                "tarballs/telemetry-1.1.0.tar", "packages/plug", BAD_TARBALL);
        assertThat(second.indexesPublished()).isTrue();
        assertThat(second.tarballsDownloaded()).isEqualTo(1);
        QuarantinedRelease again = onlyEntry(second);
        assertThat(again.since()).isEqualTo(entry.since());
        assertThat(again.lastTried()).isAfterOrEqualTo(entry.lastTried());
        assertThat(fixture.sha256("versions")).isEqualTo(upstreamSha256("versions"));

        // A sync with nothing new upstream still retries plug alone.
        fixture.server.resetLog();
        fixture.sync();
        assertThat(resources()).containsExactlyInAnyOrder("names", "versions", "packages/plug", BAD_TARBALL);

        // Upstream is fixed: the release appears and the record clears.
        fixture.server.faults().clear();
        SyncSummary fixed = fixture.sync();

        assertThat(fixed.succeeded()).isTrue();
        assertThat(fixed.quarantined()).isEmpty();
        assertThat(fixed.quarantineCleared()).singleElement().satisfies(q -> assertThat(q.describe()).isEqualTo("plug 1.16.0"));
        fixture.assertMirrorEqualsUpstream();
        assertThat(fixture.storage.stat(Quarantine.KEY)).isEmpty();
        assertThat(fixture.verify().quarantined()).isEmpty();
        assertThat(MirrorStatus.of(fixture.storage).quarantined()).isEmpty();
    }

    @Test
    void reSignedMirrorIsPublishedWithoutTheBadReleaseAndGetsItOnceUpstreamIsFixed() throws Exception {
        KeyPair key = RepositoryKeys.generate();
        RegistryReader mirrorReader = new RegistryReader(key.getPublic(), FakeHexRepository.HEXPM);
        SyncOptions options = SyncOptions.all().withSelection(SelectionRequest.builder().addPackage("plug").build())
                .resigned(key.getPrivate());
        assertThat(fixture.sync(options, fixture.storage).failures()).isEmpty();
        fixture.upstream.release("plug", "1.16.0").dependsOn("mime", "~> 2.0").publish();
        fixture.server.faults().corruptTarball(BAD_TARBALL);

        SyncSummary first = fixture.sync(options, fixture.storage);

        assertThat(first.indexesPublished()).isTrue();
        assertThat(first.publishedWithQuarantine()).isTrue();
        assertThat(onlyEntry(first).describe()).isEqualTo("plug 1.16.0");
        // The served files leave 1.16.0 out, consistently; upstream's own file is kept apart, as always.
        assertThat(mirrorReader.readPackage("plug", fixture.storage.read("packages/plug").readAllBytes()).getReleasesList())
                .extracting(Release::getVersion).containsExactly("1.14.0", "1.15.0");
        assertThat(versions(mirrorReader, "plug").getVersionsList()).containsExactly("1.14.0", "1.15.0");
        assertThat(fixture.sha256(".hexmirror/upstream/packages/plug")).isEqualTo(upstreamSha256("packages/plug"));
        assertThat(fixture.sha256(".hexmirror/upstream/versions")).isEqualTo(upstreamSha256("versions"));
        assertThat(fixture.storage.stat(BAD_TARBALL)).isEmpty();
        VerifyReport verify = new MirrorVerifier(fixture.storage, mirrorReader).verify(k -> { });
        assertThat(verify.problems()).isEmpty();
        assertThat(verify.quarantined()).extracting(QuarantinedRelease::describe).containsExactly("plug 1.16.0");

        fixture.server.resetLog();
        SyncSummary second = fixture.sync(options, fixture.storage);

        assertThat(resources()).containsExactlyInAnyOrder("names", "versions", "packages/plug", BAD_TARBALL);
        assertThat(second.publishedWithQuarantine()).isTrue();
        assertThat(onlyEntry(second).since()).isEqualTo(onlyEntry(first).since());

        fixture.server.faults().clear();
        SyncSummary fixed = fixture.sync(options, fixture.storage);

        assertThat(fixed.succeeded()).isTrue();
        assertThat(fixed.quarantined()).isEmpty();
        assertThat(fixed.quarantineCleared()).extracting(QuarantinedRelease::describe).containsExactly("plug 1.16.0");
        assertThat(mirrorReader.readPackage("plug", fixture.storage.read("packages/plug").readAllBytes()).getReleasesList())
                .extracting(Release::getVersion).containsExactly("1.14.0", "1.15.0", "1.16.0");
        assertThat(versions(mirrorReader, "plug").getVersionsList()).containsExactly("1.14.0", "1.15.0", "1.16.0");
        assertThat(fixture.sha256(BAD_TARBALL)).isEqualTo(upstreamSha256(BAD_TARBALL));
        assertThat(fixture.storage.stat(Quarantine.KEY)).isEmpty();
        assertThat(new MirrorVerifier(fixture.storage, mirrorReader).verify(k -> { }).problems()).isEmpty();
    }

    @Test
    void aPackageFileWithABadSignatureKeepsItsLastGoodCopyAndTheRestIsPublished() throws Exception {
        assertThat(fixture.sync().failures()).isEmpty();
        lastGood = fixture.snapshot();
        fixture.upstream.release("plug", "1.16.0").dependsOn("mime", "~> 2.0").publish();
        fixture.upstream.release("mime", "2.0.1").publish();
        fixture.server.faults().badSignature("packages/plug");

        SyncSummary summary = fixture.sync();

        assertThat(summary.publishedWithQuarantine()).isTrue();
        QuarantinedRelease entry = onlyEntry(summary);
        assertThat(entry.name()).isEqualTo("plug");
        assertThat(entry.version()).isEmpty();
        assertThat(entry.subject()).isEqualTo("packages/plug");
        assertThat(entry.reason()).contains("signature");
        assertThat(fixture.sha256("packages/plug")).isEqualTo(lastGood.get("packages/plug"));
        assertThat(fixture.sha256("versions")).isEqualTo(upstreamSha256("versions"));
        assertThat(fixture.verify().problems()).isEmpty();

        fixture.server.faults().clear();
        SyncSummary fixed = fixture.sync();
        assertThat(fixed.succeeded()).isTrue();
        assertThat(fixed.quarantineCleared()).extracting(QuarantinedRelease::describe).containsExactly("plug (package file)");
        fixture.assertMirrorEqualsUpstream();
    }

    @Test
    void aSelectiveMirrorPlansWithTheLastGoodCopyOfAPackageFileThatNoLongerVerifies() throws Exception {
        SyncOptions options = SyncOptions.all().withSelection(SelectionRequest.builder().addPackage("plug").build());
        assertThat(fixture.sync(options, fixture.storage).failures()).isEmpty();
        lastGood = fixture.snapshot();
        fixture.upstream.release("plug_crypto", "1.2.1").dependsOn("telemetry", "~> 1.0").publish();
        fixture.upstream.release("plug", "1.16.0").dependsOn("mime", "~> 2.0").publish();
        fixture.server.faults().wrongPackageName("packages/plug");

        SyncSummary summary = fixture.sync(options, fixture.storage);

        assertThat(summary.publishedWithQuarantine()).isTrue();
        assertThat(onlyEntry(summary).describe()).isEqualTo("plug (package file)");
        assertThat(fixture.sha256("packages/plug")).isEqualTo(lastGood.get("packages/plug"));
        assertThat(fixture.sha256("packages/plug_crypto")).isEqualTo(upstreamSha256("packages/plug_crypto"));
        assertThat(fixture.verify().problems()).isEmpty();

        fixture.server.faults().clear();
        SyncSummary fixed = fixture.sync(options, fixture.storage);
        assertThat(fixed.succeeded()).isTrue();
        assertThat(fixed.quarantined()).isEmpty();
        assertThat(fixture.sha256("packages/plug")).isEqualTo(upstreamSha256("packages/plug"));
        assertThat(fixture.storage.stat(BAD_TARBALL)).isPresent();
    }

    @Test
    void aTransientFailureStillHoldsTheIndexesBackAndQuarantinesNothing() throws Exception {
        assertThat(fixture.sync().failures()).isEmpty();
        lastGood = fixture.snapshot();
        fixture.upstream.release("plug", "1.16.0").dependsOn("mime", "~> 2.0").publish();
        fixture.server.faults().truncate(BAD_TARBALL);

        SyncSummary summary = fixture.sync();

        assertThat(summary.indexesPublished()).isFalse();
        assertThat(summary.publishedWithQuarantine()).isFalse();
        assertThat(summary.quarantined()).isEmpty();
        assertThat(summary.failures()).singleElement().satisfies(f -> assertThat(f.subject()).isEqualTo(BAD_TARBALL));
        assertThat(fixture.sha256("versions")).isEqualTo(lastGood.get("versions"));
        assertThat(fixture.storage.stat(Quarantine.KEY)).isEmpty();

        fixture.server.faults().status("packages/plug", 503);
        assertThat(fixture.sync().indexesPublished()).isFalse();
        assertThat(fixture.storage.stat(Quarantine.KEY)).isEmpty();
    }

    @Test
    void aQuarantinedReleaseThatFailsTransientlyOnRetryStaysQuarantinedAndHoldsTheIndexesBack() throws Exception {
        assertThat(fixture.sync().failures()).isEmpty();
        fixture.upstream.release("plug", "1.16.0").dependsOn("mime", "~> 2.0").publish();
        fixture.server.faults().corruptTarball(BAD_TARBALL);
        QuarantinedRelease entry = onlyEntry(fixture.sync());
        fixture.server.faults().clear();
        fixture.server.faults().status(BAD_TARBALL, 503);
        fixture.upstream.publish("telemetry", "1.1.0");

        SyncSummary summary = fixture.sync();

        assertThat(summary.indexesPublished()).isFalse();
        assertThat(summary.publishedWithQuarantine()).isFalse();
        assertThat(summary.quarantined()).containsExactly(entry);
        assertThat(Quarantine.load(fixture.storage).entries()).containsExactly(entry);
    }

    @Test
    void aQuarantinedPackageRemovedUpstreamLeavesTheRecord() throws Exception {
        assertThat(fixture.sync().failures()).isEmpty();
        fixture.upstream.release("plug", "1.16.0").dependsOn("mime", "~> 2.0").publish();
        fixture.server.faults().corruptTarball(BAD_TARBALL);
        onlyEntry(fixture.sync());

        fixture.upstream.removePackage("plug");
        SyncSummary summary = fixture.sync();

        assertThat(summary.succeeded()).isTrue();
        assertThat(summary.quarantined()).isEmpty();
        assertThat(fixture.storage.stat(Quarantine.KEY)).isEmpty();
        assertThat(fixture.storage.stat("packages/plug")).isEmpty();
    }

    private static QuarantinedRelease onlyEntry(SyncSummary summary) {
        assertThat(summary.quarantined()).hasSize(1);
        return summary.quarantined().get(0);
    }

    private Set<String> resources() {
        Set<String> paths = new TreeSet<>();
        fixture.server.requestLog().forEach(e -> paths.add(e.resource()));
        assertThat(fixture.server.requestLog()).as("one request each, no retries").hasSameSizeAs(paths);
        return paths;
    }

    private String upstreamSha256(String path) {
        return SyncFixture.sha256Bytes(fixture.upstream.file(path).orElseThrow());
    }

    private VersionsPackage versions(RegistryReader reader, String name) throws Exception {
        return reader.readVersions(fixture.storage.read("versions").readAllBytes()).getPackagesList().stream()
                .filter(p -> p.getName().equals(name)).findFirst().orElseThrow();
    }
}
