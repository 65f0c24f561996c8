package io.hexmirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.hexmirror.catalog.Catalog;
import io.hexmirror.catalog.CatalogOptions;
import io.hexmirror.storage.WriteOptions;
import io.hexmirror.storage.fs.FileSystemStorage;
import io.hexmirror.testkit.mirror.StoredMirror;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shapes and errors of the read-only Hex API, over HTTP, on a mirror whose catalog is built from
 * signed registry files and real tarballs (the real clients are in the integration tests).
 */
class HexApiTest {
    @TempDir
    static Path dir;

    static FileSystemStorage storage;
    static MirrorServer server;
    static MirrorServer empty;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        storage = FileSystemStorage.open(dir.resolve("mirror"), false);
        StoredMirror mirror = new StoredMirror(storage);
        mirror.release("mime", "2.0.0").description("A MIME type module.").add();
        mirror.release("telemetry", "1.0.0").description("Dynamic dispatching library for metrics.").buildTools("rebar3").add();
        mirror.release("plug", "0.9.0").description("old").publishedAt(Instant.parse("2023-01-01T00:00:00Z"))
                .retired(2, "CVE-2099-1").add();
        mirror.release("plug", "1.15.0").description("Compose web applications with functions.")
                .link("GitHub", "https://github.com/elixir-plug/plug").dep("mime", "~> 2.0", false)
                .dep("telemetry", "~> 1.0", true).publishedAt(Instant.parse("2024-03-01T12:30:00Z")).add();
        mirror.release("plug", "2.0.0-rc.1").description("Compose web applications with functions.")
                .publishedAt(Instant.parse("2024-04-01T00:00:00Z")).add();
        for (int i = 0; i < 130; i++) {
            mirror.release(String.format("pkg_%03d", i), "1.0.0").description("Filler number " + i).add();
        }
        mirror.write();
        storage.write("docs/plug-1.15.0.tar.gz", new byte[] {1, 2, 3}, WriteOptions.defaults());
        Catalog.open(storage, StoredMirror.reader(), CatalogOptions.defaults()).rebuild();
        server = MirrorServer.builder(storage).port(0).build();
        server.start();
        empty = MirrorServer.builder(FileSystemStorage.open(dir.resolve("empty"), false)).port(0).build();
        empty.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (empty != null) {
            empty.close();
        }
    }

    static HttpResponse<String> get(String path) throws Exception {
        return get(server, path);
    }

    static HttpResponse<String> get(MirrorServer on, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(on.uri().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonObject json(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    static List<String> names(JsonArray packages) {
        List<String> names = new ArrayList<>();
        packages.forEach(p -> names.add(p.getAsJsonObject().get("name").getAsString()));
        return names;
    }

    static JsonArray search(String query) throws Exception {
        HttpResponse<String> response = get("api/packages?" + query);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JsonParser.parseString(response.body()).getAsJsonArray();
    }

    @Test
    void packageHasTheFieldsClientsRead() throws Exception {
        JsonObject plug = json("api/packages/plug");

        String base = server.uri().toString().replaceFirst("/$", "");
        assertThat(plug.get("name").getAsString()).isEqualTo("plug");
        assertThat(plug.get("repository").getAsString()).isEqualTo("hexpm");
        assertThat(plug.get("url").getAsString()).isEqualTo(base + "/api/packages/plug");
        assertThat(plug.get("html_url").getAsString()).isEqualTo(base + "/browse/packages/plug.html");
        assertThat(plug.get("latest_version").getAsString()).isEqualTo("2.0.0-rc.1");
        assertThat(plug.get("latest_stable_version").getAsString()).isEqualTo("1.15.0");
        JsonObject configs = plug.getAsJsonObject("configs");
        assertThat(configs.get("mix.exs").getAsString()).isEqualTo("{:plug, \"~> 1.15\"}");
        assertThat(configs.get("rebar.config").getAsString()).isEqualTo("{plug, \"1.15.0\"}");
        assertThat(configs.get("erlang.mk").getAsString()).isEqualTo("dep_plug = hex 1.15.0");
        JsonObject meta = plug.getAsJsonObject("meta");
        assertThat(meta.get("description").getAsString()).isEqualTo("Compose web applications with functions.");
        assertThat(meta.getAsJsonArray("licenses").get(0).getAsString()).isEqualTo("Apache-2.0");
        assertThat(meta.getAsJsonObject("links").get("GitHub").getAsString()).isEqualTo("https://github.com/elixir-plug/plug");
        JsonArray releases = plug.getAsJsonArray("releases");
        assertThat(releases).hasSize(3);
        assertThat(releases.get(0).getAsJsonObject().get("version").getAsString()).as("newest first").isEqualTo("2.0.0-rc.1");
        JsonObject stable = releases.get(1).getAsJsonObject();
        assertThat(stable.get("version").getAsString()).isEqualTo("1.15.0");
        assertThat(stable.get("inserted_at").getAsString()).isEqualTo("2024-03-01T12:30:00Z");
        assertThat(stable.get("url").getAsString()).isEqualTo(base + "/api/packages/plug/releases/1.15.0");
        assertThat(plug.getAsJsonObject("retirements").getAsJsonObject("0.9.0").get("reason").getAsString()).isEqualTo("security");
        assertThat(plug.getAsJsonObject("retirements").getAsJsonObject("0.9.0").get("message").getAsString()).isEqualTo("CVE-2099-1");
        assertThat(plug.getAsJsonObject("downloads").size()).as("no download counts without a snapshot").isZero();
        assertThat(plug.get("docs_html_url").isJsonNull()).as("no browsable docs mirrored").isTrue();
    }

    @Test
    void releaseHasRequirementsConfigsAndRetirement() throws Exception {
        JsonObject release = json("api/packages/plug/releases/1.15.0");

        assertThat(release.get("version").getAsString()).isEqualTo("1.15.0");
        assertThat(release.get("checksum").getAsString()).matches("[0-9a-f]{64}");
        assertThat(release.get("retirement").isJsonNull()).isTrue();
        assertThat(release.get("inserted_at").getAsString()).isEqualTo("2024-03-01T12:30:00Z");
        JsonObject mime = release.getAsJsonObject("requirements").getAsJsonObject("mime");
        assertThat(mime.get("requirement").getAsString()).isEqualTo("~> 2.0");
        assertThat(mime.get("app").getAsString()).isEqualTo("mime");
        assertThat(mime.get("optional").getAsBoolean()).isFalse();
        assertThat(release.getAsJsonObject("requirements").getAsJsonObject("telemetry").get("optional").getAsBoolean()).isTrue();
        assertThat(release.getAsJsonObject("configs").get("mix.exs").getAsString()).isEqualTo("{:plug, \"~> 1.15\"}");
        assertThat(release.getAsJsonObject("meta").getAsJsonArray("build_tools").get(0).getAsString()).isEqualTo("mix");
        assertThat(release.has("downloads")).isTrue();
        assertThat(release.get("downloads").isJsonNull()).isTrue();

        JsonObject retired = json("api/packages/plug/releases/0.9.0");
        assertThat(retired.getAsJsonObject("retirement").get("reason").getAsString()).isEqualTo("security");
        assertThat(retired.getAsJsonObject("configs").get("mix.exs").getAsString()).isEqualTo("{:plug, \"~> 0.9.0\"}");
        JsonObject pre = json("api/packages/plug/releases/2.0.0-rc.1");
        assertThat(pre.getAsJsonObject("configs").get("mix.exs").getAsString()).isEqualTo("{:plug, \"~> 2.0.0-rc.1\"}");
        assertThat(pre.getAsJsonObject("configs").get("rebar.config").getAsString()).isEqualTo("{plug, \"2.0.0-rc.1\"}");
    }

    @Test
    void erlangTermsForClientsThatAskForThem() throws Exception {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(server.uri().resolve("api/packages/plug"))
                .header("Accept", "application/vnd.hex+erlang").build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/vnd.hex+erlang");
        assertThat(response.headers().firstValue("Vary")).hasValue("Accept");
        assertThat(response.body()[0] & 0xff).as("version byte").isEqualTo(131);
        assertThat(response.body()[1] & 0xff).as("a map").isEqualTo(ExternalTermFormat.MAP_EXT);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("latest_stable_version").contains("1.15.0");
    }

    @Test
    void docsRedirectToTheMirroredTarball() throws Exception {
        HttpResponse<String> found = get("api/packages/plug/releases/1.15.0/docs");
        assertThat(found.statusCode()).isEqualTo(302);
        assertThat(found.headers().firstValue("Location")).hasValue(server.uri() + "docs/plug-1.15.0.tar.gz");

        HttpResponse<String> none = get("api/packages/plug/releases/0.9.0/docs");
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(none.body()).contains("this mirror has no docs for plug 0.9.0");
    }

    @Test
    void searchFindsByTheWebRulesExactNameFirst() throws Exception {
        assertThat(names(search("search=plug")).get(0)).isEqualTo("plug");
        assertThat(names(search("search=metrics"))).containsExactly("telemetry");
        assertThat(names(search("search=depends:mime"))).containsExactly("plug");
        assertThat(names(search("search=name:tele*"))).containsExactly("telemetry");
        assertThat(search("search=plug").get(0).getAsJsonObject().getAsJsonObject("downloads").size()).isZero();
        assertThat(search("search=zzzznothing")).isEmpty();
    }

    @Test
    void listingPagesByHundredsInNameOrder() throws Exception {
        JsonArray first = search("sort=name");
        JsonArray second = search("sort=name&page=2");
        JsonArray beyond = search("sort=name&page=3");

        assertThat(first).hasSize(100);
        assertThat(names(first).get(0)).isEqualTo("mime");
        assertThat(second).hasSize(33);
        assertThat(names(second)).endsWith("telemetry");
        assertThat(beyond).isEmpty();
        assertThat(search("per_page=5&page=2&sort=name")).hasSize(5);
        assertThat(names(search("per_page=5&page=2"))).as("no sort: by name, as hex.pm").startsWith("pkg_004");
        assertThat(search("page=-4&per_page=x")).as("nonsense numbers: the first page").hasSize(100);
        assertThat(search("page=99999999999999999999999")).hasSize(100);
    }

    @Test
    void queriesOfAnyLengthAndCharactersAreAnswered() throws Exception {
        String odd = IntStream.range(0, 200).mapToObj(i -> new String(Character.toChars(0x1F600 + i % 50)) + "\u0000\u202e*?")
                .collect(Collectors.joining());
        String encoded = URLEncoder.encode(odd, StandardCharsets.UTF_8);
        assertThat(encoded.length()).as("near the 8 KiB request line limit").isBetween(4000, 7000);
        HttpResponse<String> longOne = get("api/packages?search=" + encoded);
        assertThat(longOne.statusCode()).as(longOne.body()).isEqualTo(200);
        assertThat(search("search=" + URLEncoder.encode("depends: sort:x license:* ****", StandardCharsets.UTF_8))).isNotNull();

        // Sent raw: java.net.URI refuses to build such a request.
        String badEncoding = RawHttp.get(server.uri().getPort(), "/api/packages?search=%E0%A4%A");
        assertThat(RawHttp.status(badEncoding)).as(badEncoding).isEqualTo(400);
        assertThat(badEncoding.substring(badEncoding.indexOf("\r\n\r\n") + 4).strip().lines()).as(badEncoding).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH"})
    void writesAreRefusedAsReadOnly(String method) throws Exception {
        for (String path : List.of("api/publish", "api/packages/plug/releases", "api/packages/plug/owners/someone", "api/keys",
                "api/packages/plug/releases/1.15.0/retire")) {
            // A client per request: the server never reads a request body, so the connection may not be reusable.
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.uri().resolve(path))
                    .method(method, HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as(method + " " + path).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
            assertThat(JsonParser.parseString(response.body()).getAsJsonObject().get("message").getAsString())
                    .contains("read-only");
        }
    }

    @Test
    void unknownPathsAndNamesAreOneLineNotFounds() throws Exception {
        for (String path : List.of("api/nothing", "api/packages/plug/releases", "api/packages/plug/x/y", "api/packages/no_such",
                "api/packages/plug/releases/9.9.9", "api/packages/plug/owners", "api/users/me", "api/keys",
                "api/packages/" + "x".repeat(3000), "api/repos/other/packages/plug")) {
            HttpResponse<String> response = get(path);

            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.body().strip().lines()).as(path).hasSize(1);
            JsonElement message = JsonParser.parseString(response.body()).getAsJsonObject().get("message");
            assertThat(message.getAsString()).as(path).isNotBlank().hasSizeLessThan(400).doesNotContain("Exception");
        }
        assertThat(get("api/users/me").body()).contains("exist only on hex.pm");
        assertThat(get("api/packages/plug/owners").body()).contains("owners");
    }

    @Test
    void repositoryPathsAnswerForTheMirrorsRepository() throws Exception {
        assertThat(json("api/repos/hexpm/packages/plug").get("name").getAsString()).isEqualTo("plug");
        assertThat(get("api/repos/hexpm/packages?search=plug").statusCode()).isEqualTo(200);
    }

    @Test
    void headAndIndex() throws Exception {
        HttpResponse<String> head = HTTP.send(HttpRequest.newBuilder(server.uri().resolve("api/packages/plug"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(json("api").get("packages_url").getAsString()).endsWith("/api/packages");
    }

    @Test
    void underAPathPrefixTheApiAndItsUrlsCarryThePrefix() throws Exception {
        try (MirrorServer prefixed = MirrorServer.builder(storage).port(0).pathPrefix("/hex/").build()) {
            prefixed.start();
            HttpResponse<String> response = get(prefixed, "/hex/api/packages/plug");

            assertThat(response.statusCode()).isEqualTo(200);
            JsonObject plug = JsonParser.parseString(response.body()).getAsJsonObject();
            assertThat(plug.get("url").getAsString()).isEqualTo("http://127.0.0.1:" + prefixed.uri().getPort() + "/hex/api/packages/plug");
            assertThat(get(prefixed, "/api/packages/plug").statusCode()).as("outside the prefix").isEqualTo(404);
        }
    }

    @Test
    void aMirrorWithoutCatalogSaysHowToBuildIt() throws Exception {
        HttpResponse<String> response = get(empty, "api/packages/plug");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("hexmirror catalog rebuild");
    }
}
