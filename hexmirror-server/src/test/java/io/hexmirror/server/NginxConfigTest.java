package io.hexmirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The nginx site template (test resource {@code nginx-site.conf}, also given to users in the README)
 * serves a mirror directory the way Hex clients need: real nginx, started as the current user on a
 * free loopback port with a temporary prefix. Requires nginx ({@code apt-get install -y nginx}).
 */
class NginxConfigTest {
    @TempDir
    static Path dir;

    private static MirrorFixture mirror;
    private static Process nginx;
    private static Path errorLog;
    private static URI base;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startNginx() throws Exception {
        Path binary = findNginx().orElseThrow(() -> new AssertionError("nginx is required for this test: apt-get install -y nginx"));
        mirror = MirrorFixture.create(dir);
        Path prefix = Files.createDirectories(dir.resolve("nginx"));
        errorLog = prefix.resolve("error.log");
        int port = freePort();

        String site;
        try (InputStream in = Objects.requireNonNull(NginxConfigTest.class.getResourceAsStream("nginx-site.conf"), "nginx-site.conf")) {
            site = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path siteFile = prefix.resolve("site.conf");
        Files.writeString(siteFile, site.replace("@LISTEN@", "127.0.0.1:" + port).replace("@ROOT@", mirror.root.toString()));
        Path conf = prefix.resolve("nginx.conf");
        Files.writeString(conf, String.join("\n",
                "worker_processes 1;",
                // Ignored (with a warning) unless started as root; as root, keeps the workers able
                // to read the test's private temporary directory.
                "user " + System.getProperty("user.name") + ";",
                "pid " + prefix.resolve("nginx.pid") + ";",
                "error_log " + errorLog + " warn;",
                "events { worker_connections 64; }",
                "http {",
                "  access_log " + prefix.resolve("access.log") + ";",
                "  client_body_temp_path " + prefix.resolve("client_body") + ";",
                "  proxy_temp_path " + prefix.resolve("proxy") + ";",
                "  fastcgi_temp_path " + prefix.resolve("fastcgi") + ";",
                "  uwsgi_temp_path " + prefix.resolve("uwsgi") + ";",
                "  scgi_temp_path " + prefix.resolve("scgi") + ";",
                "  include " + siteFile + ";",
                "}",
                ""));

        nginx = new ProcessBuilder(binary.toString(), "-e", errorLog.toString(), "-p", prefix.toString(), "-c", conf.toString(),
                "-g", "daemon off;")
                .redirectErrorStream(true)
                .redirectOutput(prefix.resolve("stdout.log").toFile())
                .start();
        awaitListening(port, prefix);
        base = URI.create("http://127.0.0.1:" + port + "/");
    }

    @AfterAll
    static void stopNginx() throws InterruptedException {
        if (nginx != null) {
            nginx.destroy();
            if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
                nginx.destroyForcibly();
            }
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

    private static Optional<Path> findNginx() {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin";
        return Arrays.stream(path.split(":")).filter(d -> !d.isEmpty()).map(d -> Path.of(d, "nginx"))
                .filter(Files::isExecutable).findFirst();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void awaitListening(int port, Path prefix) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!nginx.isAlive()) {
                throw new AssertionError("nginx exited with " + nginx.exitValue() + ": " + logs(prefix));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        throw new AssertionError("nginx did not listen on port " + port + ": " + logs(prefix));
    }

    private static String logs(Path prefix) throws IOException {
        StringBuilder out = new StringBuilder();
        for (String name : new String[] {"stdout.log", "error.log"}) {
            Path file = prefix.resolve(name);
            if (Files.exists(file)) {
                out.append('\n').append(name).append(":\n").append(Files.readString(file));
            }
        }
        return out.toString();
    }
}
