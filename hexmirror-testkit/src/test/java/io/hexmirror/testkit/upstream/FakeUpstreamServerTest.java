package io.hexmirror.testkit.upstream;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.BadSignatureException;
import io.hexmirror.OriginMismatchException;
import io.hexmirror.registry.RegistryReader;
import io.hexmirror.registry.proto.Package;
import io.hexmirror.registry.proto.Release;
import io.hexmirror.registry.proto.RetirementReason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FakeUpstreamServerTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private FakeHexRepository repo;
    private FakeUpstreamServer server;
    private RegistryReader reader;

    @BeforeEach
    void start() {
        repo = FakeHexRepository.create();
        repo.publish("mime", "1.6.0");
        repo.release("plug", "1.10.4").dependsOn("mime", "~> 1.0").withDocs().publish();
        server = FakeUpstreamServer.start(repo);
        reader = repo.reader();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        return send("GET", path, headers);
    }

    private HttpResponse<byte[]> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUri() + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(20));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A raw exchange, for what HttpClient hides: the exact bytes sent before the server closed. */
    private RawResponse raw(String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all); // until the server closes the connection
            return RawResponse.parse(all.toByteArray());
        }
    }

    private record RawResponse(int status, Map<String, String> headers, byte[] body) {
        static RawResponse parse(byte[] bytes) {
            if (bytes.length == 0) {
                return new RawResponse(0, Map.of(), bytes); // closed without a response
            }
            String text = new String(bytes, US_ASCII);
            int end = text.indexOf("\r\n\r\n");
            String[] lines = text.substring(0, end).split("\r\n");
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim());
            }
            byte[] body = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
            return new RawResponse(Integer.parseInt(lines[0].split(" ")[1]), headers, body);
        }
    }

    @Test
    void servesEveryFileOfTheRepositoryWithEtagAndLengthButNoEncoding() throws Exception {
        assertThat(repo.paths()).hasSize(8);
        for (String path : repo.paths()) {
            HttpResponse<byte[]> response = get("/" + path, "Accept-Encoding", "gzip");

            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.body()).as(path).isEqualTo(repo.file(path).orElseThrow());
            assertThat(response.headers().firstValue("ETag")).as(path).hasValueSatisfying(
                    etag -> assertThat(etag).matches("\"[0-9a-f]{64}\"")
                            .isEqualTo("\"" + Archives.sha256Hex(response.body()) + "\""));
            assertThat(response.headers().firstValueAsLong("Content-Length")).as(path)
                    .hasValue(response.body().length);
            assertThat(response.headers().firstValue("Content-Encoding")).as(path).isEmpty();
        }
    }

    @Test
    void servedRegistryFilesVerifyWithTheRepositoryKey() throws Exception {
        assertThat(reader.readNames(get("/names").body()).getPackagesCount()).isEqualTo(2);
        assertThat(reader.readVersions(get("/versions").body()).getPackages(1).getVersionsList())
                .containsExactly("1.10.4");
        Package plug = reader.readPackage("plug", get("/packages/plug").body());
        assertThat(plug.getReleases(0).getDependencies(0).getPackage()).isEqualTo("mime");
    }

    @Test
    void headSendsTheHeadersOfGetWithoutABody() throws Exception {
        HttpResponse<byte[]> get = get("/tarballs/plug-1.10.4.tar");
        HttpResponse<byte[]> head = send("HEAD", "/tarballs/plug-1.10.4.tar");

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("Content-Length")).hasValue(String.valueOf(get.body().length));
        assertThat(head.headers().firstValue("ETag")).isEqualTo(get.headers().firstValue("ETag"));
    }

    @Test
    void ifNoneMatchWithTheCurrentEtagGets304() throws Exception {
        String etag = get("/packages/plug").headers().firstValue("ETag").orElseThrow();

        HttpResponse<byte[]> same = get("/packages/plug", "If-None-Match", etag);
        HttpResponse<byte[]> listed = get("/packages/plug", "If-None-Match", "\"abc\", W/" + etag);
        HttpResponse<byte[]> other = get("/packages/plug", "If-None-Match", "\"abc\"");

        assertThat(same.statusCode()).isEqualTo(304);
        assertThat(same.body()).isEmpty();
        assertThat(same.headers().firstValue("ETag")).hasValue(etag);
        assertThat(listed.statusCode()).isEqualTo(304);
        assertThat(other.statusCode()).isEqualTo(200);

        repo.retire("plug", "1.10.4", RetirementReason.RETIRED_OTHER, "changed");
        HttpResponse<byte[]> changed = get("/packages/plug", "If-None-Match", etag);

        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.headers().firstValue("ETag")).isPresent().isNotEqualTo(java.util.Optional.of(etag));
        assertThat(reader.readPackage("plug", changed.body()).getReleases(0).getRetired().getMessage())
                .isEqualTo("changed");
    }

    @Test
    void anEmptyIfNoneMatchCountsAsAbsent() throws Exception {
        // rebar3's first request carries "If-None-Match:" with no value.
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("GET /tarballs/mime-1.6.0.tar HTTP/1.1\r\nHost: x\r\nIf-None-Match:\r\n"
                    + "Connection: close\r\n\r\n").getBytes(US_ASCII));
            RawResponse response = RawResponse.parse(socket.getInputStream().readAllBytes());

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(repo.file("tarballs/mime-1.6.0.tar").orElseThrow());
        }
        assertThat(server.requestLog()).containsExactly(
                new RequestLogEntry("GET", "/tarballs/mime-1.6.0.tar", 200, ""));
    }

    @Test
    void pathsWithADoubleSlashAreServed() throws Exception {
        HttpResponse<byte[]> response = get("//packages/plug");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(reader.readPackage("plug", response.body()).getName()).isEqualTo("plug");
        assertThat(server.requestLog().get(0).path()).isEqualTo("//packages/plug");
        assertThat(server.requestLog().get(0).resource()).isEqualTo("packages/plug");
    }

    @Test
    void percentEscapesAreDecoded() throws Exception {
        repo.publish("plug", "2.0.0+build.1");
        byte[] tarball = repo.file("tarballs/plug-2.0.0+build.1.tar").orElseThrow();

        assertThat(get("/tarballs/plug-2.0.0%2Bbuild.1.tar").body()).isEqualTo(tarball);
        assertThat(get("/tarballs/plug-2.0.0+build.1.tar").body()).isEqualTo(tarball);
        // Jetty rejects a malformed escape before the handler sees it.
        assertThat(raw("/tarballs/plug-2.0.0%zz.tar").status()).isEqualTo(400);
        assertThat(server.requestLog().get(0).resource()).isEqualTo("tarballs/plug-2.0.0+build.1.tar");
    }

    @Test
    void unknownPathsGet404AndOtherMethods405() throws Exception {
        for (String path : List.of("/", "/packages/nope", "/tarballs/plug-9.9.9.tar", "/docs/mime-1.6.0.tar.gz",
                "/installs/hex.csv", "/packages/../names")) {
            assertThat(get(path).statusCode()).as(path).isEqualTo(404);
        }
        HttpResponse<byte[]> post = send("POST", "/names");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    @Test
    void requestLogRecordsMethodPathStatusAndIfNoneMatch() throws Exception {
        get("/names");
        send("HEAD", "/packages/plug", "If-None-Match", "\"x\"");
        get("/packages/nope");

        assertThat(server.requestLog()).containsExactly(
                new RequestLogEntry("GET", "/names", 200, null),
                new RequestLogEntry("HEAD", "/packages/plug", 200, "\"x\""),
                new RequestLogEntry("GET", "/packages/nope", 404, null));
        assertThat(server.requestCount()).isEqualTo(3);
        assertThat(server.requestsFor("packages/plug")).hasSize(1);

        server.resetLog();

        assertThat(server.requestLog()).isEmpty();
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void servesTheRepositoryAsItChanges() throws Exception {
        repo.publish("mime", "2.0.0").removeRelease("plug", "1.10.4");

        assertThat(reader.readVersions(get("/versions").body()).getPackagesList())
                .singleElement().satisfies(p -> assertThat(p.getVersionsList()).containsExactly("1.6.0", "2.0.0"));
        assertThat(get("/tarballs/mime-2.0.0.tar").statusCode()).isEqualTo(200);
        assertThat(get("/packages/plug").statusCode()).isEqualTo(404);
        assertThat(get("/docs/plug-1.10.4.tar.gz").statusCode()).isEqualTo(404);
    }

    @Test
    void badSignatureFaultBreaksTheSignatureOnly() throws Exception {
        FaultRule rule = server.faults().badSignature("packages/plug");

        byte[] body = get("/packages/plug").body();

        assertThatThrownBy(() -> reader.readPackage("plug", body)).isInstanceOf(BadSignatureException.class);
        assertThat(rule.hits()).isEqualTo(1);
        assertThat(reader.readNames(get("/names").body()).getPackagesCount()).as("other paths unaffected").isEqualTo(2);
    }

    @Test
    void wrongRepositoryFaultIsValidlySignedButNamesAnotherRepository() throws Exception {
        server.faults().wrongRepository("packages/plug");
        server.faults().wrongRepository("names");
        server.faults().wrongRepository("versions");

        byte[] pkg = get("/packages/plug").body();
        byte[] names = get("/names").body();
        byte[] versions = get("/versions").body();

        assertThat(reader.verifiedPayload(pkg, "packages/plug")).isNotEmpty();
        assertThatThrownBy(() -> reader.readPackage("plug", pkg)).isInstanceOf(OriginMismatchException.class)
                .hasMessageContaining("'other'");
        assertThatThrownBy(() -> reader.readNames(names)).isInstanceOf(OriginMismatchException.class);
        assertThatThrownBy(() -> reader.readVersions(versions)).isInstanceOf(OriginMismatchException.class);
    }

    @Test
    void wrongPackageNameFaultIsValidlySignedButNamesAnotherPackage() throws Exception {
        server.faults().wrongPackageName("packages/plug");

        byte[] pkg = get("/packages/plug").body();

        assertThat(Package.parseFrom(reader.verifiedPayload(pkg, "packages/plug")).getRepository()).isEqualTo("hexpm");
        assertThatThrownBy(() -> reader.readPackage("plug", pkg)).isInstanceOf(OriginMismatchException.class)
                .hasMessageContaining("names package 'other'");
    }

    @Test
    void registryFaultsOnOtherFilesAnswer500WithTheReason() throws Exception {
        server.faults().badSignature("tarballs/*");
        server.faults().wrongPackageName("names");

        HttpResponse<byte[]> tarball = get("/tarballs/plug-1.10.4.tar");
        HttpResponse<byte[]> names = get("/names");

        assertThat(tarball.statusCode()).isEqualTo(500);
        assertThat(new String(tarball.body(), UTF_8)).contains("not to tarballs/plug-1.10.4.tar");
        assertThat(names.statusCode()).isEqualTo(500);
        assertThat(new String(names.body(), UTF_8)).contains("wrongPackageName applies to packages/NAME only");
    }

    @Test
    void corruptTarballFaultFlipsOneByteAndKeepsTheLength() throws Exception {
        server.faults().corruptTarball("tarballs/plug-1.10.4.tar");
        byte[] good = repo.file("tarballs/plug-1.10.4.tar").orElseThrow();

        HttpResponse<byte[]> response = get("/tarballs/plug-1.10.4.tar");

        assertThat(response.statusCode()).isEqualTo(200);
        byte[] bad = response.body();
        assertThat(bad).hasSameSizeAs(good);
        int differences = 0;
        for (int i = 0; i < good.length; i++) {
            differences += good[i] != bad[i] ? 1 : 0;
        }
        assertThat(differences).isEqualTo(1);
        assertThat(Archives.sha256Hex(bad)).isNotEqualTo(repo.tarballChecksums("plug", "1.10.4").outer());
    }

    @Test
    void truncateFaultSendsTheFullLengthThenHalfTheBodyThenCloses() throws Exception {
        server.faults().truncate("tarballs/plug-1.10.4.tar");
        byte[] good = repo.file("tarballs/plug-1.10.4.tar").orElseThrow();

        RawResponse response = raw("/tarballs/plug-1.10.4.tar");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers()).containsEntry("Content-Length", String.valueOf(good.length));
        assertThat(response.body()).isEqualTo(java.util.Arrays.copyOf(good, good.length / 2));
        assertThatThrownBy(() -> get("/tarballs/plug-1.10.4.tar")).as("HttpClient sees a premature end")
                .isInstanceOf(IOException.class);
    }

    @Test
    void statusFaultAppliesTheGivenNumberOfTimes() throws Exception {
        FaultRule rule = server.faults().status("tarballs/*", 503).times(2);

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            statuses.add(get("/tarballs/mime-1.6.0.tar").statusCode());
        }

        assertThat(statuses).containsExactly(503, 503, 200);
        assertThat(rule.hits()).isEqualTo(2);
        assertThat(rule.active()).isFalse();
        assertThat(get("/packages/mime").statusCode()).as("prefix does not match packages/").isEqualTo(200);
        assertThat(server.requestLog()).extracting(RequestLogEntry::status).containsExactly(503, 503, 200, 200);
    }

    @Test
    void statusFaultWithoutALimitAppliesForeverUntilCleared() throws Exception {
        server.faults().status("*", 500);

        assertThat(get("/names").statusCode()).isEqualTo(500);
        assertThat(get("/packages/plug").statusCode()).isEqualTo(500);
        assertThat(get("/names").statusCode()).isEqualTo(500);

        server.faults().clear();

        assertThat(get("/names").statusCode()).isEqualTo(200);
        assertThat(server.faults().rules()).isEmpty();
    }

    @Test
    void dropConnectionFaultClosesWithoutAResponse() throws Exception {
        FaultRule rule = server.faults().dropConnection("/names").times(2);

        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write("GET /names HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(US_ASCII));
            assertThat(socket.getInputStream().readAllBytes()).as("nothing before the close").isEmpty();
        }
        RawResponse afterwards = raw("/names");
        RawResponse other = raw("//names");

        assertThat(rule.hits()).isEqualTo(2);
        assertThat(afterwards.status()).isZero();
        assertThat(other.status()).isEqualTo(200);
        assertThat(server.requestLog()).extracting(RequestLogEntry::status).containsExactly(0, 0, 200);
    }

    @Test
    void httpClientSeesADroppedConnectionAsAnIoError() {
        // java.net.http retries a GET once when the connection closes before a response: drop every time.
        FaultRule rule = server.faults().dropConnection("names");

        assertThatThrownBy(() -> get("/names")).isInstanceOf(IOException.class);
        assertThat(rule.hits()).isPositive();
    }

    @Test
    void slowFaultDelaysTheResponse() throws Exception {
        server.faults().slow("packages/plug", Duration.ofMillis(300)).once();

        long start = System.nanoTime();
        HttpResponse<byte[]> response = get("/packages/plug");
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void slowFaultTripsAClientTimeout() {
        server.faults().slow("packages/plug", Duration.ofSeconds(3));
        HttpRequest request = HttpRequest.newBuilder(server.uri("packages/plug")).timeout(Duration.ofMillis(200)).build();

        assertThatThrownBy(() -> http.send(request, HttpResponse.BodyHandlers.ofByteArray()))
                .isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void stallFaultPausesInTheMiddleOfTheBody() throws Exception {
        server.faults().stall("tarballs/plug-1.10.4.tar", Duration.ofMillis(300));

        long start = System.nanoTime();
        HttpResponse<byte[]> response = get("/tarballs/plug-1.10.4.tar");
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(response.body()).isEqualTo(repo.file("tarballs/plug-1.10.4.tar").orElseThrow());
        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void olderRulesWinAndExhaustedOnesStepAside() throws Exception {
        server.faults().status("names", 502).once();
        server.faults().status("names", 503).once();

        assertThat(List.of(get("/names").statusCode(), get("/names").statusCode(), get("/names").statusCode()))
                .containsExactly(502, 503, 200);
    }

    @Test
    void servesConcurrentRequests() throws Exception {
        for (int i = 0; i < 20; i++) {
            repo.release("pkg" + i, "1.0." + i).dependsOn("mime", "~> 1.0").publish();
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<HttpResponse<byte[]>>> responses = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String path = "/tarballs/pkg" + i + "-1.0." + i + ".tar";
                responses.add(pool.submit(() -> get(path)));
                responses.add(pool.submit(() -> get("/packages/pkg" + path.charAt(13))));
            }
            for (Future<HttpResponse<byte[]>> response : responses) {
                assertThat(response.get().statusCode()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < 20; i++) {
            Release release = reader.readPackage("pkg" + i, get("/packages/pkg" + i).body()).getReleases(0);
            byte[] tarball = get("/tarballs/pkg" + i + "-1.0." + i + ".tar").body();
            assertThat(java.util.HexFormat.of().formatHex(release.getOuterChecksum().toByteArray()))
                    .isEqualTo(Archives.sha256Hex(tarball).toLowerCase(Locale.ROOT));
        }
    }

    @Test
    void closedServerRefusesConnections() {
        URI uri = server.uri("names");
        server.close();

        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()))
                .isInstanceOf(IOException.class);
    }
}
