package io.hexmirror.testkit.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.internal.upstream.Download;
import io.hexmirror.internal.upstream.UpstreamClient;
import io.hexmirror.upstream.FetchResult;
import io.hexmirror.upstream.UpstreamBodyTooLargeException;
import io.hexmirror.upstream.UpstreamConnectionException;
import io.hexmirror.upstream.UpstreamHttpVersion;
import io.hexmirror.upstream.UpstreamStalledException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link UpstreamClient} against a real HTTPS upstream that offers HTTP/2 with ALPN (or does not): the version
 * agreed, connection sharing, and the client's limits, retries and failure reports over HTTP/2 streams.
 */
class UpstreamClientOverHttp2Test {
    private static final long MAX = 64L * 1024 * 1024;
    private static final int PAYLOAD = 300 * 1024;

    @TempDir
    Path dir;
    private FakeHexRepository repo;
    private FakeUpstreamServer server;
    private final List<UpstreamClient> clients = new ArrayList<>();

    @BeforeEach
    void publish() {
        repo = FakeHexRepository.create();
        repo.publish("mime", "1.6.0");
        repo.release("big", "1.0.0").payloadBytes(PAYLOAD).publish();
        for (int i = 0; i < 16; i++) {
            repo.publish("p" + i, "1.0.0");
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (UpstreamClient client : clients) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private UpstreamClient client(UpstreamHttpVersion version, int concurrency) {
        return client(UpstreamClient.builder(server.baseUri()).httpVersion(version).concurrency(concurrency));
    }

    private UpstreamClient client(UpstreamClient.Builder builder) {
        UpstreamClient client = builder.sslContext(server.sslContext()).retryBackoff(Duration.ofMillis(10)).build();
        clients.add(client);
        return client;
    }

    @Test
    void autoSpeaksHttp2ToAnUpstreamThatOffersIt() throws Exception {
        server = FakeUpstreamServer.startHttps(repo, true);
        UpstreamClient client = client(UpstreamHttpVersion.AUTO, 8);

        FetchResult names = client.fetch("names", null, MAX);
        Download tarball = client.download("tarballs/big-1.0.0.tar", dir.resolve("big.tar"), MAX);

        assertThat(names.body()).isEqualTo(repo.file("names").orElseThrow());
        assertThat(Files.readAllBytes(dir.resolve("big.tar"))).isEqualTo(repo.file("tarballs/big-1.0.0.tar").orElseThrow());
        assertThat(tarball.size()).isGreaterThan(PAYLOAD);
        assertThat(server.protocolCounts()).isEqualTo(Map.of("HTTP/2.0", 2L));
    }

    @Test
    void autoFallsBackToHttp11WhenUpstreamOffersNoHttp2() throws Exception {
        server = FakeUpstreamServer.startHttps(repo, false);
        UpstreamClient client = client(UpstreamHttpVersion.AUTO, 8);

        assertThat(client.fetch("packages/mime", null, MAX).body()).isEqualTo(repo.file("packages/mime").orElseThrow());
        assertThat(server.protocolCounts()).isEqualTo(Map.of("HTTP/1.1", 1L));
    }

    @Test
    void version11SpeaksHttp11EvenToAnUpstreamThatOffersHttp2() throws Exception {
        server = FakeUpstreamServer.startHttps(repo, true);
        UpstreamClient client = client(UpstreamHttpVersion.HTTP_1_1, 8);

        client.fetch("packages/mime", null, MAX);
        assertThat(server.protocolCounts()).isEqualTo(Map.of("HTTP/1.1", 1L));
    }

    @Test
    void version2FailsAgainstAnUpstreamWithoutHttp2() {
        server = FakeUpstreamServer.startHttps(repo, false);
        UpstreamClient client = client(UpstreamClient.builder(server.baseUri()).httpVersion(UpstreamHttpVersion.HTTP_2).retries(0));

        assertThatThrownBy(() -> client.fetch("packages/mime", null, MAX))
                .isInstanceOf(UpstreamConnectionException.class)
                .hasMessageContaining(server.baseUri() + "/packages/mime");
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void concurrentRequestsShareOneHttp2Connection() throws Exception {
        server = FakeUpstreamServer.startHttps(repo, true);
        UpstreamClient client = client(UpstreamHttpVersion.AUTO, 16);
        // HttpClient shares a connection known to speak HTTP/2 while it is leased: the first request makes one,
        // a second one held open by the server keeps it leased, and the others go as further streams on it;
        // without multiplexing, each would take a connection of its own.
        client.fetch("names", null, MAX);
        server.faults().slow("packages/mime", Duration.ofSeconds(2)).once();
        ExecutorService threads = Executors.newFixedThreadPool(17);
        try {
            Future<FetchResult> held = threads.submit(() -> client.fetch("packages/mime", null, MAX));
            while (server.protocolCounts().getOrDefault("HTTP/2.0", 0L) < 2) {
                Thread.onSpinWait(); // the held request has reached the server: its connection is leased
            }
            List<Future<FetchResult>> others = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String path = "packages/p" + i;
                others.add(threads.submit(() -> client.fetch(path, null, MAX)));
            }
            for (int i = 0; i < 16; i++) {
                assertThat(others.get(i).get(60, TimeUnit.SECONDS).body()).isEqualTo(repo.file("packages/p" + i).orElseThrow());
            }
            held.get(60, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }
        assertThat(server.protocolCounts()).isEqualTo(Map.of("HTTP/2.0", 18L));
        assertThat(server.connectionCount()).isEqualTo(1);
    }

    @Test
    void requestsInFlightOverHttp2AreHeldToTheConcurrency() throws Exception {
        server = FakeUpstreamServer.startHttps(repo, true);
        UpstreamClient client = client(UpstreamHttpVersion.AUTO, 1);
        client.fetch("names", null, MAX); // the connection is known to speak HTTP/2: streams may share it
        server.faults().slow("packages/mime", Duration.ofSeconds(1)).once();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<FetchResult> held = threads.submit(() -> client.fetch("packages/mime", null, MAX));
            while (server.protocolCounts().getOrDefault("HTTP/2.0", 0L) < 2) {
                Thread.onSpinWait(); // the held request has reached the server
            }
            Future<FetchResult> next = threads.submit(() -> client.fetch("packages/p0", null, MAX));
            next.get(60, TimeUnit.SECONDS);
            held.get(60, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }
        // The server logs a request as it answers; the second was sent only once the first was answered.
        assertThat(server.requestLog()).extracting(RequestLogEntry::resource).containsExactly("names", "packages/mime", "packages/p0");
        assertThat(server.connectionCount()).isEqualTo(1);
    }

    @Test
    void aBodyOverTheLimitIsRejectedOverHttp2() throws Exception {
        server = FakeUpstreamServer.startHttps(repo, true);
        // A long read timeout: dropping the stream must not wait for it (reading the rest of an endless body).
        UpstreamClient client = client(UpstreamClient.builder(server.baseUri()).httpVersion(UpstreamHttpVersion.AUTO)
                .readTimeout(Duration.ofMinutes(1)));
        // An endless body has no Content-Length: the limit is found while reading.
        server.faults().endless("tarballs/big-1.0.0.tar", Duration.ofMillis(1));

        long started = System.nanoTime();
        assertThatThrownBy(() -> client.download("tarballs/big-1.0.0.tar", dir.resolve("big.tar"), 20_000))
                .isInstanceOf(UpstreamBodyTooLargeException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        // The abandoned stream did not spoil the connection for the next request.
        server.faults().clear();
        assertThat(client.fetch("packages/mime", null, MAX).body()).isEqualTo(repo.file("packages/mime").orElseThrow());
        assertThat(server.protocolCounts()).containsOnlyKeys("HTTP/2.0");
    }

    @Test
    void anUpstreamThatNeverAnswersIsReportedAsStalledOverHttp2() {
        server = FakeUpstreamServer.startHttps(repo, true);
        UpstreamClient client = client(UpstreamClient.builder(server.baseUri()).httpVersion(UpstreamHttpVersion.AUTO)
                .readTimeout(Duration.ofMillis(500)));
        server.faults().slow("packages/mime", Duration.ofMinutes(10));

        assertThatThrownBy(() -> client.fetch("packages/mime", null, MAX))
                .isInstanceOf(UpstreamStalledException.class)
                .hasMessageContaining("stalled")
                .hasMessageContaining("no data within the read timeout of 500 ms, twice (2 attempts)");
        assertThat(server.protocolCounts()).isEqualTo(Map.of("HTTP/2.0", 2L));
    }

    @Test
    void aStallInTheMiddleOfABodyIsReportedAsStalledOverHttp2() {
        server = FakeUpstreamServer.startHttps(repo, true);
        UpstreamClient client = client(UpstreamClient.builder(server.baseUri()).httpVersion(UpstreamHttpVersion.AUTO)
                .readTimeout(Duration.ofMillis(500)));
        server.faults().stall("tarballs/big-1.0.0.tar", Duration.ofMinutes(10));

        assertThatThrownBy(() -> client.download("tarballs/big-1.0.0.tar", dir.resolve("big.tar"), MAX))
                .isInstanceOf(UpstreamStalledException.class);
    }

    @Test
    void serverErrorsAreRetriedOverHttp2() throws Exception {
        server = FakeUpstreamServer.startHttps(repo, true);
        UpstreamClient client = client(UpstreamHttpVersion.AUTO, 4);
        server.faults().status("packages/mime", 503).times(2);

        assertThat(client.fetch("packages/mime", null, MAX).body()).isEqualTo(repo.file("packages/mime").orElseThrow());
        assertThat(server.requestsFor("packages/mime")).extracting(RequestLogEntry::status).containsExactly(503, 503, 200);
        assertThat(server.protocolCounts()).isEqualTo(Map.of("HTTP/2.0", 3L));
    }

    @Test
    void aTruncatedBodyIsRetriedOverHttp2() throws Exception {
        server = FakeUpstreamServer.startHttps(repo, true);
        // HttpClient's blocking view of its async client does not wake a reader when the stream is reset:
        // the cut is seen when the read timeout passes, so that is kept short here.
        UpstreamClient client = client(UpstreamClient.builder(server.baseUri()).httpVersion(UpstreamHttpVersion.AUTO)
                .readTimeout(Duration.ofSeconds(1)));
        server.faults().truncate("tarballs/big-1.0.0.tar").once();

        client.download("tarballs/big-1.0.0.tar", dir.resolve("big.tar"), MAX);

        assertThat(Files.readAllBytes(dir.resolve("big.tar"))).isEqualTo(repo.file("tarballs/big-1.0.0.tar").orElseThrow());
        assertThat(server.requestsFor("tarballs/big-1.0.0.tar")).hasSize(2);
        assertThat(server.protocolCounts()).containsOnlyKeys("HTTP/2.0");
    }

    @Test
    void anUnchangedFileIsAnswered304OverHttp2() throws Exception {
        server = FakeUpstreamServer.startHttps(repo, true);
        UpstreamClient client = client(UpstreamHttpVersion.AUTO, 4);

        FetchResult first = client.fetch("packages/mime", null, MAX);
        FetchResult second = client.fetch("packages/mime", first.etag(), MAX);

        assertThat(second.notModified()).isTrue();
        assertThat(second.etag()).isEqualTo(first.etag());
        assertThat(server.requestsFor("packages/mime")).extracting(RequestLogEntry::ifNoneMatch).containsExactly(null, first.etag());
        assertThat(server.protocolCounts()).isEqualTo(Map.of("HTTP/2.0", 2L));
    }

    @Test
    void maxRateCapsDownloadsOverHttp2() throws Exception {
        server = FakeUpstreamServer.startHttps(repo, true);
        long cap = 256 * 1024;
        UpstreamClient client = client(UpstreamClient.builder(server.baseUri()).httpVersion(UpstreamHttpVersion.AUTO).maxRate(cap));

        long started = System.nanoTime();
        Download download = client.download("tarballs/big-1.0.0.tar", dir.resolve("big.tar"), MAX);
        double seconds = (System.nanoTime() - started) / 1e9;

        // About 300 KiB at 256 KiB/s, less the cap's quarter second of burst: asserts the cap, not a speed.
        assertThat(download.size() / seconds).as("bytes per second over %.2f s", seconds).isLessThan(cap * 1.25);
        assertThat(server.protocolCounts()).isEqualTo(Map.of("HTTP/2.0", 1L));
    }
}
