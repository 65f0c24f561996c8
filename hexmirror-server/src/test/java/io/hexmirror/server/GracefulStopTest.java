package io.hexmirror.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping: requests in flight finish, new connections are refused, and the grace period is bounded. */
class GracefulStopTest {
    private static final String TARBALL = "tarballs/decimal-2.0.0.tar";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void requestInFlightCompletesWhileNewConnectionsAreRefused() throws Exception {
        MirrorFixture mirror = MirrorFixture.create(dir);
        GatedStorage storage = new GatedStorage(mirror.storage(), 64 * 1024);
        MirrorServer server = MirrorServer.builder(storage).port(0).accessLog(null).build();
        server.start();
        int port = server.uri().getPort();
        // Also holds an idle keep-alive connection, which must not delay the stop.
        assertThat(http.send(HttpRequest.newBuilder(server.uri().resolve("names")).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode()).isEqualTo(200);

        CompletableFuture<HttpResponse<byte[]>> download = HttpClient.newHttpClient()
                .sendAsync(HttpRequest.newBuilder(server.uri().resolve(TARBALL)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(storage.reachedGate.await(10, TimeUnit.SECONDS)).as("download reached the gate").isTrue();

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> server.stop(Duration.ofSeconds(60)));
        awaitConnectionRefused(port);
        // The download is held at the gate, so the stop cannot have finished.
        assertThat(stopping).isNotDone();

        storage.gate.countDown();
        HttpResponse<byte[]> response = download.get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(mirror.get(TARBALL));
        assertThat(response.headers().firstValue("ETag")).get().isEqualTo('"' + MirrorFixture.sha256(mirror.get(TARBALL)) + '"');
        stopping.get(10, TimeUnit.SECONDS);
        server.join();
    }

    @Test
    void requestStillInFlightAfterTheGracePeriodIsCutOff() throws Exception {
        MirrorFixture mirror = MirrorFixture.create(dir);
        GatedStorage storage = new GatedStorage(mirror.storage(), 64 * 1024);
        MirrorServer server = MirrorServer.builder(storage).port(0).accessLog(null).build();
        server.start();
        try {
            CompletableFuture<HttpResponse<byte[]>> download = http.sendAsync(
                    HttpRequest.newBuilder(server.uri().resolve(TARBALL)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(storage.reachedGate.await(10, TimeUnit.SECONDS)).isTrue();

            server.stop(Duration.ofMillis(200));
            server.join();

            assertThatThrownBy(() -> download.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(IOException.class);
        } finally {
            storage.gate.countDown();
        }
    }

    @Test
    void stopIsIdempotentAndAStoppedServerCannotRestart() throws Exception {
        MirrorFixture mirror = MirrorFixture.create(dir);
        MirrorServer server = MirrorServer.builder(mirror.storage()).port(0).accessLog(null).build();
        server.start();

        server.stop();
        server.stop();
        server.close();
        server.join();

        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("already started");
    }

    @Test
    void portInUseIsAClearIoError() throws Exception {
        MirrorFixture mirror = MirrorFixture.create(dir);
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            MirrorServer server = MirrorServer.builder(mirror.storage()).port(taken.getLocalPort()).accessLog(null).build();

            assertThatThrownBy(server::start).isInstanceOf(IOException.class)
                    .hasMessageStartingWith("cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    private static void awaitConnectionRefused(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            } catch (ConnectException refused) {
                return;
            } catch (IOException other) {
                // keep trying until refused
            }
            Thread.sleep(10);
        }
        throw new AssertionError("port " + port + " still accepts connections during the stop");
    }
}
