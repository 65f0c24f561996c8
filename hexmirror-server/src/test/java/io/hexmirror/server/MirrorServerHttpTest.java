package io.hexmirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.storage.fs.FileSystemStorage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The server's HTTP conformance, over real HTTP on loopback, serving a real directory. */
class MirrorServerHttpTest {
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final Instant MTIME = Instant.parse("2024-05-01T10:15:30Z");

    @TempDir
    static Path dir;

    private static MirrorFixture mirror;
    private static FileSystemStorage storage;
    private static MirrorServer server;
    private static final List<String> accessLog = new CopyOnWriteArrayList<>();
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws IOException {
        mirror = MirrorFixture.create(dir);
        Files.setLastModifiedTime(mirror.root.resolve("packages/decimal"), FileTime.from(MTIME));
        storage = mirror.storage();
        server = MirrorServer.builder(storage).port(0).accessLog(accessLog::add).build();
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(Duration.ofSeconds(1));
    }

    private static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        return send("GET", path, headers);
    }

    private static HttpResponse<byte[]> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base().resolve(path)).method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static URI base() {
        return server.uri();
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    @Test
    void aSymlinkedDirectoryLeavingTheMirrorIsNotFoundAndNamesNoPath() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside-the-mirror"));
        Files.writeString(outside.resolve("secret-1.0.0.tar"), "secret");
        Files.createDirectories(mirror.root.resolve("docs"));
        Files.createSymbolicLink(mirror.root.resolve("docs/leak"), outside);

        HttpResponse<byte[]> response = get("docs/leak/secret-1.0.0.tar");

        assertThat(response.statusCode()).isEqualTo(404);
        String body = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(body).doesNotContain(dir.toString()).doesNotContain(mirror.root.toString()).doesNotContain("secret\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"names", "versions", "packages/decimal", "tarballs/decimal-2.0.0.tar", "docs/decimal-2.0.0.tar.gz",
        "installs/hex.csv", "installs/1.14.0/hex-2.0.6-otp-25.ez", "public_key"})
    void servesEveryAreaByteForByteWithAStrongContentHashEtag(String key) throws Exception {
        HttpResponse<byte[]> response = get(key);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(mirror.get(key));
        assertThat(header(response, "ETag")).isEqualTo('"' + MirrorFixture.sha256(mirror.get(key)) + '"');
        assertThat(header(response, "Content-Length")).isEqualTo(String.valueOf(mirror.get(key).length));
        assertThat(header(response, "Accept-Ranges")).isEqualTo("bytes");
        assertThat(header(response, "Last-Modified")).isNotNull();
    }

    @Test
    void emptyFileIsServedWithAnEtag() throws Exception {
        HttpResponse<byte[]> response = get("tarballs/empty-0.1.0.tar");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(header(response, "ETag")).isEqualTo('"' + MirrorFixture.sha256(new byte[0]) + '"');
    }

    @ParameterizedTest
    @CsvSource({
        "names, application/octet-stream, 'public, max-age=3600'",
        "versions, application/octet-stream, 'public, max-age=3600'",
        "packages/decimal, application/octet-stream, 'public, max-age=3600'",
        "tarballs/decimal-2.0.0.tar, application/octet-stream, 'public, max-age=604800'",
        "docs/decimal-2.0.0.tar.gz, application/gzip, 'public, max-age=3600'",
        "installs/hex.csv, text/csv; charset=utf-8, 'public, max-age=3600'",
        "public_key, text/plain; charset=utf-8, 'public, max-age=3600'",
    })
    void contentTypeAndCacheControlFollowHexPm(String key, String contentType, String cacheControl) throws Exception {
        HttpResponse<byte[]> response = get(key);

        assertThat(header(response, "Content-Type")).isEqualTo(contentType);
        assertThat(header(response, "Cache-Control")).isEqualTo(cacheControl);
    }

    @ParameterizedTest
    @ValueSource(strings = {"names", "versions", "packages/decimal", "docs/decimal-2.0.0.tar.gz"})
    void gzippedFilesNeverGetAContentEncoding(String key) throws Exception {
        HttpResponse<byte[]> response = get(key, "Accept-Encoding", "gzip, deflate, br");

        assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(response.headers().firstValue("Transfer-Encoding")).isEmpty();
        assertThat(response.body()).isEqualTo(mirror.get(key));
        assertThat(Arrays.copyOf(response.body(), 2)).containsExactly(0x1f, 0x8b);
    }

    @Test
    void matchingIfNoneMatchGives304WithValidatorsAndNoBody() throws Exception {
        String etag = header(get("tarballs/decimal-2.0.0.tar"), "ETag");

        HttpResponse<byte[]> response = get("tarballs/decimal-2.0.0.tar", "If-None-Match", etag);

        assertThat(response.statusCode()).isEqualTo(304);
        assertThat(response.body()).isEmpty();
        assertThat(header(response, "ETag")).isEqualTo(etag);
        assertThat(header(response, "Cache-Control")).isEqualTo("public, max-age=604800");
    }

    @Test
    void ifNoneMatchComparesWeaklyAndAcceptsListsAndStar() throws Exception {
        String etag = header(get("packages/decimal"), "ETag");

        assertThat(get("packages/decimal", "If-None-Match", "W/" + etag).statusCode()).isEqualTo(304);
        assertThat(get("packages/decimal", "If-None-Match", "\"other\", " + etag).statusCode()).isEqualTo(304);
        assertThat(get("packages/decimal", "If-None-Match", "*").statusCode()).isEqualTo(304);
        assertThat(get("packages/decimal", "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
    }

    @Test
    void emptyIfNoneMatchCountsAsAbsentLikeRebar3Sends() throws Exception {
        // java.net.http refuses an empty header value, so send it as rebar3 does, raw.
        String response = RawHttp.send(base().getPort(), "GET /tarballs/decimal-2.0.0.tar HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "If-None-Match: \r\nConnection: close\r\n\r\n");

        assertThat(RawHttp.status(response)).isEqualTo(200);
        assertThat(response).containsIgnoringCase("ETag: \"" + MirrorFixture.sha256(mirror.get("tarballs/decimal-2.0.0.tar")) + "\"");
        assertThat(response).containsIgnoringCase("Content-Length: 150000");
    }

    @Test
    void lastModifiedAndIfModifiedSince() throws Exception {
        HttpResponse<byte[]> response = get("packages/decimal");
        assertThat(header(response, "Last-Modified")).isEqualTo("Wed, 01 May 2024 10:15:30 GMT");

        assertThat(get("packages/decimal", "If-Modified-Since", HTTP_DATE.format(MTIME)).statusCode()).isEqualTo(304);
        assertThat(get("packages/decimal", "If-Modified-Since", HTTP_DATE.format(MTIME.plusSeconds(60))).statusCode()).isEqualTo(304);
        assertThat(get("packages/decimal", "If-Modified-Since", HTTP_DATE.format(MTIME.minusSeconds(1))).statusCode()).isEqualTo(200);
        assertThat(get("packages/decimal", "If-Modified-Since", "not a date").statusCode()).isEqualTo(200);
        // If-None-Match takes precedence: a non-matching tag means 200 whatever the date says.
        assertThat(get("packages/decimal", "If-None-Match", "\"other\"", "If-Modified-Since", HTTP_DATE.format(MTIME)).statusCode())
                .isEqualTo(200);
    }

    @Test
    void ifMatchAndIfUnmodifiedSinceFailWith412() throws Exception {
        assertThat(get("packages/decimal", "If-Match", "\"other\"").statusCode()).isEqualTo(412);
        assertThat(get("packages/decimal", "If-Unmodified-Since", HTTP_DATE.format(MTIME.minusSeconds(1))).statusCode()).isEqualTo(412);
        String etag = header(get("packages/decimal"), "ETag");
        assertThat(get("packages/decimal", "If-Match", etag).statusCode()).isEqualTo(200);
    }

    @Test
    void headHasTheHeadersOfGetAndNoBody() throws Exception {
        HttpResponse<byte[]> getResponse = get("tarballs/decimal-2.0.0.tar");
        HttpResponse<byte[]> head = send("HEAD", "tarballs/decimal-2.0.0.tar");

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        for (String name : List.of("ETag", "Last-Modified", "Content-Length", "Content-Type", "Cache-Control", "Accept-Ranges")) {
            assertThat(header(head, name)).as(name).isEqualTo(header(getResponse, name));
        }
        assertThat(header(head, "Content-Length")).isEqualTo("150000");
    }

    @Test
    void singleByteRangesGet206() throws Exception {
        byte[] tarball = mirror.get("tarballs/decimal-2.0.0.tar");

        HttpResponse<byte[]> first = get("tarballs/decimal-2.0.0.tar", "Range", "bytes=0-9");
        assertThat(first.statusCode()).isEqualTo(206);
        assertThat(first.body()).isEqualTo(Arrays.copyOfRange(tarball, 0, 10));
        assertThat(header(first, "Content-Range")).isEqualTo("bytes 0-9/150000");
        assertThat(header(first, "Content-Length")).isEqualTo("10");
        assertThat(header(first, "ETag")).isNotNull();

        HttpResponse<byte[]> open = get("tarballs/decimal-2.0.0.tar", "Range", "bytes=149990-");
        assertThat(open.statusCode()).isEqualTo(206);
        assertThat(open.body()).isEqualTo(Arrays.copyOfRange(tarball, 149_990, 150_000));
        assertThat(header(open, "Content-Range")).isEqualTo("bytes 149990-149999/150000");

        HttpResponse<byte[]> suffix = get("tarballs/decimal-2.0.0.tar", "Range", "bytes=-5");
        assertThat(suffix.statusCode()).isEqualTo(206);
        assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(tarball, 149_995, 150_000));

        HttpResponse<byte[]> clipped = get("tarballs/decimal-2.0.0.tar", "Range", "bytes=149999-200000");
        assertThat(clipped.statusCode()).isEqualTo(206);
        assertThat(clipped.body()).containsExactly(tarball[149_999]);
    }

    @Test
    void unsatisfiableRangeGets416WithTheSize() throws Exception {
        HttpResponse<byte[]> response = get("tarballs/decimal-2.0.0.tar", "Range", "bytes=150000-");

        assertThat(response.statusCode()).isEqualTo(416);
        assertThat(header(response, "Content-Range")).isEqualTo("bytes */150000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=0-1,5-6", "bytes=abc", "items=0-1", "bytes=9-2"})
    void multipleOrMalformedRangesGetTheWholeFile(String range) throws Exception {
        HttpResponse<byte[]> response = get("tarballs/decimal-2.0.0.tar", "Range", range);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(mirror.get("tarballs/decimal-2.0.0.tar"));
    }

    @Test
    void ifRangeHonoursTheRangeOnlyForTheCurrentEtag() throws Exception {
        String etag = header(get("tarballs/decimal-2.0.0.tar"), "ETag");

        assertThat(get("tarballs/decimal-2.0.0.tar", "Range", "bytes=0-9", "If-Range", etag).statusCode()).isEqualTo(206);
        HttpResponse<byte[]> stale = get("tarballs/decimal-2.0.0.tar", "Range", "bytes=0-9", "If-Range", "\"stale\"");
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.body()).hasSize(150_000);
    }

    @Test
    void mirrorUrlWithATrailingSlashWorks() throws Exception {
        HttpResponse<byte[]> client = http.send(HttpRequest.newBuilder(URI.create(base() + "/packages/decimal")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(client.statusCode()).isEqualTo(200);
        assertThat(client.body()).isEqualTo(mirror.get("packages/decimal"));

        String raw = RawHttp.get(base().getPort(), "//packages//decimal");
        assertThat(RawHttp.status(raw)).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"})
    void otherMethodsGet405(String method) throws Exception {
        HttpResponse<byte[]> response = send(method, "packages/decimal");

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(header(response, "Allow")).isEqualTo("GET, HEAD");
        assertThat(Files.readAllBytes(mirror.root.resolve("packages/decimal"))).isEqualTo(mirror.get("packages/decimal"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/../secret.txt",
        "/packages/../../secret.txt",
        "/packages/%2e%2e/%2e%2e/secret.txt",
        "/packages/%2E%2E/%2E%2E/secret.txt",
        "/%2e%2e/secret.txt",
        "/packages/..%2f..%2fsecret.txt",
        "/packages/..%2F..%2Fsecret.txt",
        "/packages/..%5c..%5csecret.txt",
        "/packages/..\\..\\secret.txt",
        "/packages/%252e%252e/%252e%252e/secret.txt",
        "/packages/.%2e/.%2e/secret.txt",
        "/tarballs/%00",
        "/packages/decimal%00",
        "/docs/%c0%ae%c0%ae/secret.txt",
        "/packages/;/../../secret.txt",
        "/packages/..;/..;/secret.txt",
        "http://127.0.0.1/../secret.txt",
        "/.hexmirror/state.json",
        "/%2ehexmirror/state.json",
        "/tarballs/.hexmirror-tmp-123.part",
        "/names/../.hexmirror/state.json",
        "/..",
        "/.",
        "/%",
        "/packages/%zz",
    })
    void nothingOutsideTheServedAreasIsReadable(String target) throws Exception {
        String response = RawHttp.get(base().getPort(), target);

        assertThat(RawHttp.status(response)).as(response).isIn(400, 404);
        assertThat(response).doesNotContain(MirrorFixture.SECRET).doesNotContain(MirrorFixture.RESERVED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"packages/", "packages", "tarballs/", "docs/", "installs/", "installs/1.14.0/", "docs/subdir",
        "index.html", "repos/acme/names", "packages/decimal/extra"})
    void noListingsAndOnlyRepositoryPathsWithAClear404(String path) throws Exception {
        HttpResponse<byte[]> response = get(path);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(header(response, "Content-Type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).startsWith("404 Not Found: ").doesNotContain("decimal-2.0.0.tar");
    }

    @Test
    void missingPackageNamesTheFile() throws Exception {
        HttpResponse<byte[]> response = get("packages/nosuchpackage");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("404 Not Found: no file 'packages/nosuchpackage' in this mirror\n");
    }

    @Test
    void oversizedRequestHeadersAreRefused() throws Exception {
        String response = RawHttp.send(base().getPort(), "GET /names HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "a".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n");

        assertThat(RawHttp.status(response)).isEqualTo(431);
        String longUri = RawHttp.get(base().getPort(), "/packages/" + "a".repeat(20_000));
        assertThat(RawHttp.status(longUri)).isIn(414, 431);
    }

    @Test
    void homePageTellsHowToPointMixAndRebar3HereWithThisServersUrl() throws Exception {
        HttpResponse<byte[]> response = get("");
        String html = new String(response.body(), StandardCharsets.UTF_8);
        String url = "http://127.0.0.1:" + base().getPort();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(header(response, "Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(html)
                .contains("export HEX_MIRROR_URL=" + url + "<")
                .contains("export HEX_CDN=" + url + " ")
                .contains("export HEX_MIRROR=" + url + " ")
                .contains("export HEX_BUILDS_URL=" + url)
                .contains("repo_public_key")
                .contains("-----BEGIN PUBLIC KEY-----")
                .contains("signed by hex.pm")
                .doesNotContain("Sync");
        assertThat(send("HEAD", "").statusCode()).isEqualTo(200);
    }

    @Test
    void accessLogHasACombinedFormatLinePerRequest() throws Exception {
        http.send(HttpRequest.newBuilder(base().resolve("versions?probe=access-log")).header("User-Agent", "probe/1.0")
                .header("Referer", "http://example.test/").build(), HttpResponse.BodyHandlers.discarding());

        String line = awaitLogLine("probe=access-log");
        int size = mirror.get("versions").length;
        assertThat(line).matches("127\\.0\\.0\\.1 - - \\[[^\\]]+\\] \"GET /versions\\?probe=access-log HTTP/1\\.1\" 200 " + size
                + " \"http://example\\.test/\" \"probe/1\\.0\"");
    }

    private static String awaitLogLine(String marker) throws InterruptedException {
        // The log line is written as the exchange completes, which may be just after the client
        // has the response: wait for it (bounded), do not assume.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : accessLog) {
                if (line.contains(marker)) {
                    return line;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no access log line containing " + marker + " in " + accessLog);
    }
}
