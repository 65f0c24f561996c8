package io.hexmirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.catalog.Catalog;
import io.hexmirror.catalog.CatalogOptions;
import io.hexmirror.docs.DocsSearchIndex;
import io.hexmirror.storage.fs.FileSystemStorage;
import io.hexmirror.testkit.mirror.RealisticPackages;
import io.hexmirror.testkit.mirror.StoredMirror;
import io.hexmirror.testkit.upstream.FakeHexRepository;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One server, one mirror with both the browsable docs and the package catalog: each is served at its
 * own paths, and neither's routes hide the other's (the two searches above all).
 */
class DocsAndCatalogServingTest {
    @TempDir
    static Path dir;
    private static MirrorServer server;
    private static DocsSearchIndex index;
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        FileSystemStorage storage = FileSystemStorage.open(dir.resolve("mirror"), false);
        RealisticPackages.write(storage);
        FakeHexRepository upstream = FakeHexRepository.create();
        upstream.release("jason", "1.4.1").withDocs().publish();
        index = MirroredDocsFixture.store(storage, upstream, dir.resolve("index"), "docs/jason-1.4.1.tar.gz");
        Catalog.open(storage, StoredMirror.reader(), CatalogOptions.defaults()).rebuild();
        server = MirrorServer.builder(storage).port(0).docsSearch(index).build();
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        index.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(server.uri().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theFrontPageIsTheCatalogsAndLinksTheDocs() throws Exception {
        HttpResponse<String> home = get("/");
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains("class=\"facts\"").contains("browse/search.html")
                .contains("<a href=\"hexdocs/\">").contains("<a href=\"docs-search\">");
        assertThat(get("/index.html").body()).contains("class=\"facts\"");
    }

    @Test
    void theCatalogSearchAndTheDocsSearchAnswerEachAtTheirOwnPath() throws Exception {
        HttpResponse<String> packages = get("/search?q=json");
        assertThat(packages.statusCode()).isEqualTo(200);
        assertThat(packages.body()).contains("id=\"results\"").contains("packages/jason.html").doesNotContain("action=\"/docs-search\"");

        HttpResponse<String> docs = get("/docs-search?q=jason");
        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(docs.body()).contains("action=\"/docs-search\"").doesNotContain("id=\"results\"");
        HttpResponse<String> json = get("/docs-search.json?q=jason");
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    }

    @Test
    void thePackageSearchAlsoShowsWhatTheMirroredDocsHave() throws Exception {
        String found = get("/search?q=jason").body();
        int section = found.indexOf("<section id=\"docs-results\">");
        assertThat(section).as("a docs section after the packages").isGreaterThan(found.indexOf("id=\"results\""));
        assertThat(found.substring(section)).contains("<h2>In the documentation</h2>").contains("<a href=\"../hexdocs/jason/1.4.1/")
                .contains("href=\"../docs-search?q=jason\"");
        assertThat(get("/browse/search.html?q=jason").body()).contains("<a href=\"../hexdocs/jason/1.4.1/");

        assertThat(get("/search?q=zzzqqx").body()).contains("Nothing in the mirrored docs.");
        assertThat(get("/search?q=depends%3Ajason").body()).as("a filter alone searches no docs").doesNotContain("docs-results");
    }

    @Test
    void theCatalogsPagesAndTheDocsTreeAreBothServed() throws Exception {
        HttpResponse<String> page = get("/browse/packages/jason.html");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("href=\"../../hexdocs/jason/1.4.1/index.html\"");
        assertThat(get("/catalog/index.json").statusCode()).isEqualTo(200);

        HttpResponse<String> docs = get("/hexdocs/jason/1.4.1/index.html");
        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(docs.headers().firstValue("content-type")).contains("text/html; charset=utf-8");
        assertThat(get("/hexdocs/").body()).contains("Documentation on this mirror").contains("href=\"jason/1.4.1/\"");
    }
}
