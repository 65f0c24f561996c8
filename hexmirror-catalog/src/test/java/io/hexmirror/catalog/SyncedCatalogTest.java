package io.hexmirror.catalog;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.internal.sync.SyncEngine;
import io.hexmirror.internal.sync.SyncOptions;
import io.hexmirror.internal.upstream.UpstreamClient;
import io.hexmirror.selection.SelectionRequest;
import io.hexmirror.storage.fs.FileSystemStorage;
import io.hexmirror.sync.SyncListener;
import io.hexmirror.sync.SyncSummary;
import io.hexmirror.testkit.upstream.FakeHexRepository;
import io.hexmirror.testkit.upstream.FakeUpstreamServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog of a mirror that real syncs from the test upstream filled, kept up to date after each sync. */
class SyncedCatalogTest {
    @TempDir
    Path dir;

    FakeHexRepository upstream;
    FakeUpstreamServer server;
    FileSystemStorage storage;

    @BeforeEach
    void setUp() throws IOException {
        upstream = FakeHexRepository.create();
        upstream.release("telemetry", "1.0.0").description("Dynamic dispatching for metrics.").publish();
        upstream.publish("mime", "2.0.0");
        upstream.release("plug", "1.15.0").description("Compose web applications with functions.").buildTools("mix")
                .licenses("Apache-2.0").dependsOn("mime", "~> 2.0").dependsOnOptional("telemetry", "~> 1.0").publish();
        upstream.publish("unrelated", "0.1.0");
        server = FakeUpstreamServer.start(upstream);
        storage = FileSystemStorage.open(dir, false);
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private SyncSummary sync(SyncOptions options) throws Exception {
        try (UpstreamClient client = UpstreamClient.builder(server.baseUri()).build()) {
            return new SyncEngine(client, storage, upstream.reader(), options.withConcurrency(2), SyncListener.NONE).run();
        }
    }

    private Catalog catalog() throws IOException {
        return Catalog.open(storage, upstream.reader(), CatalogOptions.defaults());
    }

    private String page(String name) throws IOException {
        try (InputStream in = storage.read(CatalogLayout.packagePageKey(name))) {
            return new String(in.readAllBytes(), UTF_8);
        }
    }

    @Test
    void followsTheUpstreamThroughSyncs() throws Exception {
        assertThat(sync(SyncOptions.all()).succeeded()).isTrue();
        Catalog catalog = catalog();
        assertThat(catalog.refresh().packagesRead()).isEqualTo(4);
        CatalogPackage plug = catalog.get("plug").orElseThrow();
        assertThat(plug.meta().description()).isEqualTo("Compose web applications with functions.");
        assertThat(plug.meta().buildTools()).containsExactly("mix");
        assertThat(plug.readme()).hasValueSatisfying(r -> assertThat(r).contains("# plug"));
        assertThat(plug.latest().orElseThrow().publishedAt()).isPresent();
        assertThat(catalog.dependents("telemetry")).containsExactly("plug");
        assertThat(catalog.facts().generation()).isGreaterThan(0);

        // A new release, a retirement and a removed package upstream; then a sync.
        upstream.release("mime", "2.1.0").description("MIME types, newer.").publish();
        upstream.retire("plug", "1.15.0", 3, "use 1.16");
        upstream.removePackage("unrelated");
        assertThat(sync(SyncOptions.all()).succeeded()).isTrue();
        CatalogUpdate update = catalog.refresh();
        assertThat(update.packagesRead()).isEqualTo(2);
        assertThat(update.packagesRemoved()).isEqualTo(1);
        assertThat(catalog.get("mime").orElseThrow().latest().orElseThrow().version()).isEqualTo("2.1.0");
        assertThat(catalog.get("mime").orElseThrow().meta().description()).isEqualTo("MIME types, newer.");
        assertThat(catalog.get("plug").orElseThrow().release("1.15.0").orElseThrow().retirement())
                .contains(new Retirement("deprecated", "use 1.16"));
        assertThat(catalog.get("unrelated")).isEmpty();
        assertThat(page("plug")).contains("use 1.16");

        // Nothing changed upstream: the next sync and refresh read nothing.
        sync(SyncOptions.all());
        assertThat(catalog.refresh().packagesRead()).isZero();
    }

    @Test
    void selectiveMirrorListsOnlyWhatItHolds() throws Exception {
        // plug and its required dependencies; its optional dependency telemetry is left out.
        assertThat(sync(SyncOptions.all().withSelection(SelectionRequest.builder().addPackage("plug").includeOptional(false).build()))
                .succeeded()).isTrue();
        Catalog catalog = catalog();
        catalog.rebuild();
        assertThat(catalog.summaries()).extracting(PackageSummary::name).containsExactly("mime", "plug");
        String plug = page("plug");
        assertThat(plug).contains("<a href=\"mime.html\">mime</a>")
                .contains("telemetry <code>~&gt; 1.0</code> <span class=\"badge\">optional</span> "
                        + "<span class=\"badge absent\">not mirrored</span>");
    }
}
