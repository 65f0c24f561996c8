package io.hexmirror.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.hexmirror.docs.DocsSearchIndex;
import io.hexmirror.storage.fs.FileSystemStorage;
import io.hexmirror.testkit.upstream.DocsSpec;
import io.hexmirror.testkit.upstream.FakeHexRepository;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocsServingTest {
    @TempDir
    static Path dir;
    private static MirrorServer server;
    private static DocsSearchIndex index;
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        FakeHexRepository upstream = FakeHexRepository.create();
        upstream.release("mime", "1.6.0").withDocs().publish();
        upstream.release("plug", "1.14.0").dependsOn("mime", "~> 1.0").withDocs().publish();
        upstream.release("cowboy", "2.10.0").withDocs(DocsSpec.of(DocsSpec.Format.SEARCH_ITEMS)).publish();
        FileSystemStorage storage = FileSystemStorage.open(dir.resolve("mirror"), false);
        index = MirroredDocsFixture.store(storage, upstream, dir.resolve("index"),
                "docs/mime-1.6.0.tar.gz", "docs/plug-1.14.0.tar.gz", "docs/cowboy-2.10.0.tar.gz");
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
    void servesDocsPagesAndAssetsWithTheirContentTypesAndNosniff() throws Exception {
        HttpResponse<String> page = get("/hexdocs/plug/1.14.0/Plug.html");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).contains("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("x-content-type-options")).contains("nosniff");
        assertThat(page.body()).contains("href=\"../../mime/1.6.0/Mime.html\"");

        String app = page.body().replaceFirst("(?s).*src=\"\\.\\./\\.\\./(_dist/app-[0-9A-F]{8}\\.js)\".*", "$1");
        HttpResponse<String> script = get("/hexdocs/" + app);
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("content-type")).contains("text/javascript; charset=utf-8");
        assertThat(get("/hexdocs/plug/docs_config.js").headers().firstValue("content-type"))
                .contains("text/javascript; charset=utf-8");
        assertThat(get("/docs/plug-1.14.0.tar.gz").headers().firstValue("content-type")).contains("application/gzip");
    }

    @Test
    void directoriesServeTheirIndexAndRedirectWithoutTheSlash() throws Exception {
        assertThat(get("/hexdocs/").body()).contains("Documentation on this mirror").contains("href=\"plug/1.14.0/\"");
        assertThat(get("/hexdocs/plug/").body()).contains("url=1.14.0/");
        HttpResponse<String> noSlash = get("/hexdocs/plug/1.14.0");
        assertThat(noSlash.statusCode()).isEqualTo(301);
        assertThat(noSlash.headers().firstValue("location")).contains("1.14.0/");
        assertThat(get("/hexdocs").headers().firstValue("location")).contains("/hexdocs/");
        assertThat(get("/hexdocs/nope/").statusCode()).isEqualTo(404);
    }

    @Test
    void theHomePageLinksTheDocs() throws Exception {
        assertThat(get("/").body()).contains("<a href=\"hexdocs/\">").contains("<a href=\"docs-search\">");
    }

    @Test
    void searchesAcrossPackagesAsJson() throws Exception {
        JsonObject all = JsonParser.parseString(get("/docs-search.json?q=hello").body()).getAsJsonObject();
        assertThat(all.getAsJsonArray("hits")).hasSize(3);

        JsonObject plug = JsonParser.parseString(get("/docs-search.json?q=hello&package=plug").body()).getAsJsonObject();
        assertThat(plug.getAsJsonArray("hits")).singleElement().satisfies(hit -> {
            JsonObject o = hit.getAsJsonObject();
            assertThat(o.get("title").getAsString()).isEqualTo("Plug.hello/1");
            assertThat(o.get("url").getAsString()).isEqualTo("/hexdocs/plug/1.14.0/Plug.html#hello/1");
        });
        assertThat(get(plug.getAsJsonArray("hits").get(0).getAsJsonObject().get("url").getAsString().replace("#hello/1", ""))
                .statusCode()).isEqualTo(200);
    }

    @Test
    void filtersByThePackagesOfAPostedMixLock() throws Exception {
        String lock = "%{\n  \"cowboy\": {:hex, :cowboy, \"2.10.0\", \"" + "a".repeat(64) + "\", [:make, :rebar3], [], \"hexpm\", \""
                + "b".repeat(64) + "\"},\n  \"mime\": {:hex, :mime, \"1.6.0\", \"" + "c".repeat(64) + "\", [:mix], [], \"hexpm\", \""
                + "d".repeat(64) + "\"},\n}\n";
        String form = "q=hello&lock=" + URLEncoder.encode(lock, UTF_8);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(server.uri().resolve("/docs-search.json"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());

        JsonObject result = JsonParser.parseString(response.body()).getAsJsonObject();
        assertThat(result.getAsJsonArray("packages").toString()).isEqualTo("[\"cowboy\",\"mime\"]");
        assertThat(result.getAsJsonArray("hits")).extracting(h -> h.getAsJsonObject().get("package").getAsString())
                .containsExactlyInAnyOrder("cowboy", "mime");
    }

    @Test
    void theSearchPageShowsLinkedResults() throws Exception {
        HttpResponse<String> page = get("/docs-search?q=zqmimefrob");
        assertThat(page.headers().firstValue("content-type")).contains("text/html; charset=utf-8");
        assertThat(page.body()).contains("1 result(s)").contains("<a href=\"/hexdocs/mime/1.6.0/Mime.html\">Mime</a>");
        assertThat(get("/docs-search?q=%3Cscript%3E").body()).doesNotContain("<script>alert").contains("&lt;script&gt;");
    }

}
