package io.hexmirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.storage.LocalFile;
import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.WriteOptions;
import io.hexmirror.storage.fs.FileSystemStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The validators the cache remembers for files it does not keep in memory: bounded by the heap they
 * take, not by a count, and giving back exactly the headers the file's first reading gave.
 */
class ObjectCacheTest {
    private static final int FILES = 2_000;

    @TempDir
    Path dir;

    private FileSystemStorage files;
    private ReadCountingStorage counting;
    private final List<String> keys = new ArrayList<>();

    @BeforeEach
    void writeFiles() throws IOException {
        files = FileSystemStorage.open(dir, false);
        for (int i = 0; i < FILES; i++) {
            String key = String.format("tarballs/package_%04d-1.0.%d.tar", i, i);
            files.write(key, ("content of " + key).getBytes(), WriteOptions.defaults());
            keys.add(key);
        }
        counting = new ReadCountingStorage(files, false);
    }

    @AfterEach
    void close() throws IOException {
        files.close();
    }

    @Test
    void aBudgetForEveryFilesValidatorsReadsAndHashesEachFileOnce() throws IOException {
        // No memory cache: every file takes the validators' path.
        ObjectCache cache = new ObjectCache(counting, budgetFor(FILES), 0, 1024 * 1024);

        askForEveryFile(cache);
        assertThat(counting.reads.get()).as("reads of the first pass").isEqualTo(FILES);
        askForEveryFile(cache);
        assertThat(counting.reads.get()).as("reads after a second pass: every validator remembered").isEqualTo(FILES);
    }

    @Test
    void aBudgetForHalfTheFilesForgetsAtLeastTheOtherHalf() throws IOException {
        ObjectCache cache = new ObjectCache(counting, budgetFor(FILES / 2), 0, 1024 * 1024);

        askForEveryFile(cache);
        askForEveryFile(cache);
        // The budget holds the first half's validators, the lightest: no other half fits in it.
        assertThat(counting.reads.get() - FILES).as("files read and hashed again in the second pass")
                .isGreaterThanOrEqualTo(FILES / 2);
    }

    @Test
    void aRememberedValidatorGivesTheHeadersOfTheFilesFirstReading() throws IOException {
        String key = keys.get(7);
        // A time with nanoseconds, which a file system keeps and the comparison with a fresh stat needs.
        Files.setLastModifiedTime(dir.resolve(key), FileTime.from(Instant.parse("2024-03-01T12:34:56.123456789Z")));
        ObjectCache cache = new ObjectCache(counting, budgetFor(FILES), 0, 1024 * 1024);
        ObjectInfo stat = files.stat(key).orElseThrow();

        ObjectCache.Entry first = cache.entry(stat);
        ObjectCache.Entry remembered = cache.entry(stat);

        assertThat(counting.reads.get()).as("the second answer comes from the remembered validators").isEqualTo(1);
        assertThat(first.etag()).isEqualTo('"' + MirrorFixture.sha256(("content of " + key).getBytes()) + '"');
        assertThat(remembered.etag()).isEqualTo(first.etag());
        assertThat(remembered.lastModified()).isEqualTo(first.lastModified()).isEqualTo(stat.lastModified());
        assertThat(remembered.lastModifiedHeader()).isEqualTo(first.lastModifiedHeader())
                .isEqualTo("Fri, 01 Mar 2024 12:34:56 GMT");
        assertThat(remembered.size()).isEqualTo(first.size()).isEqualTo(stat.size());
        assertThat(remembered.content()).isEmpty();
    }

    @Test
    void aFileReplacedWithTheSameSizeIsHashedAgain() throws IOException {
        String key = keys.get(3);
        ObjectCache cache = new ObjectCache(counting, budgetFor(FILES), 0, 1024 * 1024);
        String before = cache.entry(files.stat(key).orElseThrow()).etag();

        byte[] replacement = ("CONTENT OF " + key).getBytes();
        files.write(key, replacement, WriteOptions.defaults());
        Files.setLastModifiedTime(dir.resolve(key), FileTime.from(Instant.parse("2030-01-01T00:00:00.000000001Z")));
        String after = cache.entry(files.stat(key).orElseThrow()).etag();

        assertThat(after).isNotEqualTo(before).isEqualTo('"' + MirrorFixture.sha256(replacement) + '"');
        assertThat(counting.reads.get()).isEqualTo(2);
    }

    @Test
    void anOpenFileIsHashedThroughItsChannelOnceAndAStoredSha256SparesEvenThat() throws IOException {
        String key = keys.get(3);
        byte[] content = ("content of " + key).getBytes();
        ObjectCache cache = new ObjectCache(counting, budgetFor(FILES), 0, 1024 * 1024);

        try (LocalFile file = files.openLocalFile(key).orElseThrow()) {
            assertThat(cache.entry(file).etag()).isEqualTo('"' + MirrorFixture.sha256(content) + '"');
        }
        try (LocalFile file = files.openLocalFile(key).orElseThrow()) {
            assertThat(cache.entry(file).etag()).isEqualTo('"' + MirrorFixture.sha256(content) + '"');
        }
        assertThat(cache.readings()).as("readings of a file opened twice").isEqualTo(1);
        assertThat(counting.reads.get()).as("streams: the open file is read instead").isZero();

        // A store that keeps each object's SHA-256 hands it over with the file: nothing is read.
        String other = keys.get(4);
        String stored = MirrorFixture.sha256(("content of " + other).getBytes());
        try (LocalFile opened = files.openLocalFile(other).orElseThrow()) {
            ObjectInfo info = opened.info();
            LocalFile withSha256 = new LocalFile(opened.channel(), new ObjectInfo(other, info.size(), info.lastModified(),
                    Optional.of(stored)));
            assertThat(cache.entry(withSha256).etag()).isEqualTo('"' + stored + '"');
        }
        assertThat(cache.readings()).as("readings after a file with its SHA-256").isEqualTo(1);
    }

    private void askForEveryFile(ObjectCache cache) throws IOException {
        for (String key : keys) {
            cache.entry(files.stat(key).orElseThrow());
        }
    }

    /** The heap the validators of {@code count} of these files take by the cache's own reckoning. */
    private long budgetFor(int count) {
        return keys.stream().limit(count).mapToLong(key -> ObjectCache.VALIDATOR_HEAP_BYTES + key.length()).sum();
    }
}
