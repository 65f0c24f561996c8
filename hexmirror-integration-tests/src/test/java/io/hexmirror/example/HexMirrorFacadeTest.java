package io.hexmirror.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.HexMirror;
import io.hexmirror.InvalidInputException;
import io.hexmirror.MirrorChangeHook;
import io.hexmirror.MirrorOptions;
import io.hexmirror.generation.MirrorStatus;
import io.hexmirror.mirror.MirrorLock;
import io.hexmirror.mirror.MirrorLockedException;
import io.hexmirror.registry.RepositoryKeys;
import io.hexmirror.selection.SelectionRequest;
import io.hexmirror.storage.ForwardingStorage;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.fs.FileSystemStorage;
import io.hexmirror.sync.SyncPlanReport;
import io.hexmirror.sync.SyncSummary;
import io.hexmirror.testkit.upstream.FakeHexRepository;
import io.hexmirror.testkit.upstream.FakeUpstreamServer;
import io.hexmirror.transfer.ExportOptions;
import io.hexmirror.transfer.ExportResult;
import io.hexmirror.transfer.ImportResult;
import io.hexmirror.transfer.TransferRequest;
import io.hexmirror.verify.VerifyReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedder's view: {@link HexMirror} against a real HTTP upstream on loopback and a real mirror
 * directory, including the example program of docs/embedding.md ({@link SyncAndVerify}).
 */
class HexMirrorFacadeTest {
    @TempDir
    Path dir;

    private FakeHexRepository repository;
    private FakeUpstreamServer upstream;
    private MirrorOptions options;

    @BeforeEach
    void startUpstream() {
        repository = FakeHexRepository.create();
        repository.publish("telemetry", "1.0.0").publish("mime", "2.0.0");
        repository.release("plug", "1.15.0").dependsOn("mime", "~> 2.0").dependsOn("telemetry", "~> 1.0").publish();
        upstream = FakeUpstreamServer.start(repository);
        // Map.of(): a proxy set in the test machine's environment must not route loopback traffic.
        options = MirrorOptions.builder().upstream(upstream.baseUri()).upstreamKey(repository.publicKey())
                .environment(Map.of()).build();
    }

    @AfterEach
    void stopUpstream() {
        upstream.close();
    }

    @Test
    void theEmbeddingExampleSyncsAndVerifiesAMirrorDirectory() throws Exception {
        Path mirror = dir.resolve("mirror");

        assertThat(SyncAndVerify.run(mirror, options)).isTrue();

        assertThat(mirror.resolve("tarballs/plug-1.15.0.tar")).exists();
        assertThat(mirror.resolve("packages/mime")).exists();
        assertThat(mirror.resolve("names")).exists();
    }

    @Test
    void theEmbeddingExampleReportsACorruptMirror() throws Exception {
        Path mirror = dir.resolve("mirror");
        assertThat(SyncAndVerify.run(mirror, options)).isTrue();
        Files.write(mirror.resolve("tarballs/mime-2.0.0.tar"), new byte[] {1, 2, 3});
        // The next sync sees the registry unchanged upstream and fetches nothing; verify finds the damage.
        assertThat(SyncAndVerify.run(mirror, options)).isFalse();
    }

    @Test
    void theReadmeAndDocsEmbeddingShowThisExampleAsItIsAndItStaysUnder15Lines() throws Exception {
        String source = Files.readString(Path.of("src/test/java/io/hexmirror/example/SyncAndVerify.java"));
        String program = source.substring(source.indexOf("import ")).strip();

        assertThat(Files.readString(Path.of("../docs/embedding.md"))).contains("```java\n" + program + "\n```");
        assertThat(Files.readString(Path.of("../README.md"))).contains("```java\n" + program + "\n```");
        assertThat(program.lines().count()).isLessThan(15);
        assertThat(program.lines().filter(line -> line.startsWith("import io.hexmirror."))).hasSize(2);
    }

    @Test
    void defaultsMirrorHexPmWithItsKeyAndRepositoryName() {
        MirrorOptions defaults = MirrorOptions.defaults();
        assertThat(defaults.upstream()).hasToString("https://repo.hex.pm");
        assertThat(defaults.upstreamKey()).isEqualTo(RepositoryKeys.hexpmPublicKey());
        assertThat(defaults.repository()).isEqualTo("hexpm");
        assertThat(defaults.environment()).isEqualTo(System.getenv());
        assertThat(defaults.selection()).isEmpty();
        assertThat(defaults.signingKey()).isEmpty();
    }

    @Test
    void syncTakesTheMirrorsLockAndRefusesWhileAnotherWriterHoldsIt() throws Exception {
        try (Storage storage = FileSystemStorage.open(dir.resolve("mirror"), false);
                HexMirror mirror = HexMirror.open(storage, options)) {
            try (MirrorLock other = MirrorLock.acquire(storage, "another writer")) {
                assertThatThrownBy(mirror::sync).isInstanceOf(MirrorLockedException.class).hasMessageContaining("another writer");
                assertThatThrownBy(() -> mirror.importBundle(dir.resolve("any.tar")))
                        .isInstanceOf(MirrorLockedException.class);
            }
            assertThat(storage.stat(MirrorLock.KEY)).isEmpty();
            assertThat(mirror.sync().succeeded()).isTrue();
            // The lock is released when the sync ends: a second one runs.
            assertThat(mirror.sync().unchanged()).isTrue();
        }
    }

    @Test
    void aStepRunThroughWriteHoldsTheMirrorsLockUntilItEnds() throws Exception {
        try (Storage storage = FileSystemStorage.open(dir.resolve("mirror"), false);
                HexMirror mirror = HexMirror.open(storage, options);
                HexMirror otherWriter = HexMirror.open(storage, options)) {
            String written = mirror.write(s -> {
                assertThat(s.stat(MirrorLock.KEY)).as("held during the step").isPresent();
                assertThatThrownBy(otherWriter::sync).isInstanceOf(MirrorLockedException.class);
                return "done";
            });
            assertThat(written).isEqualTo("done");
            assertThat(storage.stat(MirrorLock.KEY)).as("released after the step").isEmpty();

            assertThatThrownBy(() -> mirror.write(s -> {
                throw new IOException("the step failed");
            })).hasMessage("the step failed");
            assertThat(storage.stat(MirrorLock.KEY)).as("released after a failed step").isEmpty();

            try (MirrorLock other = MirrorLock.acquire(storage, "another writer")) {
                AtomicInteger ran = new AtomicInteger();
                assertThatThrownBy(() -> mirror.write(s -> ran.incrementAndGet()))
                        .isInstanceOf(MirrorLockedException.class).hasMessageContaining("another writer");
                assertThat(ran).as("a step never runs without the lock").hasValue(0);
            }
        }
    }

    @Test
    void breakLockRemovesALeftOverLock() throws Exception {
        try (HexMirror mirror = HexMirror.open(dir.resolve("mirror"), options)) {
            MirrorLock.acquire(mirror.storage(), "a process that died");
            assertThat(mirror.breakLock()).isTrue();
            assertThat(mirror.sync().succeeded()).isTrue();
            assertThat(mirror.breakLock()).isFalse();
        }
    }

    @Test
    void planWritesNothingAndStatusCountsWhatSyncPublished() throws Exception {
        Path mirror = dir.resolve("mirror");
        try (HexMirror hex = HexMirror.open(mirror.toString(), options)) {
            SyncPlanReport plan = hex.plan();
            assertThat(plan.packages()).isEqualTo(3);
            assertThat(plan.releasesToDownload()).isEqualTo(3);
            try (Stream<Path> files = Files.walk(mirror)) {
                assertThat(files.filter(Files::isRegularFile)).isEmpty();
            }
            assertThat(hex.status().generation()).isEmpty();

            SyncSummary sync = hex.sync();
            assertThat(sync.tarballsDownloaded()).isEqualTo(3);
            MirrorStatus status = hex.status();
            assertThat(status.generationNumber()).isEqualTo(1);
            assertThat(status.packages()).isEqualTo(3);
            assertThat(status.tarballs()).isEqualTo(3);
        }
    }

    @Test
    void aSelectionMirrorsThePackageWithItsDependencies() throws Exception {
        repository.publish("decimal", "2.0.0");
        MirrorOptions selective = options.toBuilder()
                .selection(SelectionRequest.builder().addPackage("plug").build()).build();
        Path mirror = dir.resolve("mirror");
        try (HexMirror hex = HexMirror.open(mirror, selective)) {
            assertThat(hex.sync().succeeded()).isTrue();
            assertThat(hex.verify().sound()).isTrue();
        }
        assertThat(mirror.resolve("tarballs/telemetry-1.0.0.tar")).exists();
        assertThat(mirror.resolve("tarballs/decimal-2.0.0.tar")).doesNotExist();
    }

    @Test
    void aSigningKeyWithoutASelectionIsInvalidInputAndChangesNothing() throws Exception {
        MirrorOptions resign = options.toBuilder().signingKey(RepositoryKeys.generate().getPrivate()).build();
        Path mirror = dir.resolve("mirror");
        try (HexMirror hex = HexMirror.open(mirror, resign)) {
            assertThatThrownBy(hex::sync).isInstanceOf(InvalidInputException.class).hasMessageContaining("selection")
                    .hasMessageNotContaining("--");
        }
        assertThat(upstream.requestCount()).isZero();
    }

    @Test
    void aBadUpstreamUrlIsInvalidInput() throws Exception {
        MirrorOptions ftp = options.toBuilder().upstream(java.net.URI.create("ftp://example.org")).build();
        try (HexMirror hex = HexMirror.open(dir.resolve("mirror"), ftp)) {
            assertThatThrownBy(hex::plan).isInstanceOf(InvalidInputException.class).hasMessageContaining("ftp://example.org");
        }
    }

    @Test
    void aBundleCarriesTheMirrorToAnotherOneThroughExportAndImport() throws Exception {
        Path bundle = dir.resolve("full.tar");
        try (HexMirror connected = HexMirror.open(dir.resolve("connected"), options);
                HexMirror offline = HexMirror.open(dir.resolve("offline"), options.toBuilder().workDir(dir).build())) {
            assertThat(connected.sync().succeeded()).isTrue();
            TransferRequest request = offline.request(List.of("plug"), List.of());
            assertThat(request.generation()).isZero();

            ExportResult exported = connected.exportBundle(ExportOptions.answering(request), bundle);
            assertThat(exported.unavailable()).isEmpty();
            ImportResult imported = offline.importBundle(bundle);

            assertThat(imported.outcome()).isEqualTo(ImportResult.Outcome.IMPORTED);
            assertThat(imported.generation()).isEqualTo(connected.status().generationNumber());
            VerifyReport report = offline.verify();
            assertThat(report.sound()).isTrue();
            assertThat(report.tarballsChecked()).isEqualTo(3);
        }
    }

    @Test
    void theAfterChangeHookRunsAfterSyncAndImportUnderTheLock() throws Exception {
        List<String> calls = new java.util.ArrayList<>();
        MirrorChangeHook hook = (storage, reader, from) -> {
            // Under the lock, with what the operation published already in place.
            assertThat(storage.stat(MirrorLock.KEY)).isPresent();
            assertThat(storage.stat("names")).isPresent();
            calls.add(from.map(Object::toString).orElse("import"));
        };
        Path bundle = dir.resolve("full.tar");
        try (HexMirror connected = HexMirror.open(dir.resolve("connected"), options.toBuilder().afterChange(hook).build());
                HexMirror offline = HexMirror.open(dir.resolve("offline"), options.toBuilder().workDir(dir).afterChange(hook).build())) {
            assertThat(connected.sync().succeeded()).isTrue();
            assertThat(calls).containsExactly(upstream.baseUri().toString());

            connected.exportBundle(ExportOptions.fullCopy(), bundle);
            assertThat(calls).as("export changes nothing the hook follows").hasSize(1);
            assertThat(offline.importBundle(bundle).outcome()).isEqualTo(ImportResult.Outcome.IMPORTED);
            assertThat(calls).containsExactly(upstream.baseUri().toString(), "import");
        }
    }

    @Test
    void aMirrorOpenedOnACallersStorageLeavesItOpen() throws Exception {
        AtomicInteger closes = new AtomicInteger();
        try (Storage storage = new ForwardingStorage(FileSystemStorage.open(dir.resolve("mirror"), false)) {
            @Override
            public void close() {
                closes.incrementAndGet();
            }
        }) {
            try (HexMirror mirror = HexMirror.open(storage, options)) {
                assertThat(mirror.sync().succeeded()).isTrue();
            }
            assertThat(closes).hasValue(0);
        }
        assertThat(closes).hasValue(1);
    }
}
