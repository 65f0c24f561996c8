package io.hexmirror.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.storage.WriteOptions;
import io.hexmirror.storage.fs.FileSystemStorage;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The background sync: scheduling, outcomes on the home page, serving through failures. */
class BackgroundSyncTest {
    @TempDir
    Path dir;

    private MirrorFixture mirror;
    private FileSystemStorage storage;
    private MirrorServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    /** What the next runs do: a SyncOutcome to return, an Exception or Error to throw, a Runnable to run first. */
    private final BlockingQueue<Object> script = new LinkedBlockingQueue<>();

    private final SyncJob scripted = () -> {
        Object next = script.take();
        if (next instanceof Runnable action) {
            action.run();
            next = script.take();
        }
        if (next instanceof Exception e) {
            throw e;
        }
        if (next instanceof Error e) {
            throw e;
        }
        return (SyncOutcome) next;
    };

    @BeforeEach
    void setUp() throws IOException {
        mirror = MirrorFixture.create(dir);
        storage = mirror.storage();
    }

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.stop(Duration.ofSeconds(1));
        }
    }

    private void start(SyncJob job, Duration interval) throws IOException {
        server = MirrorServer.builder(storage).port(0).accessLog(null).syncJob(job, interval).build();
        server.start();
    }

    private String homePage() throws Exception {
        return http.send(HttpRequest.newBuilder(server.uri()).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private HttpResponse<byte[]> get(String key) throws Exception {
        return http.send(HttpRequest.newBuilder(server.uri().resolve(key)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Waits (bounded) for the status to satisfy the condition; fails with the last status otherwise. */
    private SyncStatus awaitStatus(Predicate<SyncStatus> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        SyncStatus status = server.syncStatus().orElseThrow();
        while (!condition.test(status)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("sync status never reached the expected state: " + status);
            }
            Thread.sleep(5);
            status = server.syncStatus().orElseThrow();
        }
        return status;
    }

    @Test
    void firstRunAtStartAndItsOutcomeShowOnTheHomePage() throws Exception {
        script.add(SyncOutcome.of("3 packages updated, 5 tarballs fetched"));
        start(scripted, Duration.ofHours(1));

        SyncStatus status = awaitStatus(s -> s.runs() == 1 && !s.running());

        assertThat(status.lastSuccess()).get().extracting(SyncStatus.Run::message).isEqualTo("3 packages updated, 5 tarballs fetched");
        assertThat(status.failing()).isFalse();
        assertThat(homePage()).contains("Last successful sync: ").contains("3 packages updated, 5 tarballs fetched")
                .doesNotContain("FAILED");
    }

    @Test
    void failedRunIsShownAndTheLastGoodStateIsStillServed() throws Exception {
        script.add(SyncOutcome.of("initial sync"));
        start(scripted, Duration.ofHours(1));
        awaitStatus(s -> s.runs() == 1 && !s.running());

        script.add(new IOException("upstream https://repo.hex.pm/names: connection refused"));
        SyncStatus failed = server.syncNow().get(10, TimeUnit.SECONDS);

        assertThat(failed.failing()).isTrue();
        assertThat(failed.runs()).isEqualTo(2);
        assertThat(failed.lastFailure()).get().extracting(SyncStatus.Run::message)
                .isEqualTo("upstream https://repo.hex.pm/names: connection refused");
        assertThat(homePage()).contains("Last sync FAILED at ").contains("upstream https://repo.hex.pm/names: connection refused")
                .contains("still serves the last good state").contains("initial sync");
        HttpResponse<byte[]> names = get("names");
        assertThat(names.statusCode()).isEqualTo(200);
        assertThat(names.body()).isEqualTo(mirror.get("names"));

        script.add(SyncOutcome.of("recovered"));
        SyncStatus recovered = server.syncNow().get(10, TimeUnit.SECONDS);

        assertThat(recovered.failing()).isFalse();
        assertThat(homePage()).doesNotContain("FAILED").contains("recovered").contains("Last failed sync: ");
    }

    @Test
    void runtimeExceptionsAndErrorsAreRecordedWithoutStoppingTheSchedule() throws Exception {
        script.add(new IllegalStateException());
        start(scripted, Duration.ofMillis(20));
        // The next run starts 20 ms later and waits for the script, so wait on the run count only.
        SyncStatus first = awaitStatus(s -> s.runs() == 1);
        assertThat(first.lastFailure()).get().extracting(SyncStatus.Run::message).isEqualTo("java.lang.IllegalStateException");

        script.add(new StackOverflowError("deep recursion in the job"));
        SyncStatus second = awaitStatus(s -> s.runs() == 2);
        assertThat(second.lastFailure()).get().extracting(SyncStatus.Run::message).isEqualTo("deep recursion in the job");

        script.add(SyncOutcome.of("scheduled again"));
        SyncStatus third = awaitStatus(s -> s.runs() == 3);
        assertThat(third.failing()).isFalse();
    }

    @Test
    void runsRepeatEveryIntervalAndNeverOverlap() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        AtomicInteger runs = new AtomicInteger();
        SyncJob job = () -> {
            maxConcurrent.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(5);
                return SyncOutcome.of("run " + runs.incrementAndGet());
            } finally {
                running.decrementAndGet();
            }
        };
        start(job, Duration.ofMillis(10));

        awaitStatus(s -> s.runs() >= 3);
        server.syncNow().get(10, TimeUnit.SECONDS);

        assertThat(runs.get()).isGreaterThanOrEqualTo(4);
        assertThat(maxConcurrent.get()).isEqualTo(1);
    }

    @Test
    void filesRepublishedBySyncAreServedWithTheirNewEtag() throws Exception {
        script.add(SyncOutcome.of("initial"));
        start(scripted, Duration.ofHours(1));
        awaitStatus(s -> s.runs() == 1 && !s.running());
        HttpResponse<byte[]> before = get("packages/decimal");
        String oldEtag = before.headers().firstValue("ETag").orElseThrow();

        byte[] republished = "republished package file with a different length".getBytes(StandardCharsets.UTF_8);
        script.add((Runnable) () -> {
            try {
                storage.write("packages/decimal", republished, WriteOptions.defaults());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        script.add(SyncOutcome.of("decimal republished"));
        server.syncNow().get(10, TimeUnit.SECONDS);

        HttpResponse<byte[]> after = get("packages/decimal");
        assertThat(after.body()).isEqualTo(republished);
        assertThat(after.headers().firstValue("ETag")).get().isEqualTo('"' + MirrorFixture.sha256(republished) + '"')
                .isNotEqualTo(oldEtag);
    }

    @Test
    void syncNowNeedsASyncJob() throws Exception {
        // With the default access log, to SLF4J.
        server = MirrorServer.builder(storage).port(0).build();
        server.start();

        assertThat(server.syncStatus()).isEmpty();
        assertThatThrownBy(server::syncNow).isInstanceOf(IllegalStateException.class).hasMessage("this server has no sync job");
        assertThat(homePage()).doesNotContain("Sync");
    }
}
