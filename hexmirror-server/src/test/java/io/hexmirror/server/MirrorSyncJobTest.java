package io.hexmirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.HexMirror;
import io.hexmirror.MirrorOptions;
import io.hexmirror.mirror.MirrorLock;
import io.hexmirror.storage.fs.FileSystemStorage;
import io.hexmirror.testkit.upstream.FakeHexRepository;
import io.hexmirror.testkit.upstream.FakeUpstreamServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's background sync through {@link HexMirror}: a real upstream on loopback, a real mirror directory. */
class MirrorSyncJobTest {
    @TempDir
    Path dir;

    private FakeHexRepository repository;
    private FakeUpstreamServer upstream;
    private FileSystemStorage storage;
    private HexMirror mirror;
    private MirrorServer server;

    @BeforeEach
    void setUp() throws Exception {
        repository = FakeHexRepository.create().publish("mime", "2.0.0").publish("telemetry", "1.0.0");
        upstream = FakeUpstreamServer.start(repository);
        storage = FileSystemStorage.open(dir, false);
        mirror = HexMirror.open(storage, MirrorOptions.builder().upstream(upstream.baseUri())
                .upstreamKey(repository.publicKey()).environment(Map.of()).owner("hexmirror serve").build());
    }

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.stop(Duration.ofSeconds(1));
        }
        upstream.close();
    }

    private void start() throws Exception {
        server = MirrorServer.builder(storage).port(0).accessLog(null).syncFrom(mirror, Duration.ofHours(1)).build();
        server.start();
    }

    /** The run at start, waited for (bounded). */
    private SyncStatus firstRun() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        SyncStatus status = server.syncStatus().orElseThrow();
        while (status.runs() == 0 || status.running()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the first sync did not finish: " + status);
            }
            Thread.sleep(10);
            status = server.syncStatus().orElseThrow();
        }
        return status;
    }

    @Test
    void theFirstSyncFillsTheServedMirrorAndSaysWhatItDid() throws Exception {
        start();
        SyncStatus status = firstRun();

        assertThat(status.lastFailure()).isEmpty();
        assertThat(status.lastSuccess()).get().extracting(SyncStatus.Run::message).asString()
                .contains("2 packages added").contains("2 tarballs downloaded");
        HttpResponse<byte[]> tarball = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(server.uri().resolve("tarballs/mime-2.0.0.tar")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(tarball.statusCode()).isEqualTo(200);
    }

    @Test
    void aSyncThatFindsTheLockHeldFailsAndTheNextOneSucceeds() throws Exception {
        try (MirrorLock other = MirrorLock.acquire(storage, "hexmirror import")) {
            start();
            SyncStatus locked = server.syncNow().get();
            assertThat(locked.lastFailure()).get().extracting(SyncStatus.Run::message).asString().contains("hexmirror import");
            assertThat(locked.lastSuccess()).isEmpty();
        }
        SyncStatus after = server.syncNow().get();
        assertThat(after.lastSuccess()).isPresent();
        assertThat(storage.stat("names")).isPresent();
    }
}
