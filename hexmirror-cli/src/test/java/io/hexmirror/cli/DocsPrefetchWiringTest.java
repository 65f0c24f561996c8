package io.hexmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.HexMirror;
import io.hexmirror.MirrorOptions;
import io.hexmirror.docs.DocsPolicy;
import io.hexmirror.docs.DocsPrefetch;
import io.hexmirror.docs.DocsSyncOptions;
import io.hexmirror.docs.DocsSyncSummary;
import io.hexmirror.sync.SyncListener;
import io.hexmirror.testkit.upstream.FakeHexRepository;
import io.hexmirror.testkit.upstream.FakeUpstreamServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@code sync --docs latest} has the docs prefetched while the registry sync runs. */
class DocsPrefetchWiringTest {
    @TempDir
    Path dir;

    FakeHexRepository upstream;
    FakeUpstreamServer server;
    Path mirror;

    @BeforeEach
    void start() {
        upstream = FakeHexRepository.create();
        upstream.release("decimal", "2.0.0").withDocs().publish();
        upstream.release("decimal", "2.1.1").withDocs().publish();
        upstream.release("jason", "1.4.0").dependsOn("decimal", "~> 2.0").publish();
        server = FakeUpstreamServer.start(upstream);
        mirror = dir.resolve("mirror");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HexMirror open() throws Exception {
        MirrorOptions options = MirrorOptions.builder().upstream(server.baseUri()).upstreamKey(upstream.publicKey())
                .environment(Map.of()).build();
        return HexMirror.open(mirror.toString(), options);
    }

    private List<String> docsRequests() {
        return server.requestLog().stream().map(e -> e.resource()).filter(r -> r.startsWith("docs/")).toList();
    }

    @Test
    void theDocsOfEachPackageTheRegistrySyncFinishesAreFetchedDuringItAndTakenByTheDocsStep() throws Exception {
        DocsRunner runner = new DocsRunner(DocsSyncOptions.of(DocsPolicy.LATEST));
        List<String> finished = new ArrayList<>();
        SyncListener progress = new SyncListener() {
            @Override
            public void packageFinished(String name) {
                finished.add(name);
            }
        };
        try (HexMirror hexMirror = open()) {
            Optional<DocsPrefetch> prefetch = runner.prefetch(hexMirror, false, false);
            assertThat(prefetch).isPresent();
            try (DocsPrefetch p = prefetch.get()) {
                long before = hexMirror.generation();
                assertThat(hexMirror.sync(new DocsPrefetchingListener(progress, p)).succeeded()).isTrue();
                p.awaitDownloads();
                assertThat(finished).as("the progress still hears of every package").containsExactlyInAnyOrder("decimal", "jason");
                assertThat(docsRequests()).as("asked while the registry sync ran")
                        .containsExactlyInAnyOrder("docs/decimal-2.1.1.tar.gz", "docs/jason-1.4.0.tar.gz");
                server.resetLog();

                StringWriter out = new StringWriter();
                DocsSyncSummary docs = runner.runThenUpdateCatalog(hexMirror, before, server.baseUri().toString(),
                        new PrintWriter(out, true), prefetch);

                assertThat(docsRequests()).as("jason has no docs upstream: asked again").containsExactly("docs/jason-1.4.0.tar.gz");
                assertThat(docs.fetched()).isEqualTo(1);
                assertThat(docs.treePackages()).containsExactly("decimal");
                assertThat(out.toString()).contains("docs: 2 wanted, 0 already mirrored, 1 fetched")
                        .contains("catalog updated: 2 packages read");
            }
        }
        assertThat(mirror.resolve("docs/decimal-2.1.1.tar.gz")).exists();
        assertThat(Files.readString(mirror.resolve("browse/packages/decimal.html")))
                .contains("href=\"../../hexdocs/decimal/2.1.1/index.html\"");
    }

    @Test
    void onlyTheLatestPolicyOverTheWholeRegistryWithoutARateCapIsPrefetched() throws Exception {
        try (HexMirror hexMirror = open()) {
            assertThat(new DocsRunner(DocsSyncOptions.of(DocsPolicy.ALL)).prefetch(hexMirror, false, false)).isEmpty();
            assertThat(new DocsRunner(DocsSyncOptions.of(DocsPolicy.NONE)).prefetch(hexMirror, false, false)).isEmpty();
            DocsRunner latest = new DocsRunner(DocsSyncOptions.of(DocsPolicy.LATEST));
            assertThat(latest.prefetch(hexMirror, true, false)).as("a selective mirror").isEmpty();
            assertThat(latest.prefetch(hexMirror, false, true)).as("--max-rate").isEmpty();
        }
    }
}
