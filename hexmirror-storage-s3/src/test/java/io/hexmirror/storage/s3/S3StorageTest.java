package io.hexmirror.storage.s3;

import static io.hexmirror.storage.s3.S3ProxyStores.ACCESS_KEY;
import static io.hexmirror.storage.s3.S3ProxyStores.BUCKET;
import static io.hexmirror.storage.s3.S3ProxyStores.SECRET_KEY;
import static io.hexmirror.storage.s3.S3ProxyStores.pendingUploads;
import static io.hexmirror.storage.s3.S3ProxyStores.randomBytes;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.hexmirror.storage.ObjectAlreadyExistsException;
import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.ObjectNotFoundException;
import io.hexmirror.storage.ObjectWrite;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.StorageCapability;
import io.hexmirror.storage.Storages;
import io.hexmirror.storage.WriteOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/** The S3 store against a real S3 server (s3proxy) on loopback. */
class S3StorageTest {
    private static final int PART = 5 * 1024 * 1024;
    private static final String URI_WITH_PREFIX = "s3://" + BUCKET + "/mirror";

    /** One server per test: the extension deletes its directory after each test. */
    @RegisterExtension
    final S3ProxyExtension proxy = S3ProxyStores.extension();

    private S3Storage open(String... extra) throws IOException {
        return S3ProxyStores.open(proxy, URI_WITH_PREFIX, extra);
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] read(Storage storage, String key) throws IOException {
        try (InputStream in = storage.read(key)) {
            return in.readAllBytes();
        }
    }

    private static HeadObjectResponse head(S3Storage storage, String objectKey) {
        return storage.client().headObject(b -> b.bucket(BUCKET).key(objectKey));
    }

    private static void write(Storage storage, String key, byte[] content, WriteOptions options) throws IOException {
        try (ObjectWrite write = storage.write(key, options)) {
            write.stream().write(content);
            write.commit();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 70_000})
    void smallObjectsRoundTripWithOnePut(int size) throws IOException {
        byte[] content = randomBytes(size, size);
        try (S3Storage storage = open()) {
            write(storage, "packages/decimal", content, WriteOptions.defaults());

            assertThat(read(storage, "packages/decimal")).isEqualTo(content);
            ObjectInfo info = storage.stat("packages/decimal").orElseThrow();
            assertThat(info.key()).isEqualTo("packages/decimal");
            assertThat(info.size()).isEqualTo(size);
            assertThat(info.lastModified()).isBetween(Instant.now().minus(Duration.ofMinutes(5)), Instant.now().plus(Duration.ofMinutes(5)));
            assertThat(head(storage, "mirror/packages/decimal").eTag()).doesNotContain("-");
        }
    }

    @Test
    void anObjectOfExactlyOnePartIsStoredWithOnePut() throws IOException {
        byte[] content = randomBytes(PART, 1);
        try (S3Storage storage = open("part-size", "5MiB")) {
            write(storage, "tarballs/big-1.0.0.tar", content, WriteOptions.defaults());

            assertThat(read(storage, "tarballs/big-1.0.0.tar")).isEqualTo(content);
            // A multipart ETag ends in "-N"; a single PUT's does not.
            assertThat(head(storage, "mirror/tarballs/big-1.0.0.tar").eTag()).doesNotContain("-");
            assertThat(storage.stat("tarballs/big-1.0.0.tar").orElseThrow().sha256()).contains(sha256(content));
        }
    }

    @Test
    void aLargeObjectGoesUpInPartsWithItsDeclaredSha256() throws IOException {
        byte[] content = randomBytes(2 * PART + 12_345, 2);
        try (S3Storage storage = open("part-size", "5MiB")) {
            try (ObjectWrite write = storage.write("tarballs/big-2.0.0.tar", WriteOptions.defaults().withSha256(sha256(content)))) {
                // Odd chunk sizes cross the part boundaries in the middle of a write call.
                for (int off = 0; off < content.length; off += 1_000_003) {
                    write.stream().write(content, off, Math.min(1_000_003, content.length - off));
                }
                assertThat(pendingUploads(storage)).as("parts uploaded while streaming").hasSize(1);
                assertThat(storage.stat("tarballs/big-2.0.0.tar")).as("visible before commit").isEmpty();
                write.commit();
            }

            assertThat(read(storage, "tarballs/big-2.0.0.tar")).isEqualTo(content);
            HeadObjectResponse head = head(storage, "mirror/tarballs/big-2.0.0.tar");
            assertThat(head.eTag()).endsWith("-3\"");
            assertThat(head.contentType()).as("no type given").isEqualTo("application/octet-stream");
            assertThat(head.metadata()).containsEntry("sha256", sha256(content));
            ObjectInfo info = storage.stat("tarballs/big-2.0.0.tar").orElseThrow();
            assertThat(info.size()).isEqualTo(content.length);
            assertThat(info.sha256()).contains(sha256(content));
            assertThat(pendingUploads(storage)).isEmpty();
        }
    }

    @Test
    void aLargeObjectWithoutADeclaredSha256GetsTheComputedOne() throws IOException {
        byte[] content = randomBytes(PART + 1, 3);
        try (S3Storage storage = open("part-size", "5MiB")) {
            try (ObjectWrite write = storage.write("tarballs/big-3.0.0.tar", WriteOptions.defaults())) {
                write.stream().write(content);
                assertThat(pendingUploads(storage)).as("a multipart upload").hasSize(1);
                write.commit();
            }

            assertThat(storage.stat("tarballs/big-3.0.0.tar").orElseThrow().sha256()).contains(sha256(content));
            assertThat(head(storage, "mirror/tarballs/big-3.0.0.tar").contentType()).as("no type given").isEqualTo("application/octet-stream");
            assertThat(read(storage, "tarballs/big-3.0.0.tar")).isEqualTo(content);
        }
    }

    @Test
    void singlePutsStoreTheComputedSha256() throws IOException {
        byte[] content = "decimal registry bytes".getBytes(UTF_8);
        try (S3Storage storage = open()) {
            write(storage, "packages/decimal", content, WriteOptions.defaults());

            assertThat(storage.stat("packages/decimal").orElseThrow().sha256()).contains(sha256(content));
            assertThat(head(storage, "mirror/packages/decimal").metadata()).containsEntry("sha256", sha256(content));
        }
    }

    @Test
    void anUppercaseDeclaredSha256IsStoredLowercase() throws IOException {
        byte[] content = "x".getBytes(UTF_8);
        try (S3Storage storage = open()) {
            write(storage, "names", content, WriteOptions.defaults().withSha256(sha256(content).toUpperCase()));

            assertThat(storage.stat("names").orElseThrow().sha256()).contains(sha256(content));
        }
    }

    @Test
    void aDeclaredSha256ThatIsNotHexIsRefused() throws IOException {
        try (S3Storage storage = open()) {
            assertThatThrownBy(() -> storage.write("names", WriteOptions.defaults().withSha256("abc")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'names'")
                    .hasMessageContaining("64 hex digits");
        }
    }

    @Test
    void objectsWrittenByOtherToolsHaveNoStoredSha256() throws IOException {
        try (S3Storage storage = open()) {
            storage.client().putObject(b -> b.bucket(BUCKET).key("mirror/packages/plain"), RequestBody.fromString("plain"));
            storage.client().putObject(b -> b.bucket(BUCKET).key("mirror/packages/odd").metadata(Map.of("sha256", "not-a-checksum")),
                    RequestBody.fromString("odd"));

            assertThat(storage.stat("packages/plain").orElseThrow().sha256()).isEmpty();
            assertThat(storage.stat("packages/odd").orElseThrow().sha256()).isEmpty();
        }
    }

    @Test
    void aSmallObjectWhoseSha256DiffersFromTheDeclaredOneIsNotStored() throws IOException {
        byte[] old = "old".getBytes(UTF_8);
        try (S3Storage storage = open()) {
            write(storage, "packages/decimal", old, WriteOptions.defaults());
            String wrong = sha256("something else".getBytes(UTF_8));

            try (ObjectWrite write = storage.write("packages/decimal", WriteOptions.defaults().withSha256(wrong))) {
                write.stream().write("new".getBytes(UTF_8));
                assertThatThrownBy(write::commit)
                        .isInstanceOf(IOException.class)
                        .hasMessageContaining("'packages/decimal'")
                        .hasMessageContaining("declared " + wrong)
                        .hasMessageContaining(sha256("new".getBytes(UTF_8)))
                        .hasMessageContaining("nothing was stored");
            }

            assertThat(read(storage, "packages/decimal")).isEqualTo(old);
        }
    }

    @Test
    void aLargeObjectWhoseSha256DiffersIsAbortedAndLeavesNothing() throws IOException {
        byte[] content = randomBytes(PART + 10, 4);
        try (S3Storage storage = open("part-size", "5MiB")) {
            try (ObjectWrite write = storage.write("tarballs/bad-1.0.0.tar", WriteOptions.defaults().withSha256(sha256(new byte[1])))) {
                write.stream().write(content);
                assertThat(pendingUploads(storage)).hasSize(1);
                assertThatThrownBy(write::commit).isInstanceOf(IOException.class).hasMessageContaining("nothing was stored");
                assertThat(pendingUploads(storage)).as("aborted at once, not at close").isEmpty();
            }

            assertThat(storage.stat("tarballs/bad-1.0.0.tar")).isEmpty();
        }
    }

    @Test
    void closingWithoutCommitAbortsTheUploadAndKeepsTheOldObject() throws IOException {
        byte[] old = "old tarball".getBytes(UTF_8);
        try (S3Storage storage = open("part-size", "5MiB")) {
            write(storage, "tarballs/pkg-1.0.0.tar", old, WriteOptions.defaults());

            try (ObjectWrite write = storage.write("tarballs/pkg-1.0.0.tar", WriteOptions.defaults())) {
                write.stream().write(randomBytes(PART + 1, 5));
                assertThat(pendingUploads(storage)).hasSize(1);
            }

            assertThat(pendingUploads(storage)).isEmpty();
            assertThat(read(storage, "tarballs/pkg-1.0.0.tar")).isEqualTo(old);
        }
    }

    @Test
    void closingASmallWriteWithoutCommitStoresNothing() throws IOException {
        try (S3Storage storage = open()) {
            try (ObjectWrite write = storage.write("names", WriteOptions.defaults())) {
                write.stream().write("half".getBytes(UTF_8));
                write.stream().close();
            }

            assertThat(storage.stat("names")).isEmpty();
        }
    }

    /** Fails the chosen request before it is sent, as a dropped connection would after retries. */
    private static ExecutionInterceptor failing(Class<?> requestType) {
        return new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (requestType.isInstance(context.request())) {
                    throw SdkClientException.create("injected failure of " + requestType.getSimpleName());
                }
            }
        };
    }

    @Test
    void aFailedPartUploadAbortsTheUpload() throws IOException {
        S3StorageConfig config = S3ProxyStores.config(proxy, URI_WITH_PREFIX, "part-size", "5MiB");
        try (S3Storage storage = S3ProxyStores.openIntercepted(config, failing(UploadPartRequest.class))) {
            try (ObjectWrite write = storage.write("tarballs/pkg-2.0.0.tar", WriteOptions.defaults())) {
                write.stream().write(new byte[PART]);
                assertThatThrownBy(() -> write.stream().write(1))
                        .isInstanceOf(IOException.class)
                        .hasMessageContaining("'tarballs/pkg-2.0.0.tar'")
                        .hasMessageContaining("injected failure of UploadPartRequest");
                assertThat(pendingUploads(storage)).as("aborted at the failure").isEmpty();
                assertThatThrownBy(() -> write.stream().write(1)).isInstanceOf(IOException.class).hasMessageContaining("failed");
                assertThatThrownBy(write::commit).isInstanceOf(IOException.class).hasMessageContaining("nothing was stored");
            }

            assertThat(storage.stat("tarballs/pkg-2.0.0.tar")).isEmpty();
        }
    }

    @Test
    void aFailedCompletionAbortsTheUpload() throws IOException {
        S3StorageConfig config = S3ProxyStores.config(proxy, URI_WITH_PREFIX, "part-size", "5MiB");
        try (S3Storage storage = S3ProxyStores.openIntercepted(config, failing(CompleteMultipartUploadRequest.class))) {
            try (ObjectWrite write = storage.write("tarballs/pkg-3.0.0.tar", WriteOptions.defaults())) {
                write.stream().write(randomBytes(PART + 100, 6));
                assertThatThrownBy(write::commit)
                        .isInstanceOf(IOException.class)
                        .hasMessageContaining("cannot store 'tarballs/pkg-3.0.0.tar' in s3://hexbucket/mirror at " + proxy.getUri())
                        .hasMessageContaining("injected failure");
                assertThat(pendingUploads(storage)).isEmpty();
            }

            assertThat(storage.stat("tarballs/pkg-3.0.0.tar")).isEmpty();
        }
    }

    @Test
    void eachObjectKeepsTheContentTypeItsWriterGave() throws IOException {
        Map<String, String> given = new LinkedHashMap<>();
        given.put("names", "application/octet-stream");
        given.put("docs/decimal-2.0.0.tar.gz", "application/gzip");
        given.put("installs/hex-1.x.csv", "text/csv; charset=utf-8");
        given.put("docs/decimal/2.0.0/index.html", "text/html; charset=utf-8");
        byte[] large = randomBytes(PART + 1, 7);
        try (S3Storage storage = open("part-size", "5MiB")) {
            for (Map.Entry<String, String> entry : given.entrySet()) {
                storage.write(entry.getKey(), entry.getKey().getBytes(UTF_8), WriteOptions.defaults().withContentType(entry.getValue()));
            }
            // A multipart upload carries the type too.
            storage.write("docs/big-1.0.0.tar.gz", large, WriteOptions.defaults().withContentType("application/gzip"));
            given.put("docs/big-1.0.0.tar.gz", "application/gzip");
            // Without a type the object is opaque bytes, whatever its key looks like.
            storage.write("docs/x/page.html", "x".getBytes(UTF_8), WriteOptions.defaults());
            given.put("docs/x/page.html", "application/octet-stream");

            for (Map.Entry<String, String> entry : given.entrySet()) {
                HeadObjectResponse head = head(storage, "mirror/" + entry.getKey());
                // s3proxy drops the optional space before a parameter ("text/html;charset=utf-8"): the same type.
                assertThat(head.contentType().replace("; ", ";")).as(entry.getKey()).isEqualTo(entry.getValue().replace("; ", ";"));
                assertThat(head.contentEncoding()).as(entry.getKey()).isNull();
            }
        }
    }

    @Test
    void overwritingReplacesTheWholeObject() throws IOException {
        try (S3Storage storage = open()) {
            storage.write("versions", "first, longer content".getBytes(UTF_8), WriteOptions.defaults());
            storage.write("versions", "second".getBytes(UTF_8), WriteOptions.defaults());

            assertThat(read(storage, "versions")).asString(UTF_8).isEqualTo("second");
            assertThat(storage.stat("versions").orElseThrow().sha256()).contains(sha256("second".getBytes(UTF_8)));
        }
    }

    @Test
    void missingObjectsAreReportedByKey() throws IOException {
        try (S3Storage storage = open()) {
            assertThat(storage.stat("packages/nope")).isEmpty();
            assertThatThrownBy(() -> storage.read("packages/nope"))
                    .isInstanceOfSatisfying(ObjectNotFoundException.class, e -> assertThat(e.key()).isEqualTo("packages/nope"))
                    .hasMessage("no object 'packages/nope' in s3://hexbucket/mirror at " + proxy.getUri());
            assertThat(storage.delete("packages/nope")).isFalse();
        }
    }

    @Test
    void deleteRemovesAnExistingObject() throws IOException {
        try (S3Storage storage = open()) {
            storage.write("tarballs/a-1.0.0.tar", new byte[] {1}, WriteOptions.defaults());

            assertThat(storage.delete("tarballs/a-1.0.0.tar")).isTrue();
            assertThat(storage.stat("tarballs/a-1.0.0.tar")).isEmpty();
            assertThat(storage.delete("tarballs/a-1.0.0.tar")).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"../escape", "/absolute", "a//b", "a/./b", "back\\slash", "trailing/"})
    void invalidKeysAreRefusedBeforeTouchingTheStore(String key) throws IOException {
        try (S3Storage storage = open()) {
            assertThatThrownBy(() -> storage.stat(key)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> storage.read(key)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> storage.write(key, WriteOptions.defaults())).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> storage.delete(key)).isInstanceOf(IllegalArgumentException.class);
            assertThat(storage.client().listObjectsV2(b -> b.bucket(BUCKET)).contents()).isEmpty();
        }
    }

    @Test
    void listReturnsKeysRelativeToThePrefixInOrder() throws IOException {
        try (S3Storage storage = open()) {
            for (String key : List.of("tarballs/b-1.0.0.tar", "packages/b", "names", "packages/a", "tarballs/a-1.0.0.tar")) {
                storage.write(key, key.getBytes(UTF_8), WriteOptions.defaults());
            }
            // Outside the store's prefix, or not a key this store could have written.
            storage.client().putObject(b -> b.bucket(BUCKET).key("other/packages/x"), RequestBody.fromString("x"));
            storage.client().putObject(b -> b.bucket(BUCKET).key("mirrored/names"), RequestBody.fromString("x"));
            storage.client().putObject(b -> b.bucket(BUCKET).key("mirror/packages/folder/"), RequestBody.empty());

            try (Stream<ObjectInfo> all = storage.list("")) {
                assertThat(all.map(ObjectInfo::key)).containsExactly(
                        "names", "packages/a", "packages/b", "tarballs/a-1.0.0.tar", "tarballs/b-1.0.0.tar");
            }
            try (Stream<ObjectInfo> packages = storage.list("packages/")) {
                assertThat(packages.toList()).extracting(ObjectInfo::key, ObjectInfo::size)
                        .containsExactly(tuple("packages/a", 10L), tuple("packages/b", 10L));
            }
            try (Stream<ObjectInfo> partial = storage.list("tarballs/a")) {
                assertThat(partial.map(ObjectInfo::key)).containsExactly("tarballs/a-1.0.0.tar");
            }
            try (Stream<ObjectInfo> none = storage.list("docs/")) {
                assertThat(none).isEmpty();
            }
        }
    }

    @Test
    void aStoreWithoutPrefixSeesTheWholeBucket() throws IOException {
        try (S3Storage storage = S3ProxyStores.open(proxy, "s3://" + BUCKET)) {
            storage.write("names", new byte[] {1}, WriteOptions.defaults());

            assertThat(storage.client().headObject(b -> b.bucket(BUCKET).key("names")).contentLength()).isEqualTo(1L);
            try (Stream<ObjectInfo> all = storage.list("")) {
                assertThat(all.map(ObjectInfo::key)).containsExactly("names");
            }
        }
    }

    @Test
    void listPagesThroughMoreThanOnePage() throws IOException {
        AtomicInteger listRequests = new AtomicInteger();
        ExecutionInterceptor counter = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof ListObjectsV2Request) {
                    listRequests.incrementAndGet();
                }
            }
        };
        S3StorageConfig config = S3ProxyStores.config(proxy, URI_WITH_PREFIX, "list-page-size", "3");
        try (S3Storage storage = S3ProxyStores.openIntercepted(config, counter)) {
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                keys.add("packages/p" + i);
                storage.write("packages/p" + i, new byte[] {(byte) i}, WriteOptions.defaults());
            }

            try (Stream<ObjectInfo> firstTwo = storage.list("packages/")) {
                assertThat(firstTwo.limit(2).map(ObjectInfo::key)).containsExactly("packages/p0", "packages/p1");
            }
            assertThat(listRequests.get()).as("pages fetched lazily").isEqualTo(1);
            try (Stream<ObjectInfo> all = storage.list("packages/")) {
                assertThat(all.map(ObjectInfo::key)).containsExactlyElementsOf(keys);
            }
            assertThat(listRequests.get()).isEqualTo(1 + 4);
        }
    }

    @Test
    void aListPageThatFailsMidwayIsAnUncheckedIoErrorNamingThePrefix() throws IOException {
        AtomicInteger listRequests = new AtomicInteger();
        ExecutionInterceptor secondPageFails = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof ListObjectsV2Request && listRequests.incrementAndGet() == 2) {
                    throw SdkClientException.create("injected listing failure");
                }
            }
        };
        S3StorageConfig config = S3ProxyStores.config(proxy, URI_WITH_PREFIX, "list-page-size", "1");
        try (S3Storage storage = S3ProxyStores.openIntercepted(config, secondPageFails)) {
            storage.write("packages/a", new byte[1], WriteOptions.defaults());
            storage.write("packages/b", new byte[1], WriteOptions.defaults());

            try (Stream<ObjectInfo> all = storage.list("packages/")) {
                assertThatThrownBy(all::toList)
                        .isInstanceOf(UncheckedIOException.class)
                        .hasMessageContaining("cannot list 'packages/*'")
                        .hasMessageContaining("injected listing failure");
            }
        }
    }

    @Test
    void exclusiveCreateRefusesAnExistingKeyAtOnce() throws IOException {
        try (S3Storage storage = open()) {
            assertThat(storage.capabilities()).contains(StorageCapability.CREATE_EXCLUSIVE, StorageCapability.STORED_SHA256);
            storage.write("lock", "first".getBytes(UTF_8), WriteOptions.exclusiveCreate());

            assertThatThrownBy(() -> storage.write("lock", WriteOptions.exclusiveCreate()))
                    .isInstanceOfSatisfying(ObjectAlreadyExistsException.class, e -> assertThat(e.key()).isEqualTo("lock"));
            assertThat(read(storage, "lock")).asString(UTF_8).isEqualTo("first");
        }
    }

    @Test
    void exclusiveCreateLosesARaceWithoutReplacingTheWinner() throws IOException {
        try (S3Storage storage = open()) {
            try (ObjectWrite loser = storage.write("lock", WriteOptions.exclusiveCreate())) {
                loser.stream().write("loser".getBytes(UTF_8));
                storage.write("lock", "winner".getBytes(UTF_8), WriteOptions.exclusiveCreate());

                // The server refuses the conditional PUT (If-None-Match: *) with 412.
                assertThatThrownBy(loser::commit)
                        .isInstanceOfSatisfying(ObjectAlreadyExistsException.class, e -> assertThat(e.key()).isEqualTo("lock"))
                        .hasMessageContaining("s3://hexbucket/mirror");
            }

            assertThat(read(storage, "lock")).asString(UTF_8).isEqualTo("winner");
        }
    }

    @Test
    void exclusiveMultipartCreateLosesARaceAndLeavesNoUpload() throws IOException {
        try (S3Storage storage = open("part-size", "5MiB")) {
            try (ObjectWrite loser = storage.write("tarballs/race-1.0.0.tar", WriteOptions.exclusiveCreate())) {
                loser.stream().write(randomBytes(PART + 1, 7));
                storage.write("tarballs/race-1.0.0.tar", "winner".getBytes(UTF_8), WriteOptions.defaults());

                // The server refuses the conditional CompleteMultipartUpload with 412.
                assertThatThrownBy(loser::commit).isInstanceOf(ObjectAlreadyExistsException.class);
                assertThat(pendingUploads(storage)).isEmpty();
            }

            assertThat(read(storage, "tarballs/race-1.0.0.tar")).asString(UTF_8).isEqualTo("winner");
        }
    }

    @Test
    void withoutConditionalWritesExclusiveWritesAreUnsupported() throws IOException {
        try (S3Storage storage = open("conditional-writes", "false")) {
            assertThat(storage.capabilities()).containsExactly(StorageCapability.STORED_SHA256);
            assertThatThrownBy(() -> storage.write("lock", WriteOptions.exclusiveCreate()))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("conditional-writes=false");
            assertThat(storage.stat("lock")).isEmpty();
        }
    }

    @Test
    void writingAfterCommitIsRefused() throws IOException {
        try (S3Storage storage = open()) {
            try (ObjectWrite write = storage.write("names", WriteOptions.defaults())) {
                write.stream().write(1);
                write.commit();
                assertThatThrownBy(() -> write.stream().write(2)).isInstanceOf(IOException.class).hasMessageContaining("finished");
                assertThatThrownBy(write::commit).isInstanceOf(IllegalStateException.class).hasMessageContaining("already committed");
            }

            assertThat(read(storage, "names")).containsExactly(1);
        }
    }

    @Test
    void describeNamesBucketPrefixAndEndpointButNoCredentials() throws IOException {
        try (S3Storage storage = open()) {
            assertThat(storage.describe()).isEqualTo("s3://hexbucket/mirror at " + proxy.getUri());
            assertThat(storage.toString()).doesNotContain(SECRET_KEY).doesNotContain(ACCESS_KEY);
        }
    }

    @Test
    void aWrongSecretIsReportedWithoutPrintingAnyCredential() {
        String wrongSecret = "Wrong-Secret-Value-d41d8c";
        Map<String, String> options = S3ProxyStores.options(proxy, "secret-key", wrongSecret, "max-attempts", "1");

        assertThatThrownBy(() -> new S3StorageProvider().open(URI.create(URI_WITH_PREFIX), options, Map.of()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("bucket 'hexbucket'")
                .hasMessageContaining("credentials from OPTIONS")
                .satisfies(e -> {
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        assertThat(String.valueOf(t.getMessage())).doesNotContain(wrongSecret).doesNotContain(SECRET_KEY).doesNotContain(ACCESS_KEY);
                    }
                });
    }

    @Test
    void aMissingBucketIsReportedUnlessCreationIsAsked() throws IOException {
        assertThatThrownBy(() -> S3ProxyStores.open(proxy, "s3://nobucket/m", "create-bucket", "false"))
                .isInstanceOf(io.hexmirror.storage.StorageNotFoundException.class)
                .hasMessageContaining("bucket 'nobucket' does not exist")
                .hasMessageContaining("create-bucket=true");

        try (S3Storage storage = S3ProxyStores.open(proxy, "s3://newbucket/m", "create-bucket", "true")) {
            storage.write("names", new byte[] {1}, WriteOptions.defaults());
            assertThat(read(storage, "names")).containsExactly(1);
        }
    }

    @Test
    void aStoreThatMustExistNeverCreatesItsBucketEvenWithCreateBucket() throws IOException {
        Map<String, String> options = S3ProxyStores.options(proxy); // create-bucket=true

        assertThatThrownBy(() -> new S3StorageProvider().openExisting(URI.create("s3://nobucket/m"), options, Map.of()))
                .isInstanceOf(io.hexmirror.storage.StorageNotFoundException.class)
                .hasMessageContaining("bucket 'nobucket' does not exist")
                .hasMessageNotContaining("create-bucket=true");
        try (S3Storage storage = S3ProxyStores.open(proxy, "s3://" + BUCKET + "/m")) {
            assertThat(storage.client().listBuckets().buckets()).extracting(b -> b.name()).doesNotContain("nobucket");
        }
    }

    @Test
    void anUnreachableEndpointFailsOpenNamingTheStore() {
        Map<String, String> options = S3ProxyStores.options(proxy, "endpoint", "http://127.0.0.1:1", "max-attempts", "1",
                "connect-timeout", "2s");

        assertThatThrownBy(() -> new S3StorageProvider().open(URI.create(URI_WITH_PREFIX), options, Map.of()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot reach bucket 'hexbucket' for s3://hexbucket/mirror at http://127.0.0.1:1");
    }

    @Test
    void theStandardAwsVariablesAreEnoughToConnect() throws IOException {
        Map<String, String> env = Map.of(
                "AWS_ACCESS_KEY_ID", ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", SECRET_KEY,
                "AWS_REGION", "us-east-1",
                "AWS_ENDPOINT_URL", proxy.getUri().toString());

        try (Storage storage = new S3StorageProvider().open(URI.create("s3://" + BUCKET + "/env"),
                Map.of("path-style", "true", "create-bucket", "true"), env)) {
            storage.write("names", "from env".getBytes(UTF_8), WriteOptions.defaults());

            assertThat(read(storage, "names")).asString(UTF_8).isEqualTo("from env");
            assertThat(storage.describe()).isEqualTo("s3://hexbucket/env at " + proxy.getUri());
        }
    }

    @Test
    void aProfileFromTheSharedFilesGivesCredentialsAndRegion(@TempDir Path home) throws IOException {
        Path credentials = Files.writeString(home.resolve("credentials"),
                "[mirror]\naws_access_key_id = " + ACCESS_KEY + "\naws_secret_access_key = " + SECRET_KEY + "\n");
        Path config = Files.writeString(home.resolve("config"), "[profile mirror]\nregion = eu-north-1\n");
        String oldCredentials = System.setProperty("aws.sharedCredentialsFile", credentials.toString());
        String oldConfig = System.setProperty("aws.configFile", config.toString());
        try (Storage storage = new S3StorageProvider().open(URI.create("s3://" + BUCKET + "/profiled"),
                Map.of("endpoint", proxy.getUri().toString(), "path-style", "true", "create-bucket", "true"),
                Map.of("AWS_PROFILE", "mirror"))) {
            storage.write("names", "via profile".getBytes(UTF_8), WriteOptions.defaults());

            assertThat(read(storage, "names")).asString(UTF_8).isEqualTo("via profile");
            assertThat(((S3Storage) storage).client().serviceClientConfiguration().region().id()).isEqualTo("eu-north-1");
        } finally {
            restore("aws.sharedCredentialsFile", oldCredentials);
            restore("aws.configFile", oldConfig);
        }
    }

    private static void restore(String property, String old) {
        if (old == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, old);
        }
    }

    @Test
    void parallelWritesOfDifferentKeysAllLand() throws Exception {
        try (S3Storage storage = open()) {
            List<Callable<Void>> writers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String key = "packages/p" + i;
                byte[] content = randomBytes(10_000 + i, i);
                writers.add(() -> {
                    storage.write(key, content, WriteOptions.defaults().withSha256(sha256(content)));
                    return null;
                });
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                for (Future<Void> done : pool.invokeAll(writers)) {
                    done.get();
                }
            } finally {
                pool.shutdown();
            }

            for (int i = 0; i < 8; i++) {
                assertThat(read(storage, "packages/p" + i)).isEqualTo(randomBytes(10_000 + i, i));
            }
        }
    }

    @Test
    void storagesFindsTheProviderByScheme() throws IOException {
        String target = "s3://" + BUCKET + "/viaspi?endpoint=" + proxy.getUri() + "&path-style=true&region=us-east-1&create-bucket=true";
        Map<String, String> credentials = Map.of("access-key", ACCESS_KEY, "secret-key", SECRET_KEY);

        try (Storage storage = Storages.open(target, credentials, S3StorageTest.class.getClassLoader())) {
            storage.write("public_key", "key".getBytes(UTF_8), WriteOptions.defaults());

            assertThat(storage.stat("public_key").map(ObjectInfo::size)).isEqualTo(Optional.of(3L));
            assertThat(storage.describe()).isEqualTo("s3://hexbucket/viaspi at " + proxy.getUri());
        }
    }
}
