package io.hexmirror.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.registry.proto.SecurityAdvisory;
import io.hexmirror.transfer.ExportOptions;
import io.hexmirror.transfer.ExportResult;
import io.hexmirror.transfer.ImportResult;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bundles carry every kind of upstream change from a connected mirror to an offline one, which is
 * then byte for byte the connected mirror at the bundle's generation.
 */
class TransferRoundTripTest {
    @TempDir
    Path dir;

    TransferFixture fixture;

    @BeforeEach
    void syncAndCopy() throws Exception {
        fixture = new TransferFixture(dir);
        fixture.sync();
        fixture.export(ExportOptions.fullCopy(), "full.bundle");
        assertThat(fixture.importBundle("full.bundle").generation()).isEqualTo(1);
        fixture.assertTargetEqualsSource();
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    /** One upstream change, described for messages. */
    private record Change(String what, Runnable apply) {
    }

    @Test
    void everyKindOfChangeTravelsInItsOwnBundle() throws Exception {
        var upstream = fixture.source.upstream;
        List<Change> changes = List.of(
                new Change("new packages", () -> upstream.publish("jason", "1.4.0").publish("old_tool", "0.1.0")),
                new Change("new release", () -> upstream.release("plug", "1.16.0").dependsOn("mime", "~> 2.0").publish()),
                new Change("retirement", () -> upstream.retire("plug", "1.14.0", 2, "security hole")),
                new Change("unretirement", () -> upstream.unretire("telemetry", "0.4.3")),
                new Change("advisory", () -> upstream.addAdvisory("mime",
                        SecurityAdvisory.newBuilder().setId("GHSA-aaaa-bbbb-cccc").setSummary("bad").build(), "1.6.0")),
                new Change("release replaced under the same version", () -> upstream.replaceTarball("mime", "2.0.0")),
                new Change("removed release", () -> upstream.removeRelease("jason", "1.4.0").publish("jason", "1.4.1")),
                new Change("removed package", () -> upstream.removePackage("old_tool")));
        long generation = fixture.sourceGeneration();
        for (Change change : changes) {
            change.apply().run();
            fixture.sync();
            assertThat(fixture.sourceGeneration()).as(change.what()).isEqualTo(generation + 1);
            String name = "gen-" + (generation + 1) + ".bundle";
            ExportResult export = fixture.export(ExportOptions.since(generation), name);

            ImportResult result = fixture.importBundle(name);

            assertThat(result.outcome()).as(change.what()).isEqualTo(ImportResult.Outcome.IMPORTED);
            assertThat(result.previousGeneration()).isEqualTo(generation);
            fixture.assertTargetEqualsSource();
            assertThat(fixture.source.mirrorAt(fixture.targetDir).verify().problems()).as(change.what()).isEmpty();
            if (change.what().equals("removed package")) {
                assertThat(export.manifest().removalCount()).as("package file and tarball removed").isEqualTo(2);
            }
            generation++;
        }
        assertThat(fixture.workDirEmpty()).isTrue();
    }

    @Test
    void oneBundleCarriesSeveralGenerationsAndOverlappingBundlesApply() throws Exception {
        var upstream = fixture.source.upstream;
        upstream.publish("jason", "1.4.0");
        fixture.sync();
        fixture.export(ExportOptions.since(1), "2.bundle");
        upstream.replaceTarball("jason", "1.4.0").retire("mime", "1.6.0", 3, "old");
        fixture.sync();
        upstream.removeRelease("telemetry", "0.4.3").publish("decimal", "2.0.0");
        fixture.sync();
        fixture.export(ExportOptions.since(1), "1-to-4.bundle");

        // The offline side imported the first bundle meanwhile; the wider one still applies.
        assertThat(fixture.importBundle("2.bundle").generation()).isEqualTo(2);
        ImportResult wide = fixture.importBundle("1-to-4.bundle");

        assertThat(wide.outcome()).isEqualTo(ImportResult.Outcome.IMPORTED);
        assertThat(wide.generation()).isEqualTo(4);
        fixture.assertTargetEqualsSource();
        // And the narrow one, arriving late, changes nothing.
        assertThat(fixture.importBundle("2.bundle").outcome()).isEqualTo(ImportResult.Outcome.ALREADY_APPLIED);
        fixture.assertTargetEqualsSource();
    }

    @Test
    void aFullBundleIntoAnEmptyMirrorAndSplitVolumes() throws Exception {
        fixture.source.upstream.publish("jason", "1.4.0").publish("jason", "1.4.1");
        fixture.sync();
        ExportResult export = fixture.export(ExportOptions.fullCopy().withVolumeSize(16 * 1024), "split.bundle");
        assertThat(export.files()).hasSizeGreaterThan(2);

        Path second = dir.resolve("second-offline");
        ImportResult result = fixture.importInto(io.hexmirror.storage.fs.FileSystemStorage.open(second, false), "split.bundle.002");

        assertThat(result.generation()).isEqualTo(2);
        assertThat(fixture.source.mirrorAt(second).snapshot()).isEqualTo(fixture.source.snapshot());
    }

    @Test
    void importingTheSameBundleTwiceIsHarmless() throws Exception {
        fixture.source.upstream.publish("jason", "1.4.0");
        fixture.sync();
        fixture.export(ExportOptions.since(1), "2.bundle");
        fixture.importBundle("2.bundle");
        var before = TransferFixture.everything(fixture.targetDir);

        ImportResult again = fixture.importBundle("2.bundle");

        assertThat(again.outcome()).isEqualTo(ImportResult.Outcome.ALREADY_APPLIED);
        assertThat(TransferFixture.everything(fixture.targetDir)).isEqualTo(before);
    }

    @Test
    void whatASyncKilledBeforeRecordingPublishedIsFoundAndExported() throws Exception {
        var upstream = fixture.source.upstream;
        upstream.publish("jason", "1.4.0").publish("jason", "1.4.1").replaceTarball("mime", "2.0.0");
        // The pending mark and two files survive; then the process "dies", recording nothing.
        CrashingStorage dying = new CrashingStorage(fixture.source.storage, 3);
        assertThatThrownBy(() -> fixture.source.sync(io.hexmirror.internal.sync.SyncOptions.all(), dying))
                .isInstanceOf(CrashingStorage.Crash.class);
        assertThat(fixture.sourceGeneration()).isEqualTo(1);
        upstream.publish("decimal", "2.0.0");

        fixture.sync();

        assertThat(fixture.sourceGeneration()).as("the recovered changes, then the sync's").isEqualTo(3);
        fixture.export(ExportOptions.since(1), "after-crash.bundle");
        fixture.importBundle("after-crash.bundle");
        fixture.assertTargetEqualsSource();
        fixture.source.assertMirrorEqualsUpstream();
    }

    @Test
    void aSyncThatFailsPartWayStillRecordsWhatItPublished() throws Exception {
        fixture.source.upstream.publish("jason", "1.4.0").publish("decimal", "2.0.0");
        fixture.source.server.faults().corruptTarball("tarballs/decimal-2.0.0.tar");
        assertThat(fixture.source.sync().failures()).isNotEmpty();
        fixture.export(ExportOptions.since(1), "partial.bundle");
        fixture.importBundle("partial.bundle");
        fixture.assertTargetEqualsSource();

        fixture.source.server.faults().clear();
        fixture.sync();
        fixture.export(ExportOptions.since(2), "rest.bundle");
        fixture.importBundle("rest.bundle");
        fixture.assertTargetEqualsSource();
        fixture.source.assertMirrorEqualsUpstream();
    }
}
