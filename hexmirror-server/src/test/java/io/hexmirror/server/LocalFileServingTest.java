package io.hexmirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.storage.ForwardingStorage;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.StorageCapability;
import io.hexmirror.storage.WriteOptions;
import io.hexmirror.storage.fs.FileSystemStorage;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store of local files has its files sent from the file itself: the responses (status, headers,
 * bytes) are exactly those of the same files streamed from a store without local files, for whole
 * files, ranges, HEAD, conditional requests and files larger than one chunk.
 */
class LocalFileServingTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String SMALL = "tarballs/decimal-2.0.0.tar";
    private static final String LARGE = "tarballs/big-1.0.0.tar";
    private static final String PACKAGE = "packages/decimal";
    /** Headers that must be the same both ways (Date aside, which moves with the clock). */
    private static final List<String> COMPARED_HEADERS = List.of("content-length", "content-type", "content-range", "etag",
            "last-modified", "cache-control", "accept-ranges", "x-content-type-options");

    @TempDir
    Path dir;

    private FileSystemStorage files;
    private ReadCountingStorage counting;
    private StreamingStorage streaming;
    private MirrorServer fromFiles;
    private MirrorServer fromStreams;
    private byte[] small;
    private byte[] large;

    @BeforeEach
    void start() throws IOException {
        files = FileSystemStorage.open(dir.resolve("mirror"), false);
        small = random(5_000, 1);
        large = random(3 * FileChannelBody.CHUNK_BYTES + 12_345, 2);
        files.write(SMALL, small, WriteOptions.defaults());
        files.write(LARGE, large, WriteOptions.defaults());
        files.write(PACKAGE, random(700, 3), WriteOptions.defaults());
        counting = new ReadCountingStorage(files, true);
        streaming = new StreamingStorage(files);
        // No memory cache: every body comes from the storage.
        fromFiles = MirrorServer.builder(counting).port(0).accessLog(null).memoryCache(0).build();
        fromStreams = MirrorServer.builder(streaming).port(0).accessLog(null).memoryCache(0).build();
        fromFiles.start();
        fromStreams.start();
    }

    @AfterEach
    void stop() throws IOException {
        fromFiles.stop();
        fromStreams.stop();
        files.close();
    }

    @Test
    void wholeFilesRangesHeadAndConditionalsAreAnsweredAsFromAStream() throws Exception {
        String smallEtag = '"' + MirrorFixture.sha256(small) + '"';
        List<Request> requests = List.of(
                new Request("GET", SMALL), new Request("GET", LARGE), new Request("GET", PACKAGE),
                new Request("HEAD", SMALL), new Request("HEAD", LARGE),
                new Request("GET", SMALL, "Range", "bytes=100-199"),
                new Request("GET", SMALL, "Range", "bytes=-10"),
                new Request("GET", SMALL, "Range", "bytes=4990-"),
                new Request("GET", LARGE, "Range", "bytes=" + (FileChannelBody.CHUNK_BYTES - 5) + "-" + (2 * FileChannelBody.CHUNK_BYTES + 5)),
                new Request("GET", SMALL, "Range", "bytes=9000-"),
                new Request("GET", SMALL, "If-None-Match", smallEtag),
                new Request("GET", SMALL, "If-Match", "\"other\""),
                new Request("GET", SMALL, "Range", "bytes=0-9", "If-Range", "\"other\""),
                new Request("GET", "tarballs/missing-1.0.0.tar"));

        assertThat(counting.capabilities()).contains(StorageCapability.LOCAL_FILES);
        assertThat(streaming.capabilities()).doesNotContain(StorageCapability.LOCAL_FILES);
        for (Request request : requests) {
            HttpResponse<byte[]> fromFile = send(fromFiles, request);
            HttpResponse<byte[]> fromStream = send(fromStreams, request);
            assertThat(fromFile.statusCode()).as("status of %s", request).isEqualTo(fromStream.statusCode());
            assertThat(fromFile.body()).as("body of %s", request).isEqualTo(fromStream.body());
            for (String header : COMPARED_HEADERS) {
                assertThat(fromFile.headers().allValues(header)).as("%s of %s", header, request)
                        .isEqualTo(fromStream.headers().allValues(header));
            }
        }
        // The figures themselves, not only their agreement:
        HttpResponse<byte[]> whole = send(fromFiles, new Request("GET", LARGE));
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(large);
        HttpResponse<byte[]> range = send(fromFiles, new Request("GET", SMALL, "Range", "bytes=100-199"));
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(Arrays.copyOfRange(small, 100, 200));
        assertThat(range.headers().firstValue("Content-Range")).contains("bytes 100-199/5000");
        assertThat(send(fromFiles, new Request("GET", SMALL, "If-None-Match", smallEtag)).statusCode()).isEqualTo(304);
    }

    @Test
    void theBodyComesFromTheFileNotFromAStream() throws Exception {
        for (int i = 0; i < 4; i++) {
            HttpResponse<byte[]> response = send(fromFiles, new Request("GET", LARGE));
            assertThat(response.body()).isEqualTo(large);
        }

        assertThat(counting.localFiles.get()).as("files opened by four requests").isEqualTo(4);
        assertThat(counting.reads.get()).as("streams read").isZero();
        assertThat(fromFiles.objectCache().readings()).as("readings of the file for its ETag").isEqualTo(1);
    }

    @Test
    void aPlainGetOpensTheFileWithoutAStatAndAConditionalOneStatsWithoutOpening() throws Exception {
        String etag = send(fromFiles, new Request("GET", LARGE)).headers().firstValue("ETag").orElseThrow();
        int stats = counting.stats.get();
        int opened = counting.localFiles.get();

        assertThat(send(fromFiles, new Request("GET", LARGE)).body()).isEqualTo(large);
        assertThat(counting.stats.get() - stats).as("stats for a plain GET").isZero();
        assertThat(counting.localFiles.get() - opened).as("files opened for a plain GET").isEqualTo(1);

        assertThat(send(fromFiles, new Request("GET", LARGE, "If-None-Match", etag)).statusCode()).isEqualTo(304);
        assertThat(send(fromFiles, new Request("HEAD", LARGE)).statusCode()).isEqualTo(200);
        assertThat(counting.stats.get() - stats).as("stats for a conditional GET and a HEAD").isEqualTo(2);
        assertThat(counting.localFiles.get() - opened).as("files opened for them").isEqualTo(1);
    }

    @Test
    void aFileLargerThanJettysDefaultBuffersIsSentFromABufferThePoolKeeps() throws Exception {
        // Larger than the 64 KiB Jetty's default pool keeps, within one chunk: read into one buffer.
        byte[] oneChunk = random(FileChannelBody.CHUNK_BYTES - 1_000, 5);
        files.write("tarballs/chunk-1.0.0.tar", oneChunk, WriteOptions.defaults());
        ArrayByteBufferPool pool = (ArrayByteBufferPool) fromFiles.byteBufferPool();

        for (int i = 0; i < 3; i++) {
            assertThat(send(fromFiles, new Request("GET", "tarballs/chunk-1.0.0.tar")).body()).isEqualTo(oneChunk);
        }

        // The server gives a buffer back once its write has completed, which may be just after the client has
        // read the last byte: wait a moment for it.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (pool.getAvailableDirectMemory() < oneChunk.length && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(pool.getAvailableDirectMemory()).as("direct memory the pool keeps for the next request")
                .isGreaterThanOrEqualTo(oneChunk.length);
    }

    @Test
    void aSmallFileEvictedFromMemoryIsSentFromItsFileWithoutBeingHashedAgain() throws Exception {
        MirrorServer tiny = MirrorServer.builder(counting).port(0).accessLog(null).memoryCache(6_000).build();
        tiny.start();
        try {
            // The two files do not fit in the cache together: each request evicts the other file.
            byte[] other = random(5_000, 4);
            files.write("tarballs/other-1.0.0.tar", other, WriteOptions.defaults());
            for (int i = 0; i < 3; i++) {
                assertThat(send(tiny, new Request("GET", SMALL)).body()).isEqualTo(small);
                assertThat(send(tiny, new Request("GET", "tarballs/other-1.0.0.tar")).body()).isEqualTo(other);
            }
            assertThat(tiny.objectCache().readings()).as("readings: each file read (and hashed) once, when first asked for")
                    .isEqualTo(2);
            assertThat(send(tiny, new Request("GET", SMALL)).headers().firstValue("ETag"))
                    .contains('"' + MirrorFixture.sha256(small) + '"');
        } finally {
            tiny.stop();
        }
    }

    private static HttpResponse<byte[]> send(MirrorServer server, Request request) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(server.uri().resolve(request.key()))
                .method(request.method(), HttpRequest.BodyPublishers.noBody());
        if (request.headers().length > 0) {
            builder.headers(request.headers());
        }
        return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private record Request(String method, String key, String... headers) {
        @Override
        public String toString() {
            return method + " " + key + " " + Arrays.toString(headers);
        }
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** The same files through streams only: a forwarding store hands out no local files. */
    private static final class StreamingStorage extends ForwardingStorage {
        StreamingStorage(Storage delegate) {
            super(delegate);
        }
    }
}
