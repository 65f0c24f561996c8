package io.hexmirror.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.VerificationException;
import io.hexmirror.generation.GenerationRecorder;
import io.hexmirror.internal.sync.SyncEngine;
import io.hexmirror.internal.sync.SyncOptions;
import io.hexmirror.internal.transfer.BundleExporter;
import io.hexmirror.internal.transfer.BundleImporter;
import io.hexmirror.internal.upstream.UpstreamClient;
import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.WriteOptions;
import io.hexmirror.storage.fs.FileSystemStorage;
import io.hexmirror.sync.SyncListener;
import io.hexmirror.testkit.upstream.FakeHexRepository;
import io.hexmirror.testkit.upstream.FakeUpstreamServer;
import io.hexmirror.transfer.BundleEntry;
import io.hexmirror.transfer.ExportOptions;
import io.hexmirror.transfer.ExportResult;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocsBundleRoundTripTest {
    @TempDir
    Path dir;

    private FileSystemStorage syncedMirror(FakeHexRepository upstream) throws Exception {
        FileSystemStorage storage = FileSystemStorage.open(dir.resolve("connected"), false);
        try (FakeUpstreamServer server = FakeUpstreamServer.start(upstream);
                UpstreamClient client = UpstreamClient.builder(server.baseUri()).build()) {
            new SyncEngine(client, storage, upstream.reader(), SyncOptions.all(), SyncListener.NONE).run();
            new DocsSync(client, storage, DocsSyncOptions.of(DocsPolicy.ALL)).run();
        }
        return storage;
    }

    private static List<String> keys(FileSystemStorage storage, String prefix) throws Exception {
        try (Stream<ObjectInfo> s = storage.list(prefix)) {
            return s.map(ObjectInfo::key).toList();
        }
    }

    @Test
    void docsTravelInBundlesAreCheckedOnImportAndTheFarSideDerivesItsOwnTree() throws Exception {
        FakeHexRepository upstream = FakeHexRepository.create();
        upstream.release("mime", "1.6.0").withDocs().publish();
        upstream.release("plug", "1.14.0").dependsOn("mime", "~> 1.0").withDocs().publish();
        FileSystemStorage connected = syncedMirror(upstream);

        ExportResult export = new BundleExporter(connected).export(ExportOptions.fullCopy(), dir.resolve("full.hexbundle"));

        assertThat(export.manifest().entries()).extracting(BundleEntry::path)
                .contains("docs/mime-1.6.0.tar.gz", "docs/plug-1.14.0.tar.gz")
                .noneMatch(p -> p.startsWith("hexdocs/"));
        assertThat(export.manifest().entries()).filteredOn(e -> e.path().equals("docs/plug-1.14.0.tar.gz"))
                .singleElement().extracting(BundleEntry::sha256)
                .isEqualTo(HexDocs.sha256(upstream.file("docs/plug-1.14.0.tar.gz").orElseThrow()));

        FileSystemStorage offline = FileSystemStorage.open(dir.resolve("offline"), false);
        new BundleImporter(offline, upstream.reader(), dir.resolve("work")).withFileCheck(new DocsBundleCheck())
                .importBundle(export.files());
        HexDocs.TreeUpdate tree = new HexDocs(offline).catchUp();

        assertThat(tree.derived()).hasSize(2);
        assertThat(offline.stat(TreeCheckpoint.KEY)).as("the tree is recorded up to date with the import").isPresent();
        assertThat(new HexDocs(offline).catchUp().derived()).isEmpty();
        assertThat(offline.read("docs/plug-1.14.0.tar.gz").readAllBytes())
                .isEqualTo(upstream.file("docs/plug-1.14.0.tar.gz").orElseThrow());
        assertThat(new String(offline.read("hexdocs/plug/1.14.0/Plug.html").readAllBytes()))
                .contains("href=\"../../mime/1.6.0/Mime.html\"");
        assertThat(new DocsVerifier(offline).verify().ok()).isTrue();
    }

    @Test
    void anImportWithABadDocsTarballIsRefusedWhole() throws Exception {
        FakeHexRepository upstream = FakeHexRepository.create();
        upstream.release("mime", "1.6.0").withDocs().publish();
        FileSystemStorage connected = syncedMirror(upstream);
        // A docs tarball that got into the exporting mirror behind the checks' back.
        byte[] evil = TestTars.create().symlink("index.html", "/etc/passwd").build();
        GenerationRecorder.record(connected, recording -> {
            recording.write("docs/evil-1.0.0.tar.gz", evil, WriteOptions.defaults());
            return null;
        });
        ExportResult export = new BundleExporter(connected).export(ExportOptions.fullCopy(), dir.resolve("bad.hexbundle"));
        FileSystemStorage offline = FileSystemStorage.open(dir.resolve("offline"), false);

        assertThatThrownBy(() -> new BundleImporter(offline, upstream.reader(), dir.resolve("work"))
                .withFileCheck(new DocsBundleCheck()).importBundle(export.files()))
                .isInstanceOf(VerificationException.class)
                .hasMessageContaining("docs/evil-1.0.0.tar.gz in the bundle")
                .hasMessageContaining("docs of evil 1.0.0 refused: entry 'index.html' is a symbolic link");
        assertThat(keys(offline, "")).noneMatch(k -> !k.startsWith(".hexmirror/"));
    }
}
