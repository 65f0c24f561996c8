package io.hexmirror.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.catalog.Catalog;
import io.hexmirror.catalog.CatalogOptions;
import io.hexmirror.docs.DocsPolicy;
import io.hexmirror.docs.DocsSync;
import io.hexmirror.docs.DocsSyncOptions;
import io.hexmirror.docs.DocsSyncSummary;
import io.hexmirror.internal.upstream.UpstreamClient;
import io.hexmirror.testkit.clients.ClientResult;
import io.hexmirror.testkit.clients.Mix;
import io.hexmirror.testkit.clients.MixProject;
import io.hexmirror.testkit.clients.Rebar3;
import io.hexmirror.testkit.clients.Rebar3Project;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.parser.Parser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Apache httpd configuration in docs/serving.md, taken from the page as a user pastes it and run
 * in real apache2 (Debian's) in front of a mirror made by a real sync from the fake upstream, with
 * docs (so the derived {@code hexdocs/} tree exists), installer files and the package catalog's
 * pages: rebar3 and Mix fetch through it, and it serves every part of the layout with the types
 * and headers the nginx configuration gives, and nothing else. Fails (does not skip) when apache2,
 * rebar3 or Mix is missing.
 */
class ApacheConfigInDocsTest {
    private static final Path SERVING_MD = Path.of("docs", "serving.md");
    /** What the documented block says where the user puts their own values. */
    private static final String DOCUMENTED_ROOT = "/srv/hexmirror";
    private static final String DOCUMENTED_ADDRESS = "*:80";
    private static final List<String> MODULES = List.of("alias_module", "allowmethods_module", "authz_core_module",
            "deflate_module", "dir_module", "env_module", "filter_module", "headers_module", "mime_module");

    @TempDir
    static Path tmp;

    private static SyncFixture fixture;
    private static ApacheHttpd apache;
    private static URI base;
    private static final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void syncAndStartApache() throws Exception {
        String documented = documentedApacheBlock();
        fixture = new SyncFixture(Files.createDirectories(tmp.resolve("mirror")));
        DependencyTree.publishTo(fixture.upstream);
        fixture.upstream.release("jason", "1.4.1").withDocs().publish();
        InstallsSyncTest.publishInstalls(fixture.upstream);
        assertThat(fixture.sync(InstallsSyncTest.installsOptions(fixture.upstream), fixture.storage).failures()).isEmpty();
        try (UpstreamClient client = UpstreamClient.builder(fixture.server.baseUri()).build()) {
            DocsSyncSummary docs = new DocsSync(client, fixture.storage, DocsSyncOptions.of(DocsPolicy.ALL)).run();
            assertThat(docs.failures()).isEmpty();
            assertThat(docs.fetched()).isEqualTo(1);
        }
        Catalog.open(fixture.storage, fixture.upstream.reader(), CatalogOptions.defaults()).rebuild();
        // A sync's write in flight, which must never be served.
        Files.writeString(fixture.mirrorDir.resolve("tarballs/.hexmirror-tmp-abc.part"), "half-written");

        String site = documented.replace(DOCUMENTED_ROOT, fixture.mirrorDir.toAbsolutePath().toString());
        apache = ApacheHttpd.start(tmp.resolve("apache"), site, DOCUMENTED_ADDRESS, MODULES, fixture.mirrorDir);
        base = apache.baseUri();
    }

    @AfterAll
    static void stop() throws Exception {
        if (apache != null) {
            apache.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    /** The one {@code apache} code block of docs/serving.md, exactly as a user would copy it. */
    private static String documentedApacheBlock() throws IOException {
        Path root = Path.of(System.getProperty("basedir", "")).toAbsolutePath().getParent();
        String page = Files.readString(root.resolve(SERVING_MD), UTF_8);
        List<String> blocks = new ArrayList<>();
        Parser.builder().build().parse(page).accept(new AbstractVisitor() {
            @Override
            public void visit(FencedCodeBlock block) {
                if ("apache".equals(block.getInfo())) {
                    blocks.add(block.getLiteral());
                }
            }
        });
        assertThat(blocks).as("apache blocks in " + SERVING_MD).hasSize(1);
        String block = blocks.get(0);
        assertThat(block).as("the block names the placeholder values the test replaces")
                .contains("<VirtualHost " + DOCUMENTED_ADDRESS + ">", "DocumentRoot \"" + DOCUMENTED_ROOT + "\"",
                        "<Directory \"" + DOCUMENTED_ROOT + "\">");
        return block;
    }

    private static HttpResponse<byte[]> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, method.equals("GET") || method.equals("HEAD")
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("x"));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        return send("GET", path, headers);
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    private static byte[] file(String key) throws IOException {
        return Files.readAllBytes(fixture.mirrorDir.resolve(key));
    }

    @Test
    void rebar3GetDepsFetchesTheTreeThroughApache() throws Exception {
        Rebar3Project project = Rebar3.locate().project(tmp.resolve("rebar3-client"))
                .hexRepository(base, fixture.upstream.publicKeyPem())
                .dependency(DependencyTree.ROOT, DependencyTree.ROOT_REQUIREMENT);

        project.getDeps().requireSuccess();

        assertThat(project.lockedVersions()).isEqualTo(DependencyTree.LOCKED);
        for (String app : DependencyTree.LOCKED.keySet()) {
            assertThat(project.libDir(app).resolve("src").resolve(app + ".app.src")).as(app + " unpacked").isRegularFile();
        }
        assertThat(apache.accessLog()).extracting(AccessLogEntry::resource).containsAll(DependencyTree.lockedTarballs());
    }

    @Test
    void mixDepsGetFetchesTheTreeThroughApache() throws Exception {
        MixProject project = Mix.locate().project(tmp.resolve("mix-client"))
                .hexMirror(base)
                .repositoryPublicKey(fixture.upstream.publicKeyPem())
                .dependency(DependencyTree.ROOT, DependencyTree.ROOT_REQUIREMENT);

        ClientResult result = project.getDeps().requireSuccess();

        assertThat(project.lockedVersions()).as(result.describe()).isEqualTo(DependencyTree.LOCKED);
        for (String app : DependencyTree.LOCKED.keySet()) {
            assertThat(project.depDir(app).resolve("src").resolve(app + ".app.src")).as(app + " unpacked").isRegularFile();
        }
    }

    @ParameterizedTest
    @CsvSource({
        "names, application/octet-stream, 'public, max-age=3600'",
        "versions, application/octet-stream, 'public, max-age=3600'",
        "packages/cowboy, application/octet-stream, 'public, max-age=3600'",
        "tarballs/cowboy-2.9.0.tar, application/octet-stream, 'public, max-age=604800'",
        "public_key, text/plain, 'public, max-age=3600'",
        "docs/jason-1.4.1.tar.gz, application/gzip, 'public, max-age=3600'",
        "installs/hex-1.x.csv, text/csv, 'public, max-age=3600'",
        "installs/1.14.0/hex-2.5.1.ez, application/octet-stream, 'public, max-age=3600'",
    })
    void repositoryFilesAreServedAsTheyAreWithTypeCacheControlAndAnEtag(String key, String type, String cacheControl)
            throws Exception {
        HttpResponse<byte[]> response = get("/" + key, "Accept-Encoding", "gzip, deflate");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(file(key));
        assertThat(header(response, "Content-Type")).isEqualTo(type);
        assertThat(header(response, "Cache-Control")).isEqualTo(cacheControl);
        assertThat(header(response, "ETag")).isNotBlank();
        assertThat(header(response, "Content-Encoding")).as("never compressed again").isNull();
        assertThat(header(response, "X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void gzippedRegistryFilesKeepTheirBytes() throws Exception {
        HttpResponse<byte[]> response = get("/packages/plug", "Accept-Encoding", "gzip");

        assertThat(Arrays.copyOf(response.body(), 2)).containsExactly(0x1f, 0x8b);
        assertThat(response.body()).isEqualTo(file("packages/plug"));
        assertThat(header(response, "Content-Encoding")).isNull();
    }

    @Test
    void aTarballsEtagRevalidatesWith304AndATrailingSlashMirrorUrlWorks() throws Exception {
        String etag = header(get("/tarballs/ranch-1.8.0.tar"), "ETag");

        assertThat(etag).isNotBlank();
        assertThat(get("/tarballs/ranch-1.8.0.tar", "If-None-Match", etag).statusCode()).isEqualTo(304);
        assertThat(rawStatus("//packages/ranch")).isEqualTo(200);
    }

    @Test
    void theDerivedDocsTreeIsServedAsWebPages() throws Exception {
        HttpResponse<byte[]> list = get("/hexdocs/");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(new String(list.body(), UTF_8)).contains("href=\"jason/1.4.1/\"");

        HttpResponse<byte[]> release = get("/hexdocs/jason/1.4.1/");
        assertThat(release.statusCode()).isEqualTo(200);
        assertThat(release.body()).isEqualTo(file("hexdocs/jason/1.4.1/index.html"));
        assertThat(header(release, "Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(header(release, "X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(header(release, "Cache-Control")).isEqualTo("public, max-age=3600");
        assertThat(header(release, "Content-Encoding")).isNull();

        // NAME/ leads to the latest mirrored version.
        HttpResponse<byte[]> latest = get("/hexdocs/jason/");
        assertThat(latest.statusCode()).isEqualTo(200);
        assertThat(latest.body()).isEqualTo(file("hexdocs/jason/index.html"));
        assertThat(new String(latest.body(), UTF_8)).contains("1.4.1/");

        // A directory without its slash is redirected, so that its relative links work.
        HttpResponse<byte[]> noSlash = get("/hexdocs/jason");
        assertThat(noSlash.statusCode()).isEqualTo(301);
        assertThat(header(noSlash, "Location")).endsWith("/hexdocs/jason/");

        try (var files = Files.walk(fixture.mirrorDir.resolve("hexdocs"))) {
            String script = fixture.mirrorDir.relativize(files.filter(p -> p.toString().endsWith(".js")).findFirst()
                    .orElseThrow(() -> new AssertionError("no script in the docs tree"))).toString();
            HttpResponse<byte[]> js = get("/" + script);
            assertThat(js.statusCode()).as(script).isEqualTo(200);
            assertThat(header(js, "Content-Type")).as(script).isEqualTo("text/javascript; charset=utf-8");
        }
    }

    @Test
    void theCatalogsPagesAreServedAsWebPagesAndCompressed() throws Exception {
        for (String path : List.of("/", "/index.html")) {
            HttpResponse<byte[]> front = get(path);
            assertThat(front.statusCode()).as(path).isEqualTo(200);
            assertThat(front.body()).as(path).isEqualTo(file("index.html"));
            assertThat(header(front, "Content-Type")).as(path).isEqualTo("text/html; charset=utf-8");
            assertThat(header(front, "X-Content-Type-Options")).as(path).isEqualTo("nosniff");
            assertThat(header(front, "Cache-Control")).as(path).isEqualTo("public, max-age=300");
        }

        HttpResponse<byte[]> page = get("/browse/packages/cowboy.html");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).isEqualTo(file("browse/packages/cowboy.html"));
        assertThat(header(page, "Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(header(page, "X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(header(page, "Cache-Control")).isEqualTo("public, max-age=300");

        HttpResponse<byte[]> data = get("/catalog/index.json", "Accept-Encoding", "gzip");
        assertThat(data.statusCode()).isEqualTo(200);
        assertThat(header(data, "Content-Type")).isEqualTo("application/json");
        assertThat(header(data, "Content-Encoding")).as("text is compressed on the wire").isEqualTo("gzip");
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data.body()))) {
            assertThat(in.readAllBytes()).isEqualTo(file("catalog/index.json"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/.hexmirror/", "/tarballs/.hexmirror-tmp-abc.part", "/packages/", "/tarballs/", "/browse/",
        "/installs/1.14.0/", "/packages/cowboy/x", "/hexmirror.lock", "/secret.txt", "/hexdocs/jason/1.4.1/.build",
        "/packages/..%2f..%2fsecret.txt"})
    void nothingOutsideTheLayoutIsServed(String path) throws Exception {
        Files.writeString(fixture.mirrorDir.resolve("secret.txt"), "not for clients");
        int status = rawStatus(path);

        assertThat(status).as(path).isIn(400, 403, 404);
    }

    @Test
    void theMirrorsOwnDataAndInFlightWritesAre404() throws Exception {
        String state = firstFileUnder(".hexmirror");

        assertThat(rawStatus("/" + state)).as(state).isEqualTo(404);
        assertThat(rawStatus("/tarballs/.hexmirror-tmp-abc.part")).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "OPTIONS"})
    void onlyGetAndHeadAreAllowed(String method) throws Exception {
        byte[] before = file("packages/cowboy");

        assertThat(send(method, "/packages/cowboy").statusCode()).isEqualTo(405);
        assertThat(send(method, "/hexdocs/jason/1.4.1/index.html").statusCode()).isEqualTo(405);
        assertThat(file("packages/cowboy")).isEqualTo(before);
        assertThat(send("HEAD", "/packages/cowboy").statusCode()).isEqualTo(200);
    }

    private static String firstFileUnder(String dir) throws IOException {
        try (var files = Files.walk(fixture.mirrorDir.resolve(dir))) {
            return fixture.mirrorDir.relativize(files.filter(Files::isRegularFile).findFirst()
                    .orElseThrow(() -> new AssertionError("nothing in " + dir))).toString();
        }
    }

    /** The status of a GET sent exactly as written (no client-side normalisation of the path). */
    private static int rawStatus(String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", apache.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(UTF_8));
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), UTF_8);
            assertThat(response).as(path).startsWith("HTTP/1.1 ").doesNotContain("not for clients", "half-written");
            return Integer.parseInt(response.substring(9, 12));
        }
    }
}
