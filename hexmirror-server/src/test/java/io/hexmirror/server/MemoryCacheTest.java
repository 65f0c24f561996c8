package io.hexmirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.storage.fs.FileSystemStorage;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The memory cache of small files: fewer storage reads, never a stale or mixed response. */
class MemoryCacheTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TARBALL = "tarballs/decimal-2.0.0.tar";

    @TempDir
    Path dir;

    private MirrorServer server;
    private ReadCountingStorage storage;

    private void start(long memoryCache) throws IOException {
        storage = new ReadCountingStorage(FileSystemStorage.open(dir, false), false);
        server = MirrorServer.builder(storage).port(0).accessLog(null).memoryCache(memoryCache).build();
        server.start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private HttpResponse<byte[]> get(String key, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri().resolve(key));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private void write(String key, byte[] content, Instant mtime) throws IOException {
        Path file = dir.resolve(key);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        Files.setLastModifiedTime(file, FileTime.from(mtime));
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void aSmallFileIsReadFromTheStorageOnceAndThenServedFromMemory() throws Exception {
        byte[] content = random(50_000, 1);
        write(TARBALL, content, Instant.parse("2024-01-01T00:00:00Z"));
        start(MirrorServer.DEFAULT_MEMORY_CACHE_BYTES);

        for (int i = 0; i < 3; i++) {
            HttpResponse<byte[]> response = get(TARBALL);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(content);
            assertThat(response.headers().firstValue("ETag")).contains('"' + MirrorFixture.sha256(content) + '"');
        }
        HttpResponse<byte[]> range = get(TARBALL, "Range", "bytes=100-199");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(Arrays.copyOfRange(content, 100, 200));

        assertThat(storage.reads.get()).as("storage reads").isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {50_000, 49_000})
    void aFileReplacedAfterItWasServedIsServedNewWithItsNewEtag(int newSize) throws Exception {
        byte[] before = random(50_000, 1);
        byte[] after = random(newSize, 2);
        write(TARBALL, before, Instant.parse("2024-01-01T00:00:00Z"));
        start(MirrorServer.DEFAULT_MEMORY_CACHE_BYTES);
        String oldEtag = get(TARBALL).headers().firstValue("ETag").orElseThrow();

        write(TARBALL, after, Instant.parse("2024-01-01T00:00:01Z"));
        HttpResponse<byte[]> response = get(TARBALL, "If-None-Match", oldEtag);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(after);
        assertThat(response.headers().firstValue("ETag")).contains('"' + MirrorFixture.sha256(after) + '"');
        assertThat(response.headers().firstValue("Last-Modified")).contains("Mon, 01 Jan 2024 00:00:01 GMT");
    }

    @Test
    void filesOverOneMebibyteAreStreamedFromTheStorageEachTime() throws Exception {
        byte[] content = random(2 * 1024 * 1024 + 17, 3);
        write(TARBALL, content, Instant.parse("2024-01-01T00:00:00Z"));
        start(MirrorServer.DEFAULT_MEMORY_CACHE_BYTES);

        assertThat(get(TARBALL).body()).isEqualTo(content);
        assertThat(get(TARBALL, "Range", "bytes=-10").body()).isEqualTo(Arrays.copyOfRange(content, content.length - 10, content.length));
        assertThat(get(TARBALL).headers().firstValue("ETag")).contains('"' + MirrorFixture.sha256(content) + '"');

        // Hashed once (the ETag is remembered), then one read for each of the three bodies.
        assertThat(storage.reads.get()).isEqualTo(4);
    }

    @Test
    void aZeroSizeCacheReadsEveryResponseFromTheStorage() throws Exception {
        byte[] content = random(1_000, 4);
        write("packages/decimal", content, Instant.parse("2024-01-01T00:00:00Z"));
        start(0);

        for (int i = 0; i < 3; i++) {
            assertThat(get("packages/decimal").body()).isEqualTo(content);
        }
        // One read to hash it (the ETag is still remembered), then one per response.
        assertThat(storage.reads.get()).isEqualTo(4);
    }

    @Test
    void aCacheSmallerThanTheFilesServesThemAllCorrectly() throws Exception {
        byte[][] contents = new byte[5][];
        for (int i = 0; i < contents.length; i++) {
            contents[i] = random(10_000, 10 + i);
            write("packages/p" + i, contents[i], Instant.parse("2024-01-01T00:00:00Z"));
        }
        start(25_000);

        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < contents.length; i++) {
                HttpResponse<byte[]> response = get("packages/p" + i);
                assertThat(response.body()).isEqualTo(contents[i]);
                assertThat(response.headers().firstValue("ETag")).contains('"' + MirrorFixture.sha256(contents[i]) + '"');
            }
        }
    }
}
