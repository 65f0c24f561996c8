package io.hexmirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.storage.fs.FileSystemStorage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A mirror under a path prefix, as behind a reverse proxy that forwards {@code /hex/...} unchanged. */
class PathPrefixTest {
    @TempDir
    Path dir;

    private MirrorFixture mirror;
    private FileSystemStorage storage;
    private MirrorServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        mirror = MirrorFixture.create(dir);
        storage = mirror.storage();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(Duration.ofSeconds(1));
        }
    }

    private MirrorServer serve(MirrorServer.Builder builder) throws Exception {
        server = builder.port(0).accessLog(null).build();
        server.start();
        return server;
    }

    private HttpResponse<byte[]> get(String url, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void servesUnderThePrefixOnly() throws Exception {
        serve(MirrorServer.builder(storage).pathPrefix("hex"));
        String origin = "http://127.0.0.1:" + server.uri().getPort();

        assertThat(server.uri().toString()).isEqualTo(origin + "/hex/");
        HttpResponse<byte[]> file = get(origin + "/hex/packages/decimal");
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body()).isEqualTo(mirror.get("packages/decimal"));
        assertThat(get(origin + "/hex//tarballs/decimal-2.0.0.tar").body()).isEqualTo(mirror.get("tarballs/decimal-2.0.0.tar"));
        assertThat(RawHttp.status(RawHttp.get(server.uri().getPort(), "//hex//packages/decimal"))).isEqualTo(200);

        HttpResponse<byte[]> outside = get(origin + "/packages/decimal");
        assertThat(outside.statusCode()).isEqualTo(404);
        assertThat(new String(outside.body(), StandardCharsets.UTF_8)).contains("outside this mirror's prefix /hex/");
        assertThat(get(origin + "/hexpackages/decimal").statusCode()).isEqualTo(404);
        assertThat(RawHttp.status(RawHttp.get(server.uri().getPort(), "/hex/../hex/names"))).isEqualTo(400);
    }

    @Test
    void homePageAtThePrefixShowsTheUrlWithThePrefix() throws Exception {
        serve(MirrorServer.builder(storage).pathPrefix("/hex/"));
        String url = "http://127.0.0.1:" + server.uri().getPort() + "/hex";

        for (String home : new String[] {url, url + "/"}) {
            HttpResponse<byte[]> page = get(home);
            assertThat(page.statusCode()).as(home).isEqualTo(200);
            assertThat(new String(page.body(), StandardCharsets.UTF_8)).contains("HEX_MIRROR_URL=" + url + "<")
                    .contains("HEX_CDN=" + url + " ");
        }
    }

    @Test
    void forwardedHeadersGiveTheProxysUrlOnlyWhenTrusted() throws Exception {
        serve(MirrorServer.builder(storage).pathPrefix("/hex/").trustForwardedHeaders(true));
        String local = "http://127.0.0.1:" + server.uri().getPort() + "/hex/";

        String page = new String(get(local, "X-Forwarded-Proto", "https", "X-Forwarded-Host", "mirror.example.org").body(),
                StandardCharsets.UTF_8);

        assertThat(page).contains("HEX_MIRROR_URL=https://mirror.example.org/hex<");
    }

    @Test
    void forwardedHeadersAreIgnoredByDefault() throws Exception {
        serve(MirrorServer.builder(storage).pathPrefix("/hex/"));
        String local = "http://127.0.0.1:" + server.uri().getPort() + "/hex";

        String page = new String(get(local, "X-Forwarded-Proto", "https", "X-Forwarded-Host", "evil.example").body(),
                StandardCharsets.UTF_8);

        assertThat(page).contains("HEX_MIRROR_URL=" + local + "<").doesNotContain("evil.example");
    }
}
