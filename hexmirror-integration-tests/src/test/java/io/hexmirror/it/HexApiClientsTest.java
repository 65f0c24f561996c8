package io.hexmirror.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.catalog.Catalog;
import io.hexmirror.catalog.CatalogOptions;
import io.hexmirror.downloads.DownloadCounts;
import io.hexmirror.downloads.DownloadSnapshot;
import io.hexmirror.server.MirrorServer;
import io.hexmirror.storage.WriteOptions;
import io.hexmirror.sync.SyncSummary;
import io.hexmirror.testkit.clients.ClientResult;
import io.hexmirror.testkit.clients.Mix;
import io.hexmirror.testkit.clients.MixProject;
import io.hexmirror.testkit.clients.Rebar3;
import io.hexmirror.testkit.upstream.FakeHexRepository;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read-only Hex API of {@code hexmirror serve}, used by the real clients: Mix with Hex 2.5.1
 * ({@code mix hex.info}, {@code mix hex.package search}, {@code mix hex.docs fetch NAME}) with
 * {@code HEX_API_URL}, and rebar3 3.19 ({@code rebar3 pkgs}) with {@code api_url} in its repo config.
 * The mirror is synced from the fake upstream and its catalog built, as {@code sync} does.
 * Fails (does not skip) when Mix, the Hex archive or rebar3 is missing.
 */
class HexApiClientsTest {
    @TempDir
    static Path tmp;

    private static SyncFixture fixture;
    private static MirrorServer server;
    private static final List<String> ACCESS_LOG = new CopyOnWriteArrayList<>();
    private static Mix mix;
    private static URI mirror;

    @BeforeAll
    static void syncBuildCatalogAndServe() throws Exception {
        mix = Mix.locate();
        fixture = new SyncFixture(Files.createDirectories(tmp.resolve("mirror")));
        DependencyTree.publishTo(fixture.upstream);
        fixture.upstream.release("plug", "2.1.0-rc.0").description("Compose web applications with functions.")
                .dependsOn("mime", "~> 2.0").publish();
        fixture.upstream.retire("plug", "1.10.4", 3, "use 2.0");
        fixture.upstream.release("web", "0.2.0").withDocs().dependsOn("plug", "~> 2.0").publish();
        SyncSummary summary = fixture.sync();
        assertThat(summary.failures()).isEmpty();
        // This sync copies no docs; the docs of web 0.2.0 are put in place as a docs sync would.
        fixture.storage.write("docs/web-0.2.0.tar.gz",
                fixture.upstream.file(FakeHexRepository.docsKey("web", "0.2.0")).orElseThrow(), WriteOptions.defaults());
        // A snapshot of download counts, as sync --download-counts stores it, that knows plug_crypto only.
        fixture.storage.write(DownloadSnapshot.KEY, new DownloadSnapshot(Instant.parse("2026-12-01T06:00:00Z"),
                new TreeMap<>(Map.of("plug_crypto", new DownloadCounts(1_234_567, 45_678, 3_210, 98)))).toBytes(),
                WriteOptions.defaults());
        Catalog.open(fixture.storage, fixture.upstream.reader(), CatalogOptions.defaults()).rebuild();
        server = MirrorServer.builder(fixture.storage).port(0).accessLog(ACCESS_LOG::add).build();
        server.start();
        mirror = URI.create(server.uri().toString().replaceFirst("/$", ""));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    private static MixProject mixProject(String name) {
        return mix.project(tmp.resolve(name))
                .hexMirror(mirror)
                .repositoryPublicKey(fixture.upstream.publicKeyPem())
                .apiUrl(URI.create(mirror + "/api"));
    }

    @Test
    void mixHexInfoShowsThePackage() throws Exception {
        ClientResult result = mixProject("info").run("hex.info", "plug").requireSuccess();

        assertThat(result.output()).as(result.describe())
                .contains("The plug package, generated for tests.")
                .contains("Config: {:plug, \"~> 2.0\"}")
                .contains("2.1.0-rc.0").contains("2.0.0").contains("1.10.4")
                .contains("Licenses: Apache-2.0")
                .contains("Homepage: https://example.org/plug")
                .doesNotContain("Downloads");
        assertThat(result.output().lines().filter(l -> l.contains("1.10.4")).findFirst().orElseThrow()).contains("(retired)");
    }

    @Test
    void mixHexInfoShowsTheDownloadCountsOfTheMirrorsSnapshot() throws Exception {
        ClientResult result = mixProject("downloads").run("hex.info", "plug_crypto").requireSuccess();

        assertThat(result.output()).as(result.describe()).contains("Downloads:")
                .contains("Yesterday: 98").contains("Last 7 days: 3 210").contains("All time: 1 234 567");
    }

    @Test
    void mixHexInfoShowsARelease() throws Exception {
        ClientResult result = mixProject("release").run("hex.info", "plug", "1.10.4").requireSuccess();

        assertThat(result.output()).as(result.describe())
                .contains("This version has been retired")
                .contains("use 2.0")
                .contains("Config: {:plug, \"~> 1.10\"}")
                .contains("Dependencies:")
                .contains("mime ~> 1.0").contains("telemetry ~> 0.4").contains("plug_crypto ~> 1.1");
    }

    @Test
    void mixHexInfoOfAnUnknownPackageSaysSo() throws Exception {
        ClientResult result = mixProject("unknown").run("hex.info", "no_such_package");

        assertThat(result.succeeded()).as(result.describe()).isFalse();
        assertThat(result.output()).contains("No package with name no_such_package");
    }

    @Test
    void mixHexPackageSearchListsMatches() throws Exception {
        ClientResult result = mixProject("search").run("hex.package", "search", "plug").requireSuccess();

        assertThat(result.output()).as(result.describe())
                .contains("plug ").contains("plug_crypto")
                .contains(mirror + "/browse/packages/plug.html")
                .doesNotContain("No packages found").doesNotContain("cowlib");
    }

    @Test
    void mixHexDocsFetchWithoutAVersionTakesTheLatestFromTheApi() throws Exception {
        MixProject project = mixProject("docs");

        ClientResult result = project.fetchDocs("web").requireSuccess();

        assertThat(project.docsDir("web", "0.2.0")).as(result.describe()).isDirectory();
        assertThat(Files.list(project.docsDir("web", "0.2.0")).toList()).as(result.describe()).isNotEmpty();
        assertThat(ACCESS_LOG).anyMatch(l -> l.contains("GET /api/packages/web "))
                .anyMatch(l -> l.contains("GET /docs/web-0.2.0.tar.gz "));
    }

    @Test
    void rebar3PkgsShowsThePackage() throws Exception {
        ClientResult result = Rebar3.locate().project(tmp.resolve("rebar3"))
                .hexRepository(mirror, fixture.upstream.publicKeyPem())
                .apiUrl(URI.create(mirror + "/api"))
                .run("pkgs", "plug");

        assertThat(result.succeeded()).as(result.describe()).isTrue();
        assertThat(result.output()).as(result.describe())
                .contains("Name: plug")
                .contains("Description: The plug package, generated for tests.")
                .contains("Licenses: Apache-2.0")
                .contains("Homepage: https://example.org/plug")
                .contains("Versions: 2.1.0-rc.0, 2.0.0, 1.10.4");
    }
}
