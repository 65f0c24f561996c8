package io.hexmirror.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.HexMirrorException;
import io.hexmirror.generation.Generation;
import io.hexmirror.generation.GenerationStore;
import io.hexmirror.internal.transfer.BundleExporter;
import io.hexmirror.internal.transfer.BundleImporter;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.fs.FileSystemStorage;
import io.hexmirror.transfer.ExportOptions;
import io.hexmirror.transfer.ExportResult;
import io.hexmirror.transfer.ImportResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A connected mirror synced from the test upstream ({@link SyncFixture}) and an offline mirror in
 * another directory, with the means to carry bundles from one to the other.
 */
final class TransferFixture implements AutoCloseable {
    final Path dir;
    final SyncFixture source;
    final Path targetDir;
    final FileSystemStorage target;
    final Path workDir;

    TransferFixture(Path dir) throws IOException {
        this.dir = dir;
        this.source = new SyncFixture(dir.resolve("connected")).withSampleRepository();
        this.targetDir = dir.resolve("offline");
        this.target = FileSystemStorage.open(targetDir, false);
        this.workDir = dir.resolve("work");
    }

    /** Syncs the connected mirror and checks that the sync succeeded. */
    void sync() throws Exception {
        assertThat(source.sync().failures()).isEmpty();
    }

    ExportResult export(ExportOptions options, String name) throws IOException, HexMirrorException {
        return new BundleExporter(source.storage).export(options, dir.resolve(name));
    }

    ImportResult importInto(Storage storage, String... names) throws IOException, HexMirrorException {
        List<Path> files = Stream.of(names).map(dir::resolve).toList();
        return new BundleImporter(storage, source.upstream.reader(), workDir, source.upstream.publicKey()).importBundle(files);
    }

    ImportResult importBundle(String... names) throws IOException, HexMirrorException {
        return importInto(target, names);
    }

    long sourceGeneration() throws IOException {
        return new GenerationStore(source.storage).currentNumber();
    }

    /** The offline mirror holds exactly the connected one's files, byte for byte, at the same generation. */
    void assertTargetEqualsSource() throws IOException {
        assertThat(source.mirrorAt(targetDir).snapshot()).isEqualTo(source.snapshot());
        Generation expected = new GenerationStore(source.storage).current().orElseThrow();
        Generation actual = new GenerationStore(target).current().orElseThrow();
        assertThat(actual.number()).isEqualTo(expected.number());
        assertThat(actual.id()).isEqualTo(expected.id());
        assertThat(actual.mirrorId()).isEqualTo(expected.mirrorId());
        assertThat(new GenerationStore(target).pending()).isEmpty();
    }

    /** Every file under a directory, bookkeeping included, with its content: to prove nothing changed. */
    static Map<String, String> everything(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        if (!Files.exists(root)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile).forEach(p -> {
                try {
                    files.put(root.relativize(p).toString(), SyncFixture.sha256Bytes(Files.readAllBytes(p)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return files;
    }

    /** Whether the staging area holds anything (it must be cleaned after every import). */
    boolean workDirEmpty() throws IOException {
        if (!Files.exists(workDir)) {
            return true;
        }
        try (Stream<Path> files = Files.list(workDir)) {
            return files.findAny().isEmpty();
        }
    }

    /** A copy of a directory tree. */
    static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path copy = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(source, copy, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return to;
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
