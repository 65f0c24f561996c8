package io.hexmirror.internal.sync;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.hexmirror.downloads.DownloadCounts;
import io.hexmirror.downloads.DownloadCountsOptions;
import io.hexmirror.downloads.DownloadSnapshot;
import io.hexmirror.internal.upstream.UpstreamClient;
import io.hexmirror.storage.fs.FileSystemStorage;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The paging and the pace of {@link DownloadCountsSync} against a real HTTP server serving API pages. */
class DownloadCountsSyncTest {
    private static final Instant NOW = Instant.parse("2026-12-01T06:00:00Z");

    @TempDir
    Path dir;

    private HttpServer server;
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private int packages = 250;
    private int status = 200;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/packages", exchange -> {
            asked.add(exchange.getRequestURI().getRawQuery());
            if (status != 200) {
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
                return;
            }
            int page = Integer.parseInt(exchange.getRequestURI().getQuery().replaceAll(".*page=", ""));
            StringBuilder json = new StringBuilder("[");
            for (int i = (page - 1) * 100; i < Math.min(packages, page * 100); i++) {
                json.append(json.length() > 1 ? "," : "").append("{\"name\":\"p").append(i)
                        .append("\",\"releases\":[{\"version\":\"1.0.0\"}],\"downloads\":{\"all\":").append(i)
                        .append(",\"recent\":1,\"week\":1,\"day\":1,\"some_new_view\":7}}");
            }
            byte[] body = json.append(']').toString().getBytes(UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private DownloadCountsSync.Report run(List<Duration> pauses) throws Exception {
        URI api = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api");
        try (UpstreamClient client = UpstreamClient.builder(api).retries(0).build();
                FileSystemStorage storage = FileSystemStorage.open(dir, false)) {
            return new DownloadCountsSync(client, storage, DownloadCountsOptions.defaults().withApiUrl(api), pauses::add,
                    Clock.fixed(NOW, ZoneOffset.UTC)).run();
        }
    }

    @Test
    void readsEveryPageUntilAShortOneAndPausesPolitelyBetweenRequests() throws Exception {
        List<Duration> pauses = new ArrayList<>();

        DownloadCountsSync.Report report = run(pauses);

        assertThat(asked).containsExactly("sort=name&page=1", "sort=name&page=2", "sort=name&page=3");
        assertThat(pauses).as("about 100 requests a minute: 600 ms after each request but the last")
                .containsExactly(Duration.ofMillis(600), Duration.ofMillis(600));
        assertThat(report.requests()).isEqualTo(3);
        assertThat(report.failure()).isEmpty();
        DownloadSnapshot stored = DownloadSnapshot.parse(Files.readAllBytes(dir.resolve(DownloadSnapshot.KEY)), "", NOW);
        assertThat(stored).isEqualTo(report.stored().orElseThrow());
        assertThat(stored.fetchedAt()).isEqualTo(NOW);
        assertThat(stored.packages()).hasSize(250).containsEntry("p249", new DownloadCounts(249, 1, 1, 1));
    }

    @Test
    void aFullLastPageIsFollowedByAnEmptyOne() throws Exception {
        packages = 200;

        assertThat(run(new ArrayList<>()).stored().orElseThrow().packages()).hasSize(200);

        assertThat(asked).containsExactly("sort=name&page=1", "sort=name&page=2", "sort=name&page=3");
    }

    @Test
    void anApiThatListsNothingStoresNothing() throws Exception {
        packages = 0;

        DownloadCountsSync.Report report = run(new ArrayList<>());

        assertThat(report.failure()).contains("not updated: the API listed no packages; the mirror has no snapshot");
        assertThat(dir.resolve(DownloadSnapshot.KEY)).doesNotExist();
    }

    @Test
    void anApiErrorIsReportedAsNotUpdatedNotThrown() throws Exception {
        status = 503;

        DownloadCountsSync.Report report = run(new ArrayList<>());

        assertThat(report.failure()).hasValueSatisfying(failure -> assertThat(failure)
                .startsWith("not updated: ").contains("503").endsWith("; the mirror has no snapshot"));
        assertThat(dir.resolve(DownloadSnapshot.KEY)).doesNotExist();
    }
}
