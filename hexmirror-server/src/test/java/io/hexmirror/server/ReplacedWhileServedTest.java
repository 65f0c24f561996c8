package io.hexmirror.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.storage.ForwardingStorage;
import io.hexmirror.storage.ObjectWrite;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.WriteOptions;
import io.hexmirror.storage.fs.FileSystemStorage;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file replaced between the server's look at it and its read (a sync updating a package file while
 * a client fetches it) goes out whole in one version, never as new bytes under the old length.
 */
class ReplacedWhileServedTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    @Test
    void aFileReplacedJustBeforeItIsReadIsServedWholeInItsNewVersion() throws Exception {
        byte[] old = "old package file".getBytes(UTF_8);
        byte[] replacement = "the new package file, with one more release in it".getBytes(UTF_8);
        try (FileSystemStorage fs = FileSystemStorage.open(dir.resolve("mirror"), false)) {
            fs.write("packages/decimal", old, WriteOptions.defaults());
            ReplacingStorage storage = new ReplacingStorage(fs, "packages/decimal", replacement, 1);
            try (MirrorServer server = MirrorServer.builder(storage).port(0).build()) {
                server.start();

                HttpResponse<byte[]> response = get(server, "packages/decimal");

                assertThat(storage.replacements).as("replaced between the stat and the read").hasValue(1);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo(replacement);
                assertThat(response.headers().firstValue("Content-Length")).contains(String.valueOf(replacement.length));
                assertThat(response.headers().firstValue("ETag")).contains("\"" + MirrorFixture.sha256(replacement) + "\"");
            }
        }
    }

    @Test
    void aFileThatKeepsChangingIsRefusedWith503RatherThanServedTorn() throws Exception {
        try (FileSystemStorage fs = FileSystemStorage.open(dir.resolve("mirror"), false)) {
            fs.write("packages/decimal", "version 0".getBytes(UTF_8), WriteOptions.defaults());
            ReplacingStorage storage = new ReplacingStorage(fs, "packages/decimal", null, Integer.MAX_VALUE);
            // Without the memory cache, so the file is streamed from storage (as large files always are).
            try (MirrorServer server = MirrorServer.builder(storage).port(0).memoryCache(0).build()) {
                server.start();

                HttpResponse<byte[]> response = get(server, "packages/decimal");

                assertThat(response.statusCode()).isEqualTo(503);
                assertThat(response.headers().firstValue("Retry-After")).contains("1");
                assertThat(new String(response.body(), UTF_8)).contains("'packages/decimal' kept changing");
                assertThat(storage.replacements.get()).as("replacements (the ETag hashing reads it too)").isGreaterThanOrEqualTo(3);
            }
        }
    }

    private static HttpResponse<byte[]> get(MirrorServer server, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(server.uri().resolve(path)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /**
     * Replaces one object each time it is opened for reading, before the read, up to a number of
     * times: with fixed content, or (content null) with a new version of another length each time.
     */
    private static final class ReplacingStorage extends ForwardingStorage {
        private final String key;
        private final byte[] content;
        private final int times;
        final AtomicInteger replacements = new AtomicInteger();

        ReplacingStorage(Storage delegate, String key, byte[] content, int times) {
            super(delegate);
            this.key = key;
            this.content = content;
            this.times = times;
        }

        @Override
        public InputStream read(String k) throws IOException {
            if (k.equals(key) && replacements.get() < times) {
                int n = replacements.incrementAndGet();
                delegate().write(k, content != null ? content : ("version " + "1".repeat(n)).getBytes(UTF_8), WriteOptions.defaults());
            }
            return delegate().read(k);
        }

        @Override
        public ObjectWrite write(String k, WriteOptions options) throws IOException {
            return delegate().write(k, options);
        }

    }
}
