package io.hexmirror.it;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.VerificationException;
import io.hexmirror.registry.proto.Package;
import io.hexmirror.registry.proto.Release;
import io.hexmirror.testkit.clients.Rebar3;
import io.hexmirror.testkit.clients.Rebar3Project;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hexmirror serve} as users run it: the shaded jar as a separate JVM process (run by the
 * failsafe plugin after {@code package}), stopped with SIGTERM.
 *
 * <p>Exit status on SIGTERM: 143 (128 + SIGTERM), after the shutdown hook has stopped the server
 * gracefully. It is deterministic: {@code main}'s own {@code System.exit(0)} after the server stops
 * blocks while the signal's shutdown is under way (see {@link Runtime#exit}). A systemd unit should
 * say {@code SuccessExitStatus=143}.
 */
class ServeCommandIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final int SIGTERM_EXIT = 143;

    @TempDir
    Path tmp;

    private SyncFixture fixture;
    private HexmirrorProcess hexmirror;

    @BeforeEach
    void upstream() throws Exception {
        fixture = new SyncFixture(Files.createDirectories(tmp.resolve("mirror")));
        DependencyTree.publishTo(fixture.upstream);
    }

    @AfterEach
    void stop() throws Exception {
        if (hexmirror != null) {
            hexmirror.close();
        }
        fixture.close();
    }

    @Test
    void servesASyncedMirrorToRebar3() throws Exception {
        fixture.sync();
        hexmirror = HexmirrorProcess.start(tmp.resolve("logs"), List.of("serve", "--port", "0", fixture.mirrorDir.toString()));
        URI mirror = hexmirror.awaitServing();

        Rebar3Project project = Rebar3.locate().project(tmp.resolve("client"))
                .hexRepository(URI.create(mirror.toString().replaceFirst("/$", "")), fixture.upstream.publicKeyPem())
                .dependency(DependencyTree.ROOT, DependencyTree.ROOT_REQUIREMENT);
        project.getDeps().requireSuccess();

        assertThat(project.lockedVersions()).isEqualTo(DependencyTree.LOCKED);
        hexmirror.terminate();
        assertThat(hexmirror.awaitExit(Duration.ofSeconds(20))).isEqualTo(SIGTERM_EXIT);
        // The access log (NCSA format, on standard error with the rest of the log) has every download.
        for (String tarball : DependencyTree.lockedTarballs()) {
            assertThat(hexmirror.log()).contains("\"GET /" + tarball + " HTTP/1.1\" 200 ");
        }
        // Where it listens is said once, by hexmirror, not again by the HTTP server's own start-up lines.
        String port = ":" + mirror.getPort();
        assertThat(hexmirror.output().lines().filter(line -> line.contains(port) && !line.contains("\"GET ")))
                .as(hexmirror.output()).singleElement().asString().startsWith("hexmirror: serving ");
    }

    @Test
    void aSymlinkedDirectoryLeavingTheMirrorIsNotFoundAndNoAnswerNamesAPath() throws Exception {
        fixture.sync();
        Path outside = Files.createDirectories(tmp.resolve("outside-the-mirror"));
        for (String file : List.of("secret-1.0.0.tar", "secret-1.0.0.tar.gz", "secret")) {
            Files.writeString(outside.resolve(file), "secret of the host");
        }
        // A whole area of the mirror, and a directory inside one, linked to somewhere outside it.
        Files.createSymbolicLink(fixture.mirrorDir.resolve("docs"), outside);
        Files.createSymbolicLink(fixture.mirrorDir.resolve("tarballs/leak"), outside);
        hexmirror = HexmirrorProcess.start(tmp.resolve("logs"), List.of("serve", "--port", "0", fixture.mirrorDir.toString()));
        URI mirror = hexmirror.awaitServing();

        for (String path : List.of("docs/secret-1.0.0.tar.gz", "tarballs/leak/secret-1.0.0.tar", "tarballs/leak/secret")) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(mirror.resolve(path)).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.body()).as(path).doesNotContain(tmp.toString()).doesNotContain("outside-the-mirror")
                    .doesNotContain("secret of the host");
        }
        HttpResponse<String> genuine = HTTP.send(HttpRequest.newBuilder(mirror.resolve("names")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(genuine.statusCode()).as("the rest of the mirror is served").isEqualTo(200);
    }

    @Test
    void sigtermLetsADownloadInFlightFinishWholeAndRefusesNewConnections() throws Exception {
        // 64 MiB: far more than the socket buffers hold, so the download is still in flight when the
        // signal arrives while this client pauses reading.
        byte[] big = new byte[64 * 1024 * 1024];
        new Random(7).nextBytes(big);
        Path tarballs = Files.createDirectories(fixture.mirrorDir.resolve("tarballs"));
        Files.write(tarballs.resolve("big-1.0.0.tar"), big);
        hexmirror = HexmirrorProcess.start(tmp.resolve("logs"), List.of("serve", "--port", "0", fixture.mirrorDir.toString()));
        URI mirror = hexmirror.awaitServing();

        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(16 * 1024);
            socket.connect(new InetSocketAddress(mirror.getHost(), mirror.getPort()), 5_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /tarballs/big-1.0.0.tar HTTP/1.1\r\nHost: " + mirror.getAuthority() + "\r\n\r\n").getBytes(ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 200 ").containsIgnoringCase("Content-Length: " + big.length);
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            long received = copy(in, digest, 1024 * 1024);

            hexmirror.terminate();
            awaitConnectionRefused(mirror.getPort());
            assertThat(hexmirror.isAlive()).as("still finishing the download in flight").isTrue();
            received += copy(in, digest, Long.MAX_VALUE);

            assertThat(received).as("the whole body").isEqualTo(big.length);
            assertThat(HexFormat.of().formatHex(digest.digest()))
                    .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(big)));
        }
        assertThat(hexmirror.awaitExit(Duration.ofSeconds(20))).as(hexmirror.output()).isEqualTo(SIGTERM_EXIT);
        assertThat(hexmirror.log()).contains("Server stopped");
    }

    @Test
    void backgroundSyncBringsNewReleasesAndAFailingUpstreamLeavesTheLastGoodState() throws Exception {
        Path key = tmp.resolve("upstream_key.pem");
        Files.writeString(key, fixture.upstream.publicKeyPem());
        hexmirror = HexmirrorProcess.start(tmp.resolve("logs"), List.of("serve", "--port", "0", "--sync-interval", "1s",
                "--upstream", fixture.server.baseUri().toString(), "--upstream-key", key.toString(), "--retries", "0",
                fixture.mirrorDir.toString()));
        URI mirror = hexmirror.awaitServing();

        await(mirror, "packages/web", r -> r.statusCode() == 200, "the first sync at start");
        assertThat(versionsOf("web", get(mirror, "packages/web"))).containsExactly("0.1.0");

        fixture.upstream.release("web", "0.2.0").dependsOn("plug", "~> 1.10").publish();
        // Tarballs go in before the package file that lists them (after their batch sync): await the package file.
        await(mirror, "packages/web", r -> lists(r, "web", "0.2.0"), "a new release after the interval");
        assertThat(versionsOf("web", get(mirror, "packages/web"))).containsExactly("0.1.0", "0.2.0");
        assertThat(get(mirror, "tarballs/web-0.2.0.tar").body())
                .isEqualTo(fixture.upstream.file("tarballs/web-0.2.0.tar").orElseThrow());

        // Upstream now serves registry files that fail verification.
        fixture.server.faults().badSignature("versions");
        fixture.server.faults().badSignature("names");
        fixture.upstream.release("web", "0.3.0").dependsOn("plug", "~> 1.10").publish();
        HttpResponse<byte[]> home = await(mirror, "", r -> text(r).contains("Last sync FAILED"), "the failure on the home page");

        assertThat(text(home)).contains("still serves the last good state");
        assertThat(hexmirror.log()).contains("Sync failed");
        assertThat(get(mirror, "tarballs/web-0.3.0.tar").statusCode()).isEqualTo(404);
        assertThat(versionsOf("web", get(mirror, "packages/web"))).containsExactly("0.1.0", "0.2.0");
        assertThat(get(mirror, "tarballs/web-0.2.0.tar").statusCode()).isEqualTo(200);

        // Once upstream recovers, the next run catches up and the failure notice goes.
        fixture.server.faults().clear();
        await(mirror, "tarballs/web-0.3.0.tar", r -> r.statusCode() == 200, "the release after recovery");
        await(mirror, "", r -> !text(r).contains("Last sync FAILED"), "the failure notice gone");

        hexmirror.terminate();
        assertThat(hexmirror.awaitExit(Duration.ofSeconds(20))).as(hexmirror.output()).isEqualTo(SIGTERM_EXIT);
    }

    private List<String> versionsOf(String name, HttpResponse<byte[]> packageFile) throws Exception {
        assertThat(packageFile.statusCode()).isEqualTo(200);
        Package decoded = fixture.upstream.reader().readPackage(name, packageFile.body());
        return decoded.getReleasesList().stream().map(Release::getVersion).toList();
    }

    /** Whether the answer is a package file listing the version. */
    private boolean lists(HttpResponse<byte[]> packageFile, String name, String version) {
        if (packageFile.statusCode() != 200) {
            return false;
        }
        try {
            return fixture.upstream.reader().readPackage(name, packageFile.body()).getReleasesList().stream()
                    .anyMatch(release -> release.getVersion().equals(version));
        } catch (VerificationException e) {
            return false;
        }
    }

    private static HttpResponse<byte[]> get(URI mirror, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(mirror.resolve(path)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    /** Polls {@code path} until the response satisfies {@code condition}; at most 30 seconds. */
    private HttpResponse<byte[]> await(URI mirror, String path, Predicate<HttpResponse<byte[]>> condition, String what)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        HttpResponse<byte[]> response = get(mirror, path);
        while (!condition.test(response)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never saw " + what + " at /" + path + " (last: " + response.statusCode() + " "
                        + text(response) + ")" + hexmirror.output());
            }
            Thread.sleep(100);
            response = get(mirror, path);
        }
        return response;
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("connection closed in the response head: " + head);
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private static long copy(InputStream in, MessageDigest digest, long limit) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        while (total < limit) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - total));
            if (n < 0) {
                break;
            }
            digest.update(buffer, 0, n);
            total += n;
        }
        return total;
    }

    private static void awaitConnectionRefused(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            } catch (IOException refused) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("port " + port + " still accepts connections 10 s after SIGTERM");
    }
}
