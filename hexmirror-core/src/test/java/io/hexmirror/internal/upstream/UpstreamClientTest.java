package io.hexmirror.internal.upstream;

import static io.hexmirror.internal.upstream.TestServer.bytes;
import static io.hexmirror.internal.upstream.TestServer.send;
import static io.hexmirror.internal.upstream.TestServer.sendPartThenDrop;
import static io.hexmirror.internal.upstream.TestServer.writePart;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hexmirror.HexMirrorVersion;
import io.hexmirror.upstream.FetchResult;
import io.hexmirror.upstream.UpstreamBodyTooLargeException;
import io.hexmirror.upstream.UpstreamConnectionException;
import io.hexmirror.upstream.UpstreamHttpException;
import io.hexmirror.upstream.UpstreamNotFoundException;
import io.hexmirror.upstream.UpstreamStalledException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpstreamClientTest {
    private static final long MAX = 1 << 20;

    @TempDir
    Path dir;

    private TestServer server;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void startServer() throws Exception {
        server = TestServer.start();
        closeables.add(server);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
    }

    /** Short backoff and timeouts: tests wait milliseconds, not seconds. */
    private UpstreamClient.Builder builder(URI base) {
        return UpstreamClient.builder(base)
                .retries(3)
                .retryBackoff(Duration.ofMillis(5))
                .maxRetryDelay(Duration.ofMillis(50))
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(5));
    }

    private UpstreamClient client() {
        return client(builder(server.uri()));
    }

    private UpstreamClient client(UpstreamClient.Builder builder) {
        UpstreamClient client = builder.build();
        closeables.add(0, client);
        return client;
    }

    @Test
    void fetchReturnsTheBodyAndEntityTag() throws Exception {
        byte[] body = bytes(5000, 1);
        server.route("/names", (req, resp, cb, n) -> send(resp, cb, 200, body, "ETag", "\"v1\""));
        UpstreamClient client = client();

        FetchResult result = client.fetch("names", null, MAX);

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.body()).isEqualTo(body);
        assertThat(result.etag()).isEqualTo("\"v1\"");
        assertThat(result.notModified()).isFalse();
        assertThat(client.requestCount()).isEqualTo(1);
        assertThat(client.bytesReceived()).isEqualTo(5000);
        assertThat(server.received().get(0).header("If-None-Match")).isNull();
    }

    @Test
    void fetchWithEntityTagSendsIfNoneMatchAndReportsNotModified() throws Exception {
        server.route("/packages/decimal", (req, resp, cb, n) -> {
            if ("\"v1\"".equals(req.getHeaders().get(HttpHeader.IF_NONE_MATCH))) {
                resp.setStatus(304);
                resp.getHeaders().put("ETag", "\"v1\"");
                resp.write(true, null, cb);
            } else {
                send(resp, cb, 200, bytes(10, 2), "ETag", "\"v1\"");
            }
        });
        UpstreamClient client = client();

        FetchResult result = client.fetch("packages/decimal", "\"v1\"", MAX);

        assertThat(result.notModified()).isTrue();
        assertThat(result.status()).isEqualTo(304);
        assertThat(result.body()).isEmpty();
        assertThat(result.etag()).isEqualTo("\"v1\"");
        assertThat(server.received()).singleElement()
                .satisfies(r -> assertThat(r.header("If-None-Match")).isEqualTo("\"v1\""));
        assertThat(client.requestCount()).isEqualTo(1);
    }

    @Test
    void notFoundAndGoneThrowNotFoundWithoutRetrying() throws Exception {
        server.route("/packages/nope", (req, resp, cb, n) -> send(resp, cb, 404, "no".getBytes(UTF_8)));
        server.route("/packages/gone", (req, resp, cb, n) -> send(resp, cb, 410, new byte[0]));
        UpstreamClient client = client();

        assertThatThrownBy(() -> client.fetch("packages/nope", null, MAX))
                .isInstanceOf(UpstreamNotFoundException.class)
                .hasMessageContaining(server.uri() + "packages/nope")
                .satisfies(e -> assertThat(((UpstreamNotFoundException) e).status()).isEqualTo(404));
        assertThatThrownBy(() -> client.download("packages/gone", dir.resolve("x"), MAX))
                .isInstanceOf(UpstreamNotFoundException.class)
                .hasMessageContaining(server.uri() + "packages/gone")
                .satisfies(e -> assertThat(((UpstreamNotFoundException) e).status()).isEqualTo(410));
        assertThat(client.requestCount()).isEqualTo(2);
        assertThat(dir.resolve("x")).doesNotExist();
    }

    @Test
    void otherClientErrorsFailAtOnce() throws Exception {
        server.route("/names", (req, resp, cb, n) -> send(resp, cb, 403, new byte[0]));
        UpstreamClient client = client();

        assertThatThrownBy(() -> client.fetch("names", null, MAX))
                .isInstanceOf(UpstreamHttpException.class)
                .hasMessageContaining(server.uri() + "names")
                .hasMessageContaining("HTTP 403")
                .satisfies(e -> assertThat(((UpstreamHttpException) e).status()).isEqualTo(403));
        assertThat(client.requestCount()).isEqualTo(1);
    }

    @Test
    void serverErrorsAreRetriedUntilSuccess() throws Exception {
        byte[] body = bytes(100, 3);
        server.route("/names", (req, resp, cb, n) -> {
            if (n <= 2) {
                send(resp, cb, 500, "boom".getBytes(UTF_8));
            } else {
                send(resp, cb, 200, body);
            }
        });
        UpstreamClient client = client();

        FetchResult result = client.fetch("names", null, MAX);

        assertThat(result.body()).isEqualTo(body);
        assertThat(client.requestCount()).isEqualTo(3);
    }

    @Test
    void persistentServerErrorsFailAfterTheRetries() throws Exception {
        server.route("/names", (req, resp, cb, n) -> send(resp, cb, 502, new byte[0]));
        UpstreamClient client = client(builder(server.uri()).retries(2));

        assertThatThrownBy(() -> client.fetch("names", null, MAX))
                .isInstanceOf(UpstreamHttpException.class)
                .hasMessageContaining(server.uri() + "names")
                .hasMessageContaining("HTTP 502")
                .hasMessageContaining("gave up after 3 attempts")
                .satisfies(e -> assertThat(((UpstreamHttpException) e).status()).isEqualTo(502));
        assertThat(client.requestCount()).isEqualTo(3);
    }

    @Test
    void throttlingAndRequestTimeoutAreRetried() throws Exception {
        server.route("/a", (req, resp, cb, n) -> send(resp, cb, n == 1 ? 429 : 200, new byte[0]));
        server.route("/b", (req, resp, cb, n) -> send(resp, cb, n == 1 ? 408 : 200, new byte[0]));
        UpstreamClient client = client();

        assertThat(client.fetch("a", null, MAX).status()).isEqualTo(200);
        assertThat(client.fetch("b", null, MAX).status()).isEqualTo(200);
        assertThat(client.requestCount()).isEqualTo(4);
    }

    @Test
    void retryAfterIsHonouredAndCapped() throws Exception {
        server.route("/a", (req, resp, cb, n) -> send(resp, cb, n == 1 ? 429 : 200, new byte[0], "Retry-After", "7"));
        server.route("/b", (req, resp, cb, n) -> send(resp, cb, n == 1 ? 503 : 200, new byte[0], "Retry-After", "3600"));
        List<Duration> waits = new ArrayList<>();
        UpstreamClient client = client(builder(server.uri())
                .retryBackoff(Duration.ofMillis(1))
                .maxRetryDelay(Duration.ofSeconds(30))
                .sleeper(waits::add));

        client.fetch("a", null, MAX);
        client.fetch("b", null, MAX);

        assertThat(waits).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(30));
    }

    @Test
    void connectionDroppedMidBodyIsRetried() throws Exception {
        byte[] body = bytes(200_000, 4);
        server.route("/tarballs/a-1.0.0.tar", (req, resp, cb, n) -> {
            if (n == 1) {
                sendPartThenDrop(resp, cb, -1, bytes(50_000, 9)); // chunked, closing chunk never sent
            } else {
                send(resp, cb, 200, body, "ETag", "\"t\"");
            }
        });
        UpstreamClient client = client();
        Path target = dir.resolve("a.tar");

        Download download = client.download("tarballs/a-1.0.0.tar", target, MAX);

        assertThat(download).isEqualTo(new Download(body.length, "\"t\""));
        assertThat(Files.readAllBytes(target)).isEqualTo(body);
        assertThat(client.requestCount()).isEqualTo(2);
        assertThat(client.bytesReceived()).isEqualTo(50_000 + body.length);
    }

    @Test
    void bodyShorterThanContentLengthIsRetriedAndTheTargetRewritten() throws Exception {
        byte[] body = bytes(1000, 5);
        server.route("/tarballs/a-1.0.0.tar", (req, resp, cb, n) -> {
            if (n == 1) {
                // Announces 3000 bytes, sends 1500: more than the real body, so a target that was not
                // truncated on retry would keep a tail of them.
                sendPartThenDrop(resp, cb, 3000, bytes(1500, 6));
            } else {
                send(resp, cb, 200, body);
            }
        });
        UpstreamClient client = client();
        Path target = dir.resolve("a.tar");

        Download download = client.download("tarballs/a-1.0.0.tar", target, MAX);

        assertThat(download.size()).isEqualTo(1000);
        assertThat(download.etag()).isNull();
        assertThat(Files.readAllBytes(target)).isEqualTo(body);
        assertThat(client.requestCount()).isEqualTo(2);
    }

    @Test
    void bodyAlwaysCutShortFailsNamingTheUrlAndTheShortfall() throws Exception {
        server.route("/names", (req, resp, cb, n) -> sendPartThenDrop(resp, cb, 3000, bytes(1000, 6)));
        UpstreamClient client = client(builder(server.uri()).retries(1));

        assertThatThrownBy(() -> client.fetch("names", null, MAX))
                .isInstanceOf(UpstreamConnectionException.class)
                .hasMessageContaining(server.uri() + "names")
                .hasMessageContaining("Premature end of Content-Length delimited message body")
                .hasMessageContaining("gave up after 2 attempts")
                .satisfies(e -> assertThat(((UpstreamConnectionException) e).attempts()).isEqualTo(2));
        assertThat(client.requestCount()).isEqualTo(2);
    }

    @Test
    void aBodyWithinTheInMemoryBoundIsReadIntoMemoryWithoutTouchingTheSpillFile() throws Exception {
        byte[] body = bytes(10_000, 3);
        server.route("/tarballs/a-1.0.0.tar", (req, resp, cb, n) -> send(resp, cb, 200, body, "ETag", "\"t\""));
        UpstreamClient client = client();
        Path spill = dir.resolve("spill.tar");

        DownloadedBody download = client.download("tarballs/a-1.0.0.tar", MAX, 10_000, spill);

        assertThat(download.inMemory()).isTrue();
        assertThat(download.bytes()).isEqualTo(body);
        assertThat(download.size()).isEqualTo(body.length);
        assertThat(download.etag()).isEqualTo("\"t\"");
        assertThat(spill).doesNotExist();
    }

    @Test
    void aBodyOverTheInMemoryBoundGoesToTheSpillFile() throws Exception {
        byte[] announced = bytes(10_001, 4);
        byte[] chunked = bytes(30_000, 5);
        server.route("/tarballs/a-1.0.0.tar", (req, resp, cb, n) -> send(resp, cb, 200, announced));
        server.route("/tarballs/b-1.0.0.tar", (req, resp, cb, n) -> {
            resp.setStatus(200); // chunked: found too long for memory only while reading it
            try {
                writePart(resp, java.util.Arrays.copyOfRange(chunked, 0, 8_000));
                writePart(resp, java.util.Arrays.copyOfRange(chunked, 8_000, 30_000));
                resp.write(true, null, cb);
            } catch (Exception e) {
                cb.failed(e);
            }
        });
        UpstreamClient client = client();

        DownloadedBody a = client.download("tarballs/a-1.0.0.tar", MAX, 10_000, dir.resolve("a.tar"));
        DownloadedBody b = client.download("tarballs/b-1.0.0.tar", MAX, 10_000, dir.resolve("b.tar"));

        assertThat(a.inMemory()).isFalse();
        assertThat(a.file()).isEqualTo(dir.resolve("a.tar"));
        assertThat(Files.readAllBytes(a.file())).isEqualTo(announced);
        assertThat(a.size()).isEqualTo(announced.length);
        assertThat(b.inMemory()).isFalse();
        assertThat(Files.readAllBytes(b.file())).isEqualTo(chunked);
        assertThat(b.open().readAllBytes()).isEqualTo(chunked);
    }

    @Test
    void aRetryAfterABrokenConnectionStartsTheBodyAfresh() throws Exception {
        byte[] small = bytes(1000, 5);
        byte[] large = bytes(40_000, 7);
        server.route("/tarballs/small-1.0.0.tar", (req, resp, cb, n) -> {
            if (n == 1) {
                sendPartThenDrop(resp, cb, 3000, bytes(1500, 6)); // announces 3000, sends 1500
            } else {
                send(resp, cb, 200, small);
            }
        });
        server.route("/tarballs/large-1.0.0.tar", (req, resp, cb, n) -> {
            if (n == 1) {
                sendPartThenDrop(resp, cb, -1, bytes(50_000, 9)); // spills, then the connection breaks
            } else {
                send(resp, cb, 200, large);
            }
        });
        server.route("/tarballs/shrunk-1.0.0.tar", (req, resp, cb, n) -> {
            if (n == 1) {
                sendPartThenDrop(resp, cb, -1, bytes(50_000, 9));
            } else {
                send(resp, cb, 200, small); // fits in memory this time
            }
        });
        UpstreamClient client = client();
        Path largeSpill = dir.resolve("large.tar");
        Path shrunkSpill = dir.resolve("shrunk.tar");

        DownloadedBody smallBody = client.download("tarballs/small-1.0.0.tar", MAX, 20_000, dir.resolve("small.tar"));
        DownloadedBody largeBody = client.download("tarballs/large-1.0.0.tar", MAX, 20_000, largeSpill);
        DownloadedBody shrunkBody = client.download("tarballs/shrunk-1.0.0.tar", MAX, 20_000, shrunkSpill);

        assertThat(smallBody.bytes()).isEqualTo(small);
        assertThat(largeBody.inMemory()).isFalse();
        assertThat(Files.readAllBytes(largeSpill)).as("truncated afresh, no tail of the first attempt").isEqualTo(large);
        assertThat(shrunkBody.bytes()).isEqualTo(small);
        assertThat(shrunkSpill).as("the failed attempt's spill, removed").doesNotExist();
        assertThat(client.requestCount()).isEqualTo(6);
    }

    @Test
    void aBodyOverTheLimitIsRefusedWhateverTheInMemoryBound() throws Exception {
        server.route("/tarballs/a-1.0.0.tar", (req, resp, cb, n) -> send(resp, cb, 200, bytes(5000, 1)));
        UpstreamClient client = client();

        assertThatThrownBy(() -> client.download("tarballs/a-1.0.0.tar", 4999, 10_000, dir.resolve("a.tar")))
                .isInstanceOf(UpstreamBodyTooLargeException.class);
        assertThat(client.requestCount()).isEqualTo(1);
    }

    @Test
    void silentServerIsRetriedOnceThenReportedAsStalled() throws Exception {
        server.route("/names", (req, resp, cb, n) -> {
            server.stall();
            cb.failed(new IOException("stalled"));
        });
        UpstreamClient client = client(builder(server.uri()).retries(4).readTimeout(Duration.ofMillis(200)));

        assertThatThrownBy(() -> client.fetch("names", null, MAX))
                .isInstanceOf(UpstreamStalledException.class)
                .hasMessageContaining(server.uri() + "names")
                .hasMessageContaining("no data within the read timeout of 200 ms, twice (2 attempts)")
                .satisfies(e -> assertThat(((UpstreamStalledException) e).attempts()).isEqualTo(2));
        assertThat(client.requestCount()).isEqualTo(2);
    }

    @Test
    void upstreamThatAcceptsAndNeverAnswersIsReportedNamingUpstreamAndUrl() throws Exception {
        try (SilentUpstream silent = new SilentUpstream()) {
            URI base = URI.create("http://127.0.0.1:" + silent.port() + "/hex");
            UpstreamClient client = client(builder(base).retries(4).readTimeout(Duration.ofMillis(300)));

            assertThatThrownBy(() -> client.download("tarballs/decimal-2.0.0.tar", dir.resolve("t.tar"), MAX))
                    .isInstanceOf(UpstreamStalledException.class)
                    .hasMessageStartingWith("upstream " + base + " stalled: GET " + base + "/tarballs/decimal-2.0.0.tar")
                    .hasMessageContaining("got no data within the read timeout of 300 ms, twice")
                    .satisfies(e -> assertThat(((UpstreamStalledException) e).upstream()).isEqualTo(base));
            // Two connections were accepted (the attempt and its one retry), not five.
            assertThat(silent.accepted()).isEqualTo(2);
            assertThat(client.requestCount()).isEqualTo(2);
        }
    }

    @Test
    void byDefaultAStalledUpstreamIsReportedWithinAMinute() {
        // Two silent attempts and the first pause between them (at most the initial backoff).
        Duration worst = UpstreamClient.DEFAULT_READ_TIMEOUT.multipliedBy(2).plus(Duration.ofMillis(500));
        assertThat(worst).isLessThan(Duration.ofMinutes(1));
    }

    @Test
    void maxRateCapsTheTotalRateOfParallelDownloads() throws Exception {
        int files = 4;
        int size = 192 * 1024;
        for (int i = 0; i < files; i++) {
            byte[] body = bytes(size, i);
            server.route("/tarballs/r" + i + "-1.0.0.tar", (req, resp, cb, n) -> send(resp, cb, 200, body));
        }
        long cap = 256 * 1024;
        UpstreamClient client = client(builder(server.uri()).concurrency(files).maxRate(cap));
        ExecutorService threads = Executors.newFixedThreadPool(files);
        long started = System.nanoTime();
        try {
            List<Future<Download>> downloads = new ArrayList<>();
            for (int i = 0; i < files; i++) {
                int index = i;
                downloads.add(threads.submit(() -> client.download("tarballs/r" + index + "-1.0.0.tar", dir.resolve("r" + index + ".tar"), MAX)));
            }
            for (Future<Download> download : downloads) {
                assertThat(download.get(60, TimeUnit.SECONDS).size()).isEqualTo(size);
            }
        } finally {
            threads.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        // 768 KiB at 256 KiB/s, less a quarter second of burst: at least 2.75 s. The tolerance is generous
        // (a quarter over the cap) because this asserts the cap, not a speed.
        double rate = files * (double) size / seconds;
        assertThat(rate).as("bytes per second over %.2f s", seconds).isLessThan(cap * 1.25);
        for (int i = 0; i < files; i++) {
            assertThat(Files.readAllBytes(dir.resolve("r" + i + ".tar"))).isEqualTo(bytes(size, i));
        }
    }

    @Test
    void stallMidBodyIsRetried() throws Exception {
        byte[] body = bytes(3000, 7);
        server.route("/names", (req, resp, cb, n) -> {
            if (n == 1) {
                resp.getHeaders().put(HttpHeader.CONTENT_LENGTH, 3000);
                writePart(resp, bytes(1000, 8));
                server.stall();
                cb.failed(new IOException("stalled"));
            } else {
                send(resp, cb, 200, body);
            }
        });
        UpstreamClient client = client(builder(server.uri()).readTimeout(Duration.ofMillis(500)));

        assertThat(client.fetch("names", null, MAX).body()).isEqualTo(body);
        assertThat(client.requestCount()).isEqualTo(2);
    }

    @Test
    void refusedConnectionsAreRetriedAndReported() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        UpstreamClient client = client(builder(URI.create("http://127.0.0.1:" + port)).retries(2));

        assertThatThrownBy(() -> client.fetch("names", null, MAX))
                .isInstanceOf(UpstreamConnectionException.class)
                .hasMessageContaining("http://127.0.0.1:" + port + "/names")
                .hasMessageContaining("Connection refused")
                .satisfies(e -> assertThat(((UpstreamConnectionException) e).attempts()).isEqualTo(3));
        assertThat(client.requestCount()).isZero();
    }

    @Test
    void declaredLengthOverTheLimitFailsBeforeReading() throws Exception {
        server.route("/names", (req, resp, cb, n) -> send(resp, cb, 200, bytes(2000, 1)));
        UpstreamClient client = client();

        assertThatThrownBy(() -> client.fetch("names", null, 1999))
                .isInstanceOf(UpstreamBodyTooLargeException.class)
                .hasMessageContaining(server.uri() + "names")
                .hasMessageContaining("Content-Length 2000")
                .hasMessageContaining("limit of 1999 bytes");
        assertThat(client.bytesReceived()).isZero();
        assertThat(client.requestCount()).isEqualTo(1);
        assertThat(client.fetch("names", null, 2000).body()).hasSize(2000);
    }

    @Test
    void streamedBodyOverTheLimitStopsWithoutReadingTheRest() throws Exception {
        long total = 256L << 20;
        CompletableFuture<Long> written = new CompletableFuture<>();
        server.route("/tarballs/huge-1.0.0.tar", (req, resp, cb, n) -> {
            resp.setStatus(200); // chunked: the size is unknown until read
            long sent = 0;
            try {
                byte[] chunk = bytes(64 * 1024, 1);
                while (sent < total) {
                    writePart(resp, chunk);
                    sent += chunk.length;
                }
                resp.write(true, null, cb);
            } catch (Exception e) {
                cb.failed(e);
            } finally {
                written.complete(sent);
            }
        });
        UpstreamClient client = client();

        assertThatThrownBy(() -> client.download("tarballs/huge-1.0.0.tar", dir.resolve("huge.tar"), 100_000))
                .isInstanceOf(UpstreamBodyTooLargeException.class)
                .hasMessageContaining(server.uri() + "tarballs/huge-1.0.0.tar")
                .hasMessageContaining("limit of 100000 bytes")
                .satisfies(e -> assertThat(((UpstreamBodyTooLargeException) e).limit()).isEqualTo(100_000));
        // The client dropped the connection: the server's writes failed long before the end.
        assertThat(written.get(20, TimeUnit.SECONDS)).isLessThan(total);
        assertThat(client.bytesReceived()).isLessThan(100_000 + 64 * 1024 + 1);
        assertThat(client.requestCount()).isEqualTo(1);
    }

    @Test
    void sendsTheUserAgentAndNoAcceptEncoding() throws Exception {
        server.route("/names", (req, resp, cb, n) -> send(resp, cb, 200, new byte[0]));

        client().fetch("names", null, MAX);
        client(builder(server.uri()).userAgent("mirror-test/1.2")).fetch("names", null, MAX);

        List<TestServer.Received> received = server.received();
        assertThat(received.get(0).header("User-Agent")).isEqualTo("hexmirror/" + HexMirrorVersion.get());
        assertThat(received.get(1).header("User-Agent")).isEqualTo("mirror-test/1.2");
        assertThat(received).allSatisfy(r -> assertThat(r.header("Accept-Encoding")).isNull());
    }

    @Test
    void gzipContentEncodingIsKeptAsReceived() throws Exception {
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
            gzip.write("registry payload".getBytes(UTF_8));
        }
        byte[] body = gzipped.toByteArray();
        server.route("/names", (req, resp, cb, n) -> send(resp, cb, 200, body, "Content-Encoding", "gzip"));

        assertThat(client().fetch("names", null, MAX).body()).isEqualTo(body);
    }

    @Test
    void baseUrlPrefixesWorkWithAndWithoutTrailingSlash() throws Exception {
        server.route("/hex/names", (req, resp, cb, n) -> send(resp, cb, 200, "ok".getBytes(UTF_8)));
        String base = "http://127.0.0.1:" + server.port() + "/hex";

        assertThat(client(builder(URI.create(base))).fetch("names", null, MAX).body()).isEqualTo("ok".getBytes(UTF_8));
        assertThat(client(builder(URI.create(base + "/"))).fetch("names", null, MAX).body()).isEqualTo("ok".getBytes(UTF_8));
        assertThat(client(builder(URI.create(base + "/"))).fetch("/names", null, MAX).body()).isEqualTo("ok".getBytes(UTF_8));
        assertThat(server.received()).extracting(TestServer.Received::path).containsOnly("/hex/names");
    }

    @Test
    void redirectsAreFollowed() throws Exception {
        server.route("/tarballs/a-1.0.0.tar", (req, resp, cb, n) -> {
            resp.setStatus(302);
            resp.getHeaders().put(HttpHeader.LOCATION, server.uri() + "cdn/a-1.0.0.tar");
            resp.write(true, null, cb);
        });
        server.route("/cdn/a-1.0.0.tar", (req, resp, cb, n) -> send(resp, cb, 200, bytes(10, 1), "ETag", "\"x\""));
        UpstreamClient client = client();

        Download download = client.download("tarballs/a-1.0.0.tar", dir.resolve("a.tar"), MAX);

        assertThat(download).isEqualTo(new Download(10, "\"x\""));
        assertThat(client.requestCount()).isEqualTo(2);
    }

    @Test
    void redirectLoopsFailWithoutRetrying() throws Exception {
        server.route("/loop", (req, resp, cb, n) -> {
            resp.setStatus(302);
            resp.getHeaders().put(HttpHeader.LOCATION, server.uri() + "loop");
            resp.write(true, null, cb);
        });
        UpstreamClient client = client();

        assertThatThrownBy(() -> client.fetch("loop", null, MAX))
                .isInstanceOf(UpstreamConnectionException.class)
                .hasMessageContaining(server.uri() + "loop")
                .hasMessageContaining("edirect")
                .satisfies(e -> assertThat(((UpstreamConnectionException) e).attempts()).isEqualTo(1));
    }

    @Test
    void localWriteFailuresAreReportedAsIsAndNotRetried() throws Exception {
        server.route("/tarballs/a-1.0.0.tar", (req, resp, cb, n) -> send(resp, cb, 200, bytes(10, 1)));
        UpstreamClient client = client();

        assertThatThrownBy(() -> client.download("tarballs/a-1.0.0.tar", dir.resolve("missing/a.tar"), MAX))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("missing");
        assertThat(client.requestCount()).isEqualTo(1);
    }

    @Test
    void aFullLocalDiskIsReportedNamingTheFileAndNotRetried() throws Exception {
        Path full = Path.of("/dev/full"); // every write fails with ENOSPC
        assumeTrue(Files.isWritable(full), "needs Linux's /dev/full");
        server.route("/tarballs/a-1.0.0.tar", (req, resp, cb, n) -> send(resp, cb, 200, bytes(100_000, 1)));
        UpstreamClient client = client();

        assertThatThrownBy(() -> client.download("tarballs/a-1.0.0.tar", full, MAX))
                .isExactlyInstanceOf(IOException.class)
                .hasMessage("cannot write /dev/full: No space left on device");
        assertThat(client.requestCount()).isEqualTo(1);
    }

    @Test
    void invalidPathsAndBaseUrlsAreRejected() {
        UpstreamClient client = client();
        for (String path : List.of("", "/", "a//b", "../names", "packages/../names", "names/")) {
            assertThatThrownBy(() -> client.fetch(path, null, MAX))
                    .as(path)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("invalid upstream path '" + path + "'");
        }
        assertThatThrownBy(() -> UpstreamClient.builder(URI.create("ftp://repo.hex.pm")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http or https");
        assertThatThrownBy(() -> UpstreamClient.builder(URI.create("https://user:s3cret@repo.hex.pm/")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not contain credentials")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void concurrentDownloadsShareTheBoundedPool() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        int packages = 24;
        for (int i = 0; i < packages; i++) {
            byte[] body = bytes(100_000 + i, i);
            server.route("/tarballs/p" + i + "-1.0.0.tar", (req, resp, cb, n) -> {
                maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(20); // overlap the requests so the pool bound is exercised
                } finally {
                    inFlight.decrementAndGet();
                }
                send(resp, cb, 200, body, "ETag", "\"p" + n + "\"");
            });
        }
        UpstreamClient client = client(builder(server.uri()).concurrency(3));
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Download>> downloads = new ArrayList<>();
            for (int i = 0; i < packages; i++) {
                int index = i;
                downloads.add(threads.submit(() -> client.download("tarballs/p" + index + "-1.0.0.tar", dir.resolve("p" + index + ".tar"), MAX)));
            }
            for (int i = 0; i < packages; i++) {
                assertThat(downloads.get(i).get(30, TimeUnit.SECONDS).size()).isEqualTo(100_000 + i);
                assertThat(Files.readAllBytes(dir.resolve("p" + i + ".tar"))).isEqualTo(bytes(100_000 + i, i));
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(maxInFlight.get()).isBetween(1, 3);
        assertThat(client.requestCount()).isEqualTo(packages);
    }

    /** A real loopback socket that accepts connections, reads nothing and never answers. */
    private static final class SilentUpstream implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        private final List<java.net.Socket> connections = java.util.Collections.synchronizedList(new ArrayList<>());
        private final Thread acceptor;

        SilentUpstream() throws IOException {
            acceptor = new Thread(() -> {
                try {
                    while (true) {
                        connections.add(socket.accept());
                    }
                } catch (IOException e) {
                    // closed
                }
            }, "silent-upstream");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        int accepted() {
            return connections.size();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            synchronized (connections) {
                for (java.net.Socket connection : connections) {
                    connection.close();
                }
            }
        }
    }
}
