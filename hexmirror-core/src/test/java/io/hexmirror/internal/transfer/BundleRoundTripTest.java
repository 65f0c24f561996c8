package io.hexmirror.internal.transfer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.hexmirror.ChecksumMismatchException;
import io.hexmirror.MalformedDataException;
import io.hexmirror.generation.GenerationRecorder;
import io.hexmirror.generation.GenerationStore;
import io.hexmirror.mirror.ContentTypes;
import io.hexmirror.mirror.ReservedKeys;
import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.registry.RegistryReader;
import io.hexmirror.registry.RegistryWriter;
import io.hexmirror.registry.RepositoryKeys;
import io.hexmirror.registry.proto.Names;
import io.hexmirror.registry.proto.NamesPackage;
import io.hexmirror.registry.proto.Package;
import io.hexmirror.storage.ForwardingStorage;
import io.hexmirror.storage.ObjectWrite;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.WriteOptions;
import io.hexmirror.testkit.storage.MemoryStorage;
import io.hexmirror.transfer.BundleEntry;
import io.hexmirror.transfer.ExportOptions;
import io.hexmirror.transfer.ExportResult;
import io.hexmirror.transfer.GenerationMismatchException;
import io.hexmirror.transfer.ImportResult;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundle mechanics: packing, volumes, checksums, generations, on package files without
 * releases (signed, so an import takes them, and padded to chosen sizes) and the {@code names}
 * that lists them. The tarball checks are exercised end to end in the integration tests.
 */
class BundleRoundTripTest {
    @TempDir
    Path dir;

    final MemoryStorage source = new MemoryStorage();
    final MemoryStorage target = new MemoryStorage();
    final KeyPair keys = RepositoryKeys.generate();
    final RegistryReader reader = new RegistryReader(keys.getPublic(), "hexpm");
    final RegistryWriter writer = new RegistryWriter(keys.getPrivate());
    final Random random = new Random(42);
    final Set<String> packages = new TreeSet<>();

    @BeforeEach
    void threeGenerations() throws Exception {
        change(Map.of("a", 3000, "b", 70_000, "c", 0));
        change(Map.of("a", 2999, "d", 1));
        change(Map.of(), "b");
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
        assertThat(source.contentType("packages/a")).as("the source wrote it without a type").isEmpty();
        assertThat(target.contentType("packages/a")).as("the type the import decided for a package file")
                .contains(ContentTypes.OCTET_STREAM);
    }

    @Test
    void anIncrementalBundleBringsChangesAndRemovals() throws Exception {
        new BundleExporter(source).export(ExportOptions.since(0), dir.resolve("first.bundle"));
        importer().importBundle(List.of(dir.resolve("first.bundle")));
        change(Map.of("e", 10, "a", 5), "d");

        ExportResult export = new BundleExporter(source).export(ExportOptions.since(3), dir.resolve("next.bundle"));

        assertThat(export.manifest().entries()).extracting(BundleEntry::path)
                .containsExactly("packages/a", "packages/e", "names", "packages/d");
        assertThat(importer().importBundle(List.of(dir.resolve("next.bundle"))).generation()).isEqualTo(4);
        assertThat(files(target)).isEqualTo(files(source));
    }

    @Test
    void anImportMakesTheFilesOfEachRankDurableTogetherBeforeWritingTheNextRank() throws Exception {
        new BundleExporter(source).export(ExportOptions.since(0), dir.resolve("first.bundle"));
        importer().importBundle(List.of(dir.resolve("first.bundle")));
        change(Map.of("e", 10, "a", 5), "d");
        new BundleExporter(source).export(ExportOptions.since(3), dir.resolve("next.bundle"));
        List<String> events = new ArrayList<>();
        Storage recorded = new ForwardingStorage(target) {
            @Override
            public ObjectWrite write(String key, WriteOptions options) throws IOException {
                events.add((ReservedKeys.isReserved(key) ? "bookkeeping" : key) + (options.deferredSync() ? " (deferred)" : ""));
                return super.write(key, options);
            }

            @Override
            public boolean delete(String key) throws IOException {
                events.add("delete " + key);
                return super.delete(key);
            }

            @Override
            public void syncDeferredWrites() throws IOException {
                events.add("sync");
                super.syncDeferredWrites();
            }
        };

        new BundleImporter(recorded, reader, dir.resolve("work")).importBundle(List.of(dir.resolve("next.bundle")));

        // The pending mark first; package files, synced before names is written, synced before the removal (a delete is
        // durable on its own); then the generation's record.
        assertThat(events).containsExactly("bookkeeping", "packages/a (deferred)", "packages/e (deferred)", "sync", "names (deferred)",
                "sync", "delete packages/d", "bookkeeping", "bookkeeping", "delete .hexmirror/pending");
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
        target.put("packages/stray", "left behind");
        change(Map.of("f", 7));

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
        byte[] forged = packageFile("a", 2999);
        assertThat(forged).hasSameSizeAs(source.snapshot().get("packages/a"));
        source.put("packages/a", forged, java.time.Instant.parse("2020-01-01T00:00:00Z"));

        assertThatThrownBy(() -> new BundleExporter(source).export(ExportOptions.since(0), dir.resolve("x.bundle")))
                .isInstanceOf(IOException.class).hasMessageContaining("packages/a in memory differs from what the mirror's"
                        + " journal recorded").hasMessageContaining("export again");
        assertThat(dir.resolve("x.bundle")).doesNotExist();

        ExportResult again = new BundleExporter(source).export(ExportOptions.since(3), dir.resolve("y.bundle"));

        assertThat(again.manifest().target().number()).isEqualTo(4);
        assertThat(again.manifest().entries()).extracting(BundleEntry::path).containsExactly("packages/a");
    }

    private BundleImporter importer() {
        return new BundleImporter(target, reader, dir.resolve("work"));
    }

    /**
     * One generation of the source: writes package files padded with that many random bytes,
     * removes some, and writes the {@code names} that lists the packages then present.
     */
    private void change(Map<String, Integer> padded, String... removed) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        for (Map.Entry<String, Integer> e : new TreeMap<>(padded).entrySet()) {
            files.put(RegistryPaths.packageKey(e.getKey()), packageFile(e.getKey(), e.getValue()));
            packages.add(e.getKey());
        }
        packages.removeAll(List.of(removed));
        Names.Builder names = Names.newBuilder().setRepository("hexpm");
        packages.forEach(name -> names.addPackages(NamesPackage.newBuilder().setName(name)));
        files.put(RegistryPaths.NAMES, writer.write(names.build()));
        GenerationRecorder.record(source, s -> {
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                s.write(e.getKey(), e.getValue(), WriteOptions.defaults());
            }
            for (String name : removed) {
                s.delete(RegistryPaths.packageKey(name));
            }
            return null;
        });
    }

    /** A signed package file without releases, padded with {@code padding} random bytes in a field readers skip. */
    private byte[] packageFile(String name, int padding) {
        byte[] bytes = new byte[padding];
        random.nextBytes(bytes);
        Package pkg = Package.newBuilder().setName(name).setRepository("hexpm")
                .setUnknownFields(UnknownFieldSet.newBuilder()
                        .addField(99, UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.copyFrom(bytes)).build())
                        .build())
                .build();
        return writer.write(pkg);
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
