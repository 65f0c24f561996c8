package io.hexmirror.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.generation.GenerationStore;
import io.hexmirror.storage.fs.FileSystemStorage;
import io.hexmirror.testkit.storage.FaultInjectingStorage;
import io.hexmirror.transfer.ExportOptions;
import io.hexmirror.transfer.ImportResult;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An import stopped after any number of writes leaves the offline mirror serving a usable state at
 * its previous generation, and running the import again completes it.
 */
class InterruptedImportTest {
    @TempDir
    Path dir;

    TransferFixture fixture;
    Path baseline;

    @BeforeEach
    void offlineAtOneConnectedAtTwo() throws Exception {
        fixture = new TransferFixture(dir);
        fixture.sync();
        fixture.export(ExportOptions.fullCopy(), "full.bundle");
        fixture.importBundle("full.bundle");
        baseline = fixture.targetDir;
        var upstream = fixture.source.upstream;
        upstream.publish("jason", "1.4.0").publish("jason", "1.4.1");
        upstream.release("plug", "1.16.0").dependsOn("mime", "~> 2.0").publish();
        upstream.replaceTarball("mime", "2.0.0");
        upstream.retire("plug", "1.14.0", 2, "hole");
        upstream.removeRelease("telemetry", "0.4.3");
        fixture.sync();
        fixture.export(ExportOptions.since(1), "2.bundle");
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void aCrashAfterAnyNumberOfWritesLeavesTheOldGenerationServedAndARerunCompletes() throws Exception {
        int changes = countChangesOfAnImport();
        assertThat(changes).as("tarballs, package files, indexes, removals and bookkeeping").isGreaterThanOrEqualTo(10);

        for (int surviving = 0; surviving < changes; surviving++) {
            Path copy = TransferFixture.copy(baseline, dir.resolve("crash-" + surviving));
            FileSystemStorage storage = FileSystemStorage.open(copy, false);

            int n = surviving;
            assertThatThrownBy(() -> fixture.importInto(new CrashingStorage(storage, n), "2.bundle"))
                    .as("crash after %d changes", surviving).isInstanceOf(CrashingStorage.Crash.class);

            SyncFixture.Mirror after = fixture.source.mirrorAt(copy);
            // As with a sync, the one state a reader can catch: a release replaced under the same version
            // whose new tarball is in place while its package file still lists the old checksum.
            assertThat(after.verify().problems()).as("mirror after a crash at change %d", surviving)
                    .allSatisfy(p -> assertThat(p.key()).isEqualTo("tarballs/mime-2.0.0.tar"));
            long generation = new GenerationStore(storage).currentNumber();
            // Only the very last change (clearing the pending mark) comes after the new generation is recorded.
            assertThat(generation).as("generation after a crash at change %d", surviving).isEqualTo(surviving < changes - 1 ? 1 : 2);

            ImportResult rerun = fixture.importInto(storage, "2.bundle");

            assertThat(rerun.generation()).isEqualTo(2);
            assertThat(after.snapshot()).isEqualTo(fixture.source.snapshot());
            assertThat(new GenerationStore(storage).pending()).as("after the rerun of crash %d", surviving).isEmpty();
            assertThat(new GenerationStore(storage).current().orElseThrow().id())
                    .isEqualTo(new GenerationStore(fixture.source.storage).current().orElseThrow().id());
        }
    }

    @Test
    void anotherBundleWaitsUntilTheInterruptedOneIsDone() throws Exception {
        fixture.source.upstream.publish("decimal", "2.0.0");
        fixture.sync();
        fixture.export(ExportOptions.since(1), "1-to-3.bundle");
        Path copy = TransferFixture.copy(baseline, dir.resolve("crashed"));
        FileSystemStorage storage = FileSystemStorage.open(copy, false);
        assertThatThrownBy(() -> fixture.importInto(new CrashingStorage(storage, 4), "1-to-3.bundle"))
                .isInstanceOf(CrashingStorage.Crash.class);

        assertThatThrownBy(() -> fixture.importInto(storage, "2.bundle"))
                .isInstanceOf(io.hexmirror.transfer.GenerationMismatchException.class)
                .hasMessageContaining("an import of generation 3 of mirror").hasMessageContaining("was interrupted");
        assertThat(fixture.importInto(storage, "1-to-3.bundle").generation()).isEqualTo(3);
        assertThat(fixture.source.mirrorAt(copy).snapshot()).isEqualTo(fixture.source.snapshot());
    }

    private int countChangesOfAnImport() throws Exception {
        Path copy = TransferFixture.copy(baseline, dir.resolve("count"));
        FaultInjectingStorage counting = new FaultInjectingStorage(FileSystemStorage.open(copy, false));
        fixture.importInto(counting, "2.bundle");
        return counting.commitCount() + counting.deletedKeys().size();
    }
}
