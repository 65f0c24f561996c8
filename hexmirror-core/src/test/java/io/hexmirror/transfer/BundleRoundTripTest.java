package io.hexmirror.transfer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.ChecksumMismatchException;
import io.hexmirror.MalformedDataException;
import io.hexmirror.generation.GenerationRecorder;
import io.hexmirror.generation.GenerationStore;
import io.hexmirror.registry.RegistryReader;
import io.hexmirror.registry.RepositoryKeys;
import io.hexmirror.testkit.storage.MemoryStorage;
import io.hexmirror.mirror.ReservedKeys;
import io.hexmirror.storage.WriteOptions;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundle mechanics on files that need no signature (docs): packing, volumes, checksums,
 * generations. The registry checks are exercised end to end in the integration tests.
 */
class BundleRoundTripTest {
    @TempDir
    Path dir;

    final MemoryStorage source = new MemoryStorage();
    final MemoryStorage target = new MemoryStorage();
    final RegistryReader reader = new RegistryReader(RepositoryKeys.generate().getPublic(), "hexpm");
    final Random random = new Random(42);

    @BeforeEach
    void threeGenerations() throws Exception {
        change(Map.of("docs/a-1.0.0.tar.gz", bytes(3000), "docs/b-1.0.0.tar.gz", bytes(70_000), "docs/c-1.0.0.tar.gz", bytes(0)));
        change(Map.of("docs/a-1.0.0.tar.gz", bytes(2999), "docs/d-1.0.0.tar.gz", bytes(1)));
        GenerationRecorder.record(source, s -> s.delete("docs/b-1.0.0.tar.gz"));
    }

    @Test
    void aBundleSinceTheBeginningRebuildsTheMirrorInAnEmptyOne() throws Exception {
        ExportResult export = new BundleExporter(source).export(ExportOptions.since(0), dir.resolve("all.bundle"));

        assertThat(export.files()).containsExactly(dir.resolve("all.bundle"));
        assertThat(Files.size(dir.resolve("all.bundle"))).isEqualTo(export.bundleBytes());
        assertThat(export.manifest().removalCount()).isEqualTo(1);
        ImportResult result = importer().importBundle(List.of(dir.resolve("all.bundle")));

        assertThat(result.outcome()).isEqualTo(ImportResult.Outcome.IMPORTED);
        assertThat(result.generation()).isEqualTo(3);
        assertThat(files(target)).isEqualTo(files(source));
        assertThat(new GenerationStore(target).current().orElseThrow().id())
                .isEqualTo(new GenerationStore(source).current().orElseThrow().id());
        assertThat(target.contentType("docs/a-1.0.0.tar.gz")).as("the type the import decided for a docs tarball")
                .contains("application/gzip");
    }

    @Test
    void anIncrementalBundleBringsChangesAndRemovals() throws Exception {
        new BundleExporter(source).export(ExportOptions.since(0), dir.resolve("first.bundle"));
        importer().importBundle(List.of(dir.resolve("first.bundle")));
        change(Map.of("docs/e-1.0.0.tar.gz", bytes(10), "docs/a-1.0.0.tar.gz", bytes(5)));
        GenerationRecorder.record(source, s -> s.delete("docs/d-1.0.0.tar.gz"));

        ExportResult export = new BundleExporter(source).export(ExportOptions.since(3), dir.resolve("next.bundle"));

        assertThat(export.manifest().entries()).extracting(BundleEntry::path)
                .containsExactly("docs/a-1.0.0.tar.gz", "docs/e-1.0.0.tar.gz", "docs/d-1.0.0.tar.gz");
        assertThat(importer().importBundle(List.of(dir.resolve("next.bundle"))).generation()).isEqualTo(5);
        assertThat(files(target)).isEqualTo(files(source));
    }

    @Test
    void importingTwiceChangesNothingTheSecondTime() throws Exception {
        new BundleExporter(source).export(ExportOptions.since(0), dir.resolve("all.bundle"));
        importer().importBundle(List.of(dir.resolve("all.bundle")));
        int changes = target.changes().size();

        ImportResult again = importer().importBundle(List.of(dir.resolve("all.bundle")));

        assertThat(again.outcome()).isEqualTo(ImportResult.Outcome.ALREADY_APPLIED);
        assertThat(target.changes()).hasSize(changes);
    }

    @Test
    void volumesConcatenateToTheBundleAndImportFromAnyOfThem() throws Exception {
        ExportResult export = new BundleExporter(source).export(ExportOptions.since(0).withVolumeSize(1000), dir.resolve("v.bundle"));

        assertThat(export.files()).hasSizeGreaterThan(3).allSatisfy(f -> assertThat(Files.size(f)).isLessThanOrEqualTo(1000));
        assertThat(export.files().get(0).getFileName().toString()).isEqualTo("v.bundle.001");
        Path joined = dir.resolve("joined.bundle");
        for (Path volume : export.files()) {
            Files.write(joined, Files.readAllBytes(volume), java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        }
        assertThat(Files.size(joined)).isEqualTo(export.bundleBytes());

        importer().importBundle(List.of(dir.resolve("v.bundle")));
        assertThat(files(target)).isEqualTo(files(source));
    }

    @Test
    void aMissingVolumeIsNamedAndNothingChanges() throws Exception {
        ExportResult export = new BundleExporter(source).export(ExportOptions.since(0).withVolumeSize(2048), dir.resolve("v.bundle"));
        assertThat(export.files()).hasSizeGreaterThan(2);
        Files.delete(export.files().get(1));

        assertThatThrownBy(() -> importer().importBundle(List.of(dir.resolve("v.bundle.001"))))
                .isInstanceOf(MalformedDataException.class).hasMessageContaining("volume v.bundle.002 is missing");
        assertThat(target.snapshot()).isEmpty();
    }

    @Test
    void aMissingLastVolumeIsNamedAndNothingChanges() throws Exception {
        ExportResult export = new BundleExporter(source).export(ExportOptions.since(0).withVolumeSize(4096), dir.resolve("v.bundle"));
        int count = export.files().size();
        Files.delete(export.files().get(count - 1));

        assertThatThrownBy(() -> importer().importBundle(List.of(dir.resolve("v.bundle"))))
                .isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("the bundle has " + count + " volumes; v.bundle." + String.format("%03d", count) + " missing");
        assertThat(target.snapshot()).isEmpty();
    }

    @Test
    void aTruncatedBundleIsRefusedAndNothingChanges() throws Exception {
        Path bundle = dir.resolve("t.bundle");
        new BundleExporter(source).export(ExportOptions.since(0), bundle);
        byte[] bytes = Files.readAllBytes(bundle);
        Files.write(bundle, java.util.Arrays.copyOf(bytes, bytes.length - 1500));

        assertThatThrownBy(() -> importer().importBundle(List.of(bundle)))
                .isInstanceOf(MalformedDataException.class).hasMessageContaining("it is truncated");
        assertThat(target.snapshot()).isEmpty();
    }

    @Test
    void aCorruptedByteIsFoundByItsChecksumAndNothingChanges() throws Exception {
        Path bundle = dir.resolve("c.bundle");
        ExportResult export = new BundleExporter(source).export(ExportOptions.since(0), bundle);
        byte[] bytes = Files.readAllBytes(bundle);
        bytes[bytes.length - 1024 - 600] ^= 1;
        Files.write(bundle, bytes);

        assertThatThrownBy(() -> importer().importBundle(List.of(bundle)))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining("but the manifest says").hasMessageContaining("the bundle is damaged");
        assertThat(target.snapshot()).isEmpty();
        assertThat(export.manifest().packs()).hasSize(1);
    }

    @Test
    void exportRefusesToOverwriteAndToStartFromAGenerationItDoesNotHave() throws Exception {
        Files.writeString(dir.resolve("exists.bundle"), "x");
        assertThatThrownBy(() -> new BundleExporter(source).export(ExportOptions.since(0), dir.resolve("exists.bundle")))
                .isInstanceOf(FileAlreadyExistsException.class);
        Files.writeString(dir.resolve("old.bundle.002"), "x");
        assertThatThrownBy(() -> new BundleExporter(source).export(ExportOptions.since(0).withVolumeSize(4096), dir.resolve("old.bundle")))
                .isInstanceOf(FileAlreadyExistsException.class).hasMessageContaining("old.bundle.002");
        assertThatThrownBy(() -> new BundleExporter(source).export(ExportOptions.since(9), dir.resolve("n.bundle")))
                .isInstanceOf(GenerationMismatchException.class).hasMessageContaining("is at generation 3; it has no generation 9");
        assertThat(dir.resolve("n.bundle")).doesNotExist();
    }

    @Test
    void aFullBundleMakesAnOlderCopyEqualRemovingWhatItDoesNotHold() throws Exception {
        new BundleExporter(source).export(ExportOptions.since(0), dir.resolve("first.bundle"));
        importer().importBundle(List.of(dir.resolve("first.bundle")));
        target.put("docs/stray-1.0.0.tar.gz", "left behind");
        change(Map.of("docs/f-1.0.0.tar.gz", bytes(7)));

        new BundleExporter(source).export(ExportOptions.fullCopy(), dir.resolve("full.bundle"));
        ImportResult result = importer().importBundle(List.of(dir.resolve("full.bundle")));

        assertThat(result.filesRemoved()).isEqualTo(1);
        assertThat(files(target)).isEqualTo(files(source));
    }

    @Test
    void aMirrorThatIsUpToDateGetsAnEmptyBundleThatChangesNothing() throws Exception {
        new BundleExporter(source).export(ExportOptions.since(0), dir.resolve("all.bundle"));
        importer().importBundle(List.of(dir.resolve("all.bundle")));

        ExportResult empty = new BundleExporter(source).export(ExportOptions.since(3), dir.resolve("empty.bundle"));

        assertThat(empty.manifest().entries()).isEmpty();
        assertThat(empty.manifest().baseGeneration()).isEqualTo(3);
        assertThat(importer().importBundle(List.of(dir.resolve("empty.bundle"))).outcome())
                .isEqualTo(ImportResult.Outcome.ALREADY_APPLIED);
    }

    @Test
    void aFileChangedBehindTheJournalsBackFailsTheExportAndIsCarriedByTheNext() throws Exception {
        byte[] forged = bytes(2999);
        source.put("docs/a-1.0.0.tar.gz", forged, java.time.Instant.parse("2020-01-01T00:00:00Z"));

        assertThatThrownBy(() -> new BundleExporter(source).export(ExportOptions.since(0), dir.resolve("x.bundle")))
                .isInstanceOf(IOException.class).hasMessageContaining("docs/a-1.0.0.tar.gz in memory differs from what the mirror's"
                        + " journal recorded").hasMessageContaining("export again");
        assertThat(dir.resolve("x.bundle")).doesNotExist();

        ExportResult again = new BundleExporter(source).export(ExportOptions.since(3), dir.resolve("y.bundle"));

        assertThat(again.manifest().target().number()).isEqualTo(4);
        assertThat(again.manifest().entries()).extracting(BundleEntry::path).containsExactly("docs/a-1.0.0.tar.gz");
    }

    private BundleImporter importer() {
        return new BundleImporter(target, reader, dir.resolve("work"));
    }

    private void change(Map<String, byte[]> files) throws IOException {
        GenerationRecorder.record(source, s -> {
            for (Map.Entry<String, byte[]> e : new TreeMap<>(files).entrySet()) {
                s.write(e.getKey(), e.getValue(), WriteOptions.defaults());
            }
            return null;
        });
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static Map<String, String> files(MemoryStorage storage) {
        Map<String, String> files = new TreeMap<>();
        storage.snapshot().forEach((k, v) -> {
            if (!ReservedKeys.isReserved(k)) {
                files.put(k, new String(v, UTF_8));
            }
        });
        return files;
    }
}
