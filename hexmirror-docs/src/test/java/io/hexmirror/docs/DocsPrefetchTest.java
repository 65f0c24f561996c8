package io.hexmirror.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.internal.sync.SyncEngine;
import io.hexmirror.internal.sync.SyncOptions;
import io.hexmirror.internal.upstream.UpstreamClient;
import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.fs.FileSystemStorage;
import io.hexmirror.sync.SyncListener;
import io.hexmirror.testkit.upstream.FakeHexRepository;
import io.hexmirror.testkit.upstream.FakeUpstreamServer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocsPrefetchTest {
    @TempDir
    Path dir;
    private final FakeHexRepository upstream = FakeHexRepository.create();
    private FakeUpstreamServer server;
    private UpstreamClient client;
    private FileSystemStorage storage;
    private Path prefetchDir;

    @BeforeEach
    void setUp() throws Exception {
        upstream.release("mime", "1.5.0").withDocs().publish();
        upstream.release("mime", "1.6.0").withDocs().publish();
        upstream.release("plug", "1.0.0").withDocs().publish();
        upstream.publish("nodocs", "0.1.0");
        server = FakeUpstreamServer.start(upstream);
        client = UpstreamClient.builder(server.baseUri()).concurrency(4).retries(0).build();
        storage = FileSystemStorage.open(dir.resolve("mirror"), false);
        prefetchDir = dir.resolve("prefetch");
    }

    @AfterEach
    void tearDown() throws Exception {
        client.close();
        server.close();
    }

    private DocsPrefetch prefetch() throws Exception {
        return new DocsPrefetch(UpstreamClient.builder(server.baseUri()).concurrency(2).retries(0).build(), storage,
                DocsLimits.hexdocs(), prefetchDir, 1L << 20, 2);
    }

    private void syncRegistry() throws Exception {
        new SyncEngine(client, storage, upstream.reader(), SyncOptions.all(), SyncListener.NONE).run();
    }

    private DocsSyncSummary syncDocs(DocsPrefetch prefetch, DocsPolicy policy) throws Exception {
        Clock later = Clock.fixed(upstream.now().plus(Duration.ofDays(30)), ZoneOffset.UTC);
        return new DocsSync(prefetch.upstreamFor(client), storage, DocsSyncOptions.of(policy).withClock(later)).run();
    }

    private List<String> docsKeys() throws Exception {
        try (Stream<ObjectInfo> s = storage.list("docs/")) {
            return s.map(ObjectInfo::key).toList();
        }
    }

    private List<String> docsRequests() {
        return server.requestLog().stream().map(e -> e.resource()).filter(r -> r.startsWith("docs/")).toList();
    }

    @Test
    void theDocsSyncTakesTheDocsPrefetchedForPublishedPackagesInsteadOfAskingUpstreamAgain() throws Exception {
        syncRegistry();
        try (DocsPrefetch prefetch = prefetch()) {
            List.of("mime", "plug", "nodocs").forEach(prefetch::packageDone);
            prefetch.awaitDownloads();
            assertThat(docsRequests()).containsExactlyInAnyOrder("docs/mime-1.6.0.tar.gz", "docs/plug-1.0.0.tar.gz",
                    "docs/nodocs-0.1.0.tar.gz");
            server.resetLog();
            prefetch.stop();

            DocsSyncSummary summary = syncDocs(prefetch, DocsPolicy.LATEST);

            // What upstream did not have is asked again; the rest came from the prefetch, checked and stored as always.
            assertThat(docsRequests()).containsExactly("docs/nodocs-0.1.0.tar.gz");
            assertThat(docsKeys()).containsExactly("docs/mime-1.6.0.tar.gz", "docs/plug-1.0.0.tar.gz");
            assertThat(summary.fetched()).isEqualTo(2);
            assertThat(summary.notFound()).isEqualTo(1);
            assertThat(summary.requests()).isEqualTo(3);
            try (InputStream in = storage.read("docs/mime-1.6.0.tar.gz")) {
                assertThat(in.readAllBytes()).isEqualTo(upstream.file("docs/mime-1.6.0.tar.gz").orElseThrow());
            }
            assertThat(storage.stat("hexdocs/index.html")).isPresent();
        }
        assertThat(prefetchDir).doesNotExist();
    }

    @Test
    void prefetchedDocsThatTheDocsSyncDoesNotAskForAreNeverStoredAndAreDeleted() throws Exception {
        syncRegistry();
        try (DocsPrefetch prefetch = prefetch()) {
            List.of("mime", "plug").forEach(prefetch::packageDone);
            prefetch.awaitDownloads();
            prefetch.stop();

            syncDocs(prefetch, DocsPolicy.NONE);

            assertThat(docsKeys()).isEmpty();
            try (Stream<Path> files = Files.list(prefetchDir)) {
                assertThat(files).hasSize(2);
            }
        }
        assertThat(prefetchDir).doesNotExist();
    }

    @Test
    void aPackageTheMirrorDoesNotServeYetPrefetchesNothing() throws Exception {
        try (DocsPrefetch prefetch = prefetch()) {
            prefetch.packageDone("mime");
            prefetch.awaitDownloads();
            assertThat(docsRequests()).isEmpty();
            prefetch.stop();
            syncRegistry();

            DocsSyncSummary summary = syncDocs(prefetch, DocsPolicy.LATEST);

            assertThat(summary.fetched()).isEqualTo(2);
            assertThat(docsRequests()).contains("docs/mime-1.6.0.tar.gz", "docs/plug-1.0.0.tar.gz");
        }
    }

    @Test
    void aReleaseRememberedWithoutDocsIsLeftToTheDocsSync() throws Exception {
        syncRegistry();
        try (DocsPrefetch first = prefetch()) {
            first.stop();
            syncDocs(first, DocsPolicy.LATEST);
        }
        server.resetLog();

        try (DocsPrefetch prefetch = prefetch()) {
            prefetch.packageDone("nodocs");
            prefetch.awaitDownloads();

            assertThat(docsRequests()).isEmpty();
        }
    }

    @Test
    void afterStopNothingMoreIsPrefetched() throws Exception {
        syncRegistry();
        try (DocsPrefetch prefetch = prefetch()) {
            prefetch.stop();
            prefetch.packageDone("mime");
            prefetch.awaitDownloads();

            assertThat(docsRequests()).isEmpty();
        }
    }
}
