package io.hexmirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.testkit.clients.Nginx;
import io.hexmirror.testkit.clients.NginxServer;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The nginx site template (resource {@code io/hexmirror/server/nginx-site.conf}, also given to users in docs/serving.md)
 * serves a mirror directory the way Hex clients need: real nginx, started by the testkit's
 * {@link Nginx} as the current user on a free loopback port with a temporary prefix. Requires nginx
 * ({@code apt-get install -y nginx}).
 */
class NginxConfigTest {
    @TempDir
    static Path dir;

    private static MirrorFixture mirror;
    private static NginxServer nginx;
    private static URI base;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startNginx() throws Exception {
        mirror = MirrorFixture.create(dir);
        String site;
        try (InputStream in = Objects.requireNonNull(MirrorServer.class.getResourceAsStream("nginx-site.conf"), "nginx-site.conf")) {
            site = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        nginx = Nginx.locate().start(dir.resolve("nginx"), site, mirror.root);
        base = URI.create(nginx.baseUri() + "/");
    }

    @AfterAll
    static void stopNginx() {
        if (nginx != null) {
            nginx.close();
        }
    }

    private static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @ParameterizedTest
    @CsvSource({
        "names, application/octet-stream, 'public, max-age=3600'",
        "versions, application/octet-stream, 'public, max-age=3600'",
        "packages/decimal, application/octet-stream, 'public, max-age=3600'",
        "tarballs/decimal-2.0.0.tar, application/octet-stream, 'public, max-age=604800'",
        "docs/decimal-2.0.0.tar.gz, application/gzip, 'public, max-age=3600'",
        "installs/hex.csv, text/csv, 'public, max-age=3600'",
        "public_key, text/plain, 'public, max-age=3600'",
    })
    void servesFilesAsTheyAreWithTypesCacheControlAndAnEtag(String key, String contentType, String cacheControl) throws Exception {
        HttpResponse<byte[]> response = get(key, "Accept-Encoding", "gzip, deflate");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(mirror.get(key));
        assertThat(response.headers().firstValue("Content-Type")).contains(contentType);
        assertThat(response.headers().firstValue("Cache-Control")).contains(cacheControl);
        assertThat(response.headers().firstValue("ETag")).get().asString().matches("\"[0-9a-f]+-[0-9a-f]+\"");
        assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    }

    @Test
    void catalogPagesHaveTheirTypesAndBrowsersNeverGuessOne() throws Exception {
        Files.createDirectories(mirror.root.resolve("browse"));
        Files.createDirectories(mirror.root.resolve("catalog"));
        Files.writeString(mirror.root.resolve("browse/page-check.html"), "<p>page</p>");
        Files.writeString(mirror.root.resolve("catalog/page-check.json"), "{}");

        HttpResponse<byte[]> page = get("browse/page-check.html");
        HttpResponse<byte[]> data = get("catalog/page-check.json");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).get().asString().startsWith("text/html");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(data.statusCode()).isEqualTo(200);
        assertThat(data.headers().firstValue("Content-Type")).get().asString().startsWith("application/json");
        assertThat(data.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    }

    @Test
    void gzippedRegistryFilesKeepTheirBytes() throws Exception {
        HttpResponse<byte[]> response = get("packages/decimal", "Accept-Encoding", "gzip");

        assertThat(Arrays.copyOf(response.body(), 2)).containsExactly(0x1f, 0x8b);
        assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
    }

    @Test
    void matchingIfNoneMatchGives304AndAnEmptyOneCountsAsAbsent() throws Exception {
        String etag = get("tarballs/decimal-2.0.0.tar").headers().firstValue("ETag").orElseThrow();

        assertThat(get("tarballs/decimal-2.0.0.tar", "If-None-Match", etag).statusCode()).isEqualTo(304);
        String raw = RawHttp.send(base.getPort(), "GET /tarballs/decimal-2.0.0.tar HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "If-None-Match: \r\nConnection: close\r\n\r\n");
        assertThat(RawHttp.status(raw)).isEqualTo(200);
        assertThat(raw).containsIgnoringCase("ETag: " + etag);
    }

    @Test
    void rangesAndTrailingSlashMirrorUrls() throws Exception {
        HttpResponse<byte[]> range = get("tarballs/decimal-2.0.0.tar", "Range", "bytes=0-9");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(Arrays.copyOf(mirror.get("tarballs/decimal-2.0.0.tar"), 10));

        assertThat(RawHttp.status(RawHttp.get(base.getPort(), "//packages/decimal"))).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/packages/", "/tarballs/", "/", "/.hexmirror/state.json", "/tarballs/.hexmirror-tmp-123.part",
        "/docs/subdir", "/../secret.txt", "/packages/%2e%2e/%2e%2e/secret.txt", "/%2e%2e/secret.txt", "/index.html"})
    void nothingElseIsServed(String target) throws Exception {
        String response = RawHttp.get(base.getPort(), target);

        assertThat(RawHttp.status(response)).as(response).isIn(400, 404);
        assertThat(response).doesNotContain(MirrorFixture.SECRET).doesNotContain(MirrorFixture.RESERVED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE"})
    void readOnly(String method) throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(base.resolve("packages/decimal"))
                .method(method, HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(Files.readAllBytes(mirror.root.resolve("packages/decimal"))).isEqualTo(mirror.get("packages/decimal"));
    }
}
