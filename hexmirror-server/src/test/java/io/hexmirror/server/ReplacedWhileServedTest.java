package io.hexmirror.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.storage.ForwardingStorage;
import io.hexmirror.storage.LocalFile;
import io.hexmirror.storage.ObjectWrite;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.StorageCapability;
import io.hexmirror.storage.WriteOptions;
import io.hexmirror.storage.fs.FileSystemStorage;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"a plain GET", "a GET whose precondition holds"})
    void aLocalFileReplacedJustBeforeItIsOpenedIsServedWholeInItsNewVersion(String request) throws Exception {
        byte[] old = "old package file".getBytes(UTF_8);
        byte[] replacement = "the new package file, with one more release in it".getBytes(UTF_8);
        try (FileSystemStorage fs = FileSystemStorage.open(dir.resolve("mirror"), false)) {
            fs.write("packages/decimal", old, WriteOptions.defaults());
            ReplacingStorage storage = new ReplacingStorage(fs, "packages/decimal", replacement, 1, true);
            // No memory cache, so that the file is sent from its local file. A plain GET opens it first; a
            // conditional one looks at it, finds its precondition holds, and opens it to send it.
            try (MirrorServer server = MirrorServer.builder(storage).port(0).memoryCache(0).build()) {
                server.start();
                HttpRequest.Builder get = HttpRequest.newBuilder(server.uri().resolve("packages/decimal"));
                if (request.contains("precondition")) {
                    get.header("If-None-Match", "\"" + MirrorFixture.sha256("another version".getBytes(UTF_8)) + "\"");
                }

                HttpResponse<byte[]> response = HTTP.send(get.build(), HttpResponse.BodyHandlers.ofByteArray());

                assertThat(storage.replacements).as("replaced as it was opened").hasValue(1);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo(replacement);
                assertThat(response.headers().firstValue("Content-Length")).contains(String.valueOf(replacement.length));
                assertThat(response.headers().firstValue("ETag")).contains("\"" + MirrorFixture.sha256(replacement) + "\"");
            }
        }
    }

    private static HttpResponse<byte[]> get(MirrorServer server, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(server.uri().resolve(path)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /**
     * Replaces one object each time it is opened for reading, before the read, up to a number of
     * times: with fixed content, or (content null) with a new version of another length each time.
     * Either a store of streams, replacing at each stream opened, or (localFiles) a store of local
     * files passed through from the delegate, replacing at each local file opened.
     */
    private static final class ReplacingStorage extends ForwardingStorage {
        private final String key;
        private final byte[] content;
        private final int times;
        private final boolean localFiles;
        final AtomicInteger replacements = new AtomicInteger();

        ReplacingStorage(Storage delegate, String key, byte[] content, int times) {
            this(delegate, key, content, times, false);
        }

        ReplacingStorage(Storage delegate, String key, byte[] content, int times, boolean localFiles) {
            super(delegate);
            this.key = key;
            this.content = content;
            this.times = times;
            this.localFiles = localFiles;
        }

        @Override
        public InputStream read(String k) throws IOException {
            if (!localFiles) {
                replaceIfDue(k);
            }
            return delegate().read(k);
        }

        @Override
        public Optional<LocalFile> openLocalFile(String k) throws IOException {
            if (!localFiles) {
                return super.openLocalFile(k);
            }
            replaceIfDue(k);
            return delegate().openLocalFile(k);
        }

        @Override
        public Set<StorageCapability> capabilities() {
            return localFiles ? delegate().capabilities() : super.capabilities();
        }

        private void replaceIfDue(String k) throws IOException {
            if (k.equals(key) && replacements.get() < times) {
                int n = replacements.incrementAndGet();
                delegate().write(k, content != null ? content : ("version " + "1".repeat(n)).getBytes(UTF_8), WriteOptions.defaults());
            }
        }

        @Override
        public ObjectWrite write(String k, WriteOptions options) throws IOException {
            return delegate().write(k, options);
        }

    }
}
