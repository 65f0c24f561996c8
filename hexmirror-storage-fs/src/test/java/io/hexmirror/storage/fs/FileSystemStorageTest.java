package io.hexmirror.storage.fs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.storage.LocalFile;
import io.hexmirror.storage.ObjectAlreadyExistsException;
import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.ObjectNotFoundException;
import io.hexmirror.storage.ObjectWrite;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.WriteOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What the filesystem store does beyond the storage contract. */
class FileSystemStorageTest {
    @TempDir
    Path dir;

    private Path outside;
    private FileSystemStorage storage;
    /** Runs the concurrent calls of the batch-sync tests. */
    private final ExecutorService callers = Executors.newFixedThreadPool(2);

    @BeforeEach
    void open() throws IOException {
        outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "secret");
        storage = FileSystemStorage.open(dir.resolve("mirror"), false);
    }

    @AfterEach
    void stopCallers() {
        callers.shutdownNow();
    }

    // ---- deferred sync ----

    @Test
    void aDeferredWriteIsReadableAtOnceAndWaitsForTheBatchSync() throws IOException {
        FileSystemStorage syncing = FileSystemStorage.open(dir.resolve("syncing"), true);
        syncing.write("hexdocs/a/1.0.0/index.html", bytes("a"), WriteOptions.defaults().withDeferredSync());
        syncing.write("hexdocs/b/1.0.0/index.html", bytes("b"), WriteOptions.defaults().withDeferredSync());
        syncing.write("packages/a", bytes("durable"), WriteOptions.defaults());

        assertThat(read(syncing, "hexdocs/a/1.0.0/index.html")).isEqualTo("a");
        assertThat(syncing.unsyncedWrites()).isEqualTo(2);

        syncing.syncDeferredWrites();

        assertThat(syncing.unsyncedWrites()).isZero();
        assertThat(read(syncing, "hexdocs/b/1.0.0/index.html")).isEqualTo("b");
    }

    @Test
    void anObjectFoundInPlaceIsSyncedByTheNextBatch() throws IOException {
        List<Path> synced = new CopyOnWriteArrayList<>();
        FileSystemStorage syncing = FileSystemStorage.withBatchSyncer(dir.resolve("syncing"), synced::addAll);
        // As a stopped process left it: renamed into place, maybe never synced.
        Path file = syncing.root().resolve("tarballs/a-1.0.0.tar");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "a");

        syncing.syncWithDeferredWrites("tarballs/a-1.0.0.tar");
        assertThat(syncing.unsyncedWrites()).isEqualTo(1);
        syncing.syncDeferredWrites();

        assertThat(synced).containsExactly(file);
        assertThat(syncing.unsyncedWrites()).isZero();
    }

    @Test
    void anObjectIsNotSyncedThroughASymlink() throws IOException {
        FileSystemStorage syncing = FileSystemStorage.open(dir.resolve("syncing"), true);
        Files.createSymbolicLink(syncing.root().resolve("tarballs"), outside);

        assertThatThrownBy(() -> syncing.syncWithDeferredWrites("tarballs/secret")).isInstanceOf(IOException.class)
                .hasMessageContaining("symbolic link");
        assertThat(syncing.unsyncedWrites()).isZero();
    }

    @Test
    void withoutFsyncAnObjectFoundInPlaceWaitsForNoBatch() throws IOException {
        storage.write("tarballs/a-1.0.0.tar", bytes("a"), WriteOptions.defaults());

        storage.syncWithDeferredWrites("tarballs/a-1.0.0.tar");

        assertThat(storage.unsyncedWrites()).isZero();
    }

    @Test
    void aBatchSyncSkipsDeferredWritesDeletedMeanwhile() throws IOException {
        FileSystemStorage syncing = FileSystemStorage.open(dir.resolve("syncing"), true);
        syncing.write("hexdocs/a/1.0.0/index.html", bytes("a"), WriteOptions.defaults().withDeferredSync());
        syncing.write("hexdocs/b/1.0.0/index.html", bytes("b"), WriteOptions.defaults().withDeferredSync());
        syncing.delete("hexdocs/a/1.0.0/index.html");
        Files.delete(syncing.root().resolve("hexdocs/a/1.0.0"));

        syncing.syncDeferredWrites();

        assertThat(syncing.unsyncedWrites()).isZero();
    }

    @Test
    void aBatchSyncReturnsOnlyOnceTheBatchAnotherCallTookWithItsFilesIsSynced() throws Exception {
        HeldFirstBatch syncer = new HeldFirstBatch(null);
        FileSystemStorage syncing = FileSystemStorage.withBatchSyncer(dir.resolve("syncing"), syncer);
        try {
            TwoCalls calls = twoCalls(syncing, syncer);

            // The second call, as by the writer, found nothing left to take and still waits for the batch holding the file.
            assertThatThrownBy(() -> calls.second().get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
            assertThat(syncer.synced).isEmpty();
            syncer.release.countDown();
            calls.second().get(10, TimeUnit.SECONDS);
            assertThat(syncer.synced).containsExactly(syncing.root().resolve("hexdocs/a/1.0.0/index.html"));
            calls.first().get(10, TimeUnit.SECONDS);
        } finally {
            syncer.release.countDown();
        }
    }

    @Test
    void aBatchSyncFailsWhenTheBatchAnotherCallTookWithItsFilesFailed() throws Exception {
        HeldFirstBatch syncer = new HeldFirstBatch(new IOException("disk gone"));
        FileSystemStorage syncing = FileSystemStorage.withBatchSyncer(dir.resolve("syncing"), syncer);
        try {
            TwoCalls calls = twoCalls(syncing, syncer);
            syncer.release.countDown();

            assertThatThrownBy(() -> calls.second().get(10, TimeUnit.SECONDS)).hasRootCauseMessage("disk gone")
                    .hasMessageContaining("synced by another call");
            assertThatThrownBy(() -> calls.first().get(10, TimeUnit.SECONDS)).hasRootCauseMessage("disk gone");
            // Not known to be durable: the next batch sync tries the file again.
            assertThat(syncing.unsyncedWrites()).isEqualTo(1);
        } finally {
            syncer.release.countDown();
        }
    }

    /** Two calls of {@link FileSystemStorage#syncDeferredWrites}, each on a thread of its own. */
    private record TwoCalls(Future<?> first, Future<?> second) {
    }

    /**
     * Writes one deferred file; a first call takes it and is held in its sync; then a second call, finding
     * nothing left to take, has its empty batch synced and goes on to wait for the first.
     */
    private TwoCalls twoCalls(FileSystemStorage storage, HeldFirstBatch syncer) throws Exception {
        storage.write("hexdocs/a/1.0.0/index.html", bytes("a"), WriteOptions.defaults().withDeferredSync());
        Future<?> first = callers.submit(() -> {
            storage.syncDeferredWrites();
            return null;
        });
        assertThat(syncer.started.await(10, TimeUnit.SECONDS)).isTrue();
        Future<?> second = callers.submit(() -> {
            storage.syncDeferredWrites();
            return null;
        });
        assertThat(syncer.emptyBatchSynced.await(10, TimeUnit.SECONDS)).isTrue();
        return new TwoCalls(first, second);
    }

    /** Syncs batches of files by recording them, holding the first one with files until released, then failing it if told to. */
    private static final class HeldFirstBatch implements FileSystemStorage.FileBatchSyncer {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch emptyBatchSynced = new CountDownLatch(1);
        final List<Path> synced = new CopyOnWriteArrayList<>();
        private final IOException failure;

        HeldFirstBatch(IOException failureOrNull) {
            this.failure = failureOrNull;
        }

        @Override
        public void sync(Collection<Path> files) throws IOException {
            if (files.isEmpty()) {
                emptyBatchSynced.countDown();
                return;
            }
            started.countDown();
            awaitUninterruptibly(release);
            if (failure != null) {
                throw failure;
            }
            synced.addAll(files);
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void withoutFsyncNothingWaitsForABatchSync() throws IOException {
        storage.write("hexdocs/a/1.0.0/index.html", bytes("a"), WriteOptions.defaults().withDeferredSync());

        assertThat(storage.unsyncedWrites()).isZero();
    }

    // ---- root confinement ----

    @Test
    void keysThroughASymlinkedDirectoryLeavingTheRootAreRefused() throws IOException {
        Files.createSymbolicLink(storage.root().resolve("packages"), outside);
        Files.createDirectories(storage.root().resolve("docs/sub"));
        Files.createSymbolicLink(storage.root().resolve("docs/sub/deep"), outside);

        for (String key : List.of("packages/secret", "packages/new", "docs/sub/deep/secret", "docs/sub/deep/x/y")) {
            // Reading: no such object here (a server answers 404); the message says why.
            assertThatThrownBy(() -> storage.stat(key)).isInstanceOf(ObjectNotFoundException.class)
                    .hasMessageContaining("'" + key + "'").hasMessageContaining("symbolic link");
            assertThatThrownBy(() -> storage.read(key).close()).isInstanceOf(ObjectNotFoundException.class)
                    .hasMessageContaining("'" + key + "'").hasMessageContaining("symbolic link");
            assertThatThrownBy(() -> storage.openLocalFile(key).orElseThrow().close()).isInstanceOf(ObjectNotFoundException.class)
                    .hasMessageContaining("'" + key + "'").hasMessageContaining("symbolic link");
            assertRefusedAsLink(() -> storage.write(key, bytes("pwned"), WriteOptions.defaults()), key);
            assertRefusedAsLink(() -> storage.delete(key), key);
        }
        assertRefusedAsLink(() -> storage.list("packages/").close(), "packages/");
        assertRefusedAsLink(() -> storage.list("docs/sub/deep/x").close(), "docs/sub/deep/x");

        try (Stream<Path> files = Files.list(outside)) {
            assertThat(files).containsExactly(outside.resolve("secret"));
        }
        assertThat(Files.readString(outside.resolve("secret"))).isEqualTo("secret");
    }

    @Test
    void aKeyBelowAMissingDirectoryOrAFileHasNoObjectButOneBelowADanglingLinkIsRefused() throws IOException {
        storage.write("names", bytes("names"), WriteOptions.defaults());
        storage.write("hexdocs/a/1.0.0/index.html", bytes("docs"), WriteOptions.defaults());

        assertThat(storage.stat("hexdocs/a/2.0.0/index.html")).isEmpty();
        assertThat(storage.stat("hexdocs/b/1.0.0/index.html")).isEmpty();
        assertThat(storage.stat("names/x/y")).isEmpty();
        assertThat(storage.stat("hexdocs/a/1.0.0/index.html")).isPresent();
        // A link is refused wherever it leads, even nowhere: the key must not tell what is outside.
        Files.createSymbolicLink(storage.root().resolve("hexdocs/b"), outside.resolve("missing"));
        assertThatThrownBy(() -> storage.stat("hexdocs/b/1.0.0/index.html")).isInstanceOf(ObjectNotFoundException.class)
                .hasMessageContaining("symbolic link");
    }

    @Test
    void listingEverythingSkipsLinksInsteadOfFollowingThem() throws IOException {
        storage.write("names", bytes("names"), WriteOptions.defaults());
        Files.createSymbolicLink(storage.root().resolve("packages"), outside);
        Files.createSymbolicLink(storage.root().resolve("versions"), outside.resolve("secret"));

        assertThat(keys("")).containsExactly("names");
        assertThat(storage.stat("versions")).as("a file that is a link is not an object").isEmpty();
        assertThatThrownBy(() -> storage.read("versions")).isInstanceOf(ObjectNotFoundException.class);
    }

    @Test
    void theRootItselfMayBeALink() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("link"), storage.root());
        FileSystemStorage viaLink = FileSystemStorage.open(link, false);
        viaLink.write("packages/decimal", bytes("decimal"), WriteOptions.defaults());

        assertThat(viaLink.root()).isEqualTo(storage.root());
        assertThat(read(storage, "packages/decimal")).isEqualTo("decimal");
    }

    @Test
    void keysUsingTheTemporaryFilePrefixAreRefused() {
        String key = "tarballs/" + FileSystemStorage.TEMP_MARKER + "x.part";
        assertThatThrownBy(() -> storage.write(key, bytes("x"), WriteOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(key)
                .hasMessageContaining("temporary");
        assertThatThrownBy(() -> storage.stat(key)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- temporary files ----

    @Test
    void temporaryFilesAreNeverListedAndVanishWhenAWriteIsAbandoned() throws IOException {
        storage.write("packages/decimal", bytes("old"), WriteOptions.defaults());
        try (ObjectWrite write = storage.write("packages/decimal", WriteOptions.defaults())) {
            write.stream().write(bytes("half of the new content"));

            assertThat(filesIn("packages")).hasSize(2).anyMatch(name -> name.startsWith(FileSystemStorage.TEMP_MARKER));
            assertThat(keys("")).containsExactly("packages/decimal");
            assertThat(keys("packages/")).containsExactly("packages/decimal");
        }
        assertThat(filesIn("packages")).containsExactly("decimal");
        assertThat(read(storage, "packages/decimal")).isEqualTo("old");
    }

    @Test
    void temporaryFilesVanishWhenAWriterFailsOrLosesAnExclusiveRace() throws IOException {
        assertThatThrownBy(() -> {
            try (ObjectWrite write = storage.write("tarballs/decimal-2.0.0.tar", WriteOptions.defaults())) {
                write.stream().write(new byte[10_000]);
                throw new IOException("upstream went away");
            }
        }).hasMessage("upstream went away");
        assertThat(filesIn("tarballs")).isEmpty();

        storage.write("tarballs/decimal-2.0.0.tar", bytes("first"), WriteOptions.defaults());
        try (ObjectWrite late = storage.write("tarballs/jason-1.0.0.tar", WriteOptions.exclusiveCreate())) {
            late.stream().write(bytes("late"));
            storage.write("tarballs/jason-1.0.0.tar", bytes("winner"), WriteOptions.defaults());
            assertThatThrownBy(late::commit).isInstanceOf(ObjectAlreadyExistsException.class);
        }
        assertThat(filesIn("tarballs")).containsExactlyInAnyOrder("decimal-2.0.0.tar", "jason-1.0.0.tar");
    }

    @Test
    void aStaleTemporaryFileFromACrashIsNotListed() throws IOException {
        storage.write("packages/decimal", bytes("decimal"), WriteOptions.defaults());
        Files.writeString(storage.root().resolve("packages/" + FileSystemStorage.TEMP_MARKER + "crashed.part"), "partial");

        assertThat(keys("")).containsExactly("packages/decimal");
        assertThat(keys("packages/" + FileSystemStorage.TEMP_MARKER.substring(0, 3))).isEmpty();
    }

    @Test
    void theNextListingRemovesTemporaryFilesOfKilledProcessesOfThisHostOnly() throws Exception {
        Process killed = new ProcessBuilder("true").start();
        killed.waitFor();
        String thisHost = LeftoverTempFiles.OWNER.substring(0, LeftoverTempFiles.OWNER.indexOf('~'));
        Path packages = storage.root().resolve("packages");
        Path running;
        try (ObjectWrite write = storage.write("packages/jason", WriteOptions.defaults())) {
            // Left after the write opened, so that it is the listing that comes across them.
            Path leftOver = Files.writeString(packages.resolve(FileSystemStorage.TEMP_MARKER + thisHost + "~" + killed.pid()
                    + "~abc.part"), "partial");
            Path otherHost = Files.writeString(packages.resolve(FileSystemStorage.TEMP_MARKER + "elsewhere~" + killed.pid()
                    + "~abc.part"), "partial");
            write.stream().write(bytes("jason"));
            try (Stream<Path> files = Files.list(packages)) {
                running = files.filter(p -> p.getFileName().toString().startsWith(FileSystemStorage.TEMP_MARKER + thisHost + "~"
                        + ProcessHandle.current().pid() + "~")).findFirst().orElseThrow();
            }

            assertThat(keys("")).isEmpty();

            assertThat(leftOver).as("left by a process that is gone").doesNotExist();
            assertThat(otherHost).as("another host's writer cannot be checked").exists();
            assertThat(running).as("a write in progress").exists();
            write.commit();
        }
        assertThat(keys("")).containsExactly("packages/jason");
    }

    @Test
    void theFirstWriteInADirectoryRemovesTemporaryFilesOfKilledProcessesOfThisHostOnly() throws Exception {
        Process killed = new ProcessBuilder("true").start();
        killed.waitFor();
        String thisHost = LeftoverTempFiles.OWNER.substring(0, LeftoverTempFiles.OWNER.indexOf('~'));
        Path tarballs = Files.createDirectories(storage.root().resolve("tarballs"));
        Path leftOver = Files.writeString(tarballs.resolve(FileSystemStorage.TEMP_MARKER + thisHost + "~" + killed.pid()
                + "~abc.part"), "partial");
        Path otherHost = Files.writeString(tarballs.resolve(FileSystemStorage.TEMP_MARKER + "elsewhere~" + killed.pid()
                + "~abc.part"), "partial");

        storage.write("tarballs/jason-1.0.0.tar", bytes("jason"), WriteOptions.defaults());

        assertThat(leftOver).as("left by a process that is gone").doesNotExist();
        assertThat(otherHost).as("another host's writer cannot be checked").exists();
        assertThat(storage.root().resolve("tarballs/jason-1.0.0.tar")).hasContent("jason");
    }

    @Test
    void publishedFilesAreReadableByOthersLikeAnyNewFile() throws IOException {
        storage.write("packages/decimal", bytes("decimal"), WriteOptions.defaults());
        Path probe = Files.createFile(storage.root().resolve("probe"));

        // The same permissions as a plain new file under this umask: not the owner-only 0600 of a temp file.
        assertThat(Files.getPosixFilePermissions(storage.root().resolve("packages/decimal")))
                .isEqualTo(Files.getPosixFilePermissions(probe));
    }

    // ---- failures name the key ----

    @Test
    void writingIntoAReadOnlyDirectoryFailsNamingTheKey() throws Exception {
        storage.write("packages/decimal", bytes("old"), WriteOptions.defaults());
        Path packages = storage.root().resolve("packages");
        try (ReadOnlyDirectory ignored = ReadOnlyDirectory.of(packages)) {
            assertThatThrownBy(() -> storage.write("packages/jason", bytes("jason"), WriteOptions.defaults()))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("packages/jason")
                    .hasMessageContaining(storage.root().toString());
            assertThatThrownBy(() -> storage.write("packages/decimal", bytes("new"), WriteOptions.defaults()))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("packages/decimal");
            assertThatThrownBy(() -> storage.delete("packages/decimal"))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("packages/decimal");
            assertThat(read(storage, "packages/decimal")).isEqualTo("old");
        }
        try (ReadOnlyDirectory ignored = ReadOnlyDirectory.of(storage.root())) {
            assertThatThrownBy(() -> storage.write("tarballs/decimal-2.0.0.tar", bytes("x"), WriteOptions.defaults()))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("tarballs/decimal-2.0.0.tar");
        }
        assertThat(filesIn("packages")).containsExactly("decimal");
    }

    @Test
    void writingBelowAnObjectFailsNamingTheKey() throws IOException {
        storage.write("names", bytes("names"), WriteOptions.defaults());

        assertThatThrownBy(() -> storage.write("names/x", bytes("x"), WriteOptions.defaults()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("names/x")
                .hasMessageContaining("not a directory");
        assertThat(read(storage, "names")).isEqualTo("names");
    }

    @Test
    void aDirectoryIsNotAnObject() throws IOException {
        Files.createDirectories(storage.root().resolve("docs/empty"));

        assertThat(storage.stat("docs")).isEmpty();
        assertThat(storage.delete("docs/empty")).isFalse();
        assertThatThrownBy(() -> storage.read("docs")).isInstanceOf(ObjectNotFoundException.class);
        assertThatThrownBy(() -> storage.write("docs", bytes("x"), WriteOptions.exclusiveCreate()))
                .isInstanceOf(ObjectAlreadyExistsException.class);
        assertThat(Files.isDirectory(storage.root().resolve("docs/empty"))).isTrue();
    }

    @Test
    void openingAFileAsTheRootFailsNamingIt() throws IOException {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");

        assertThatThrownBy(() -> FileSystemStorage.open(file, false))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not a directory");
    }

    @Test
    void statGivesSizeAndModificationTimeFromTheFile() throws IOException {
        storage.write("versions", new byte[1234], WriteOptions.defaults());

        ObjectInfo info = storage.stat("versions").orElseThrow();
        assertThat(info.size()).isEqualTo(1234);
        assertThat(info.lastModified()).isEqualTo(Files.getLastModifiedTime(storage.root().resolve("versions")).toInstant());
        assertThat(info.sha256()).isEmpty();
    }

    // ---- listing ----

    @Test
    void listingReadsADirectoryOnlyWhenItGetsThere() throws IOException {
        storage.write("a/1", bytes("a1"), WriteOptions.defaults());
        storage.write("z/1", bytes("z1"), WriteOptions.defaults());

        try (Stream<ObjectInfo> listing = storage.list("")) {
            Iterator<ObjectInfo> objects = listing.iterator();
            assertThat(objects.next().key()).isEqualTo("a/1");
            // z/ has not been read yet: what changes there now is what the listing finds.
            storage.write("z/0", bytes("z0"), WriteOptions.defaults());
            assertThat(storage.delete("z/1")).isTrue();
            List<String> rest = new ArrayList<>();
            objects.forEachRemaining(info -> rest.add(info.key()));
            assertThat(rest).containsExactly("z/0");
        }
    }

    @Test
    void listingOrdersKeysAsStringsAcrossDirectories() throws IOException {
        for (String key : List.of("a/x", "ab", "a-b", "a.c", "a/b/c", "a0")) {
            storage.write(key, bytes(key), WriteOptions.defaults());
        }

        // '-' and '.' sort before '/', '0' and 'b' after it: a file named a-b comes before the directory a.
        assertThat(keys("")).containsExactly("a-b", "a.c", "a/b/c", "a/x", "a0", "ab");
        assertThat(keys("a")).containsExactly("a-b", "a.c", "a/b/c", "a/x", "a0", "ab");
        assertThat(keys("a/")).containsExactly("a/b/c", "a/x");
    }

    // ---- local files ----

    @Test
    void aLocalFileIsTheObjectsFileOpenedForReading() throws IOException {
        storage.write("tarballs/decimal-2.0.0.tar", bytes("tarball"), WriteOptions.defaults());

        try (LocalFile file = storage.openLocalFile("tarballs/decimal-2.0.0.tar").orElseThrow()) {
            ByteBuffer buffer = ByteBuffer.allocate(16);
            file.channel().read(buffer, 0);
            assertThat(new String(buffer.array(), 0, buffer.position(), UTF_8)).isEqualTo("tarball");
            assertThat(file.info()).isEqualTo(storage.stat("tarballs/decimal-2.0.0.tar").orElseThrow());
        }
        Files.createDirectories(storage.root().resolve("tarballs/dir"));
        assertThatThrownBy(() -> storage.openLocalFile("tarballs/dir")).as("a directory is no object")
                .isInstanceOf(ObjectNotFoundException.class);
        Files.createSymbolicLink(storage.root().resolve("tarballs/link.tar"), outside.resolve("secret"));
        assertThatThrownBy(() -> storage.openLocalFile("tarballs/link.tar")).as("a file that is a link is no object")
                .isInstanceOf(ObjectNotFoundException.class);
        assertThatThrownBy(() -> storage.openLocalFile("tarballs/decimal-2.0.0.tar/x")).as("a key below an object")
                .isInstanceOf(ObjectNotFoundException.class);
        assertThatThrownBy(() -> storage.openLocalFile("docs/missing/x.tar")).as("a key in a missing directory")
                .isInstanceOf(ObjectNotFoundException.class);
    }

    @Test
    @Timeout(30)
    void aNamedPipeIsNoObjectAndIsNeverOpened() throws Exception {
        // Opening a pipe for reading would wait for a writer: the store must look before it opens.
        Files.createDirectories(storage.root().resolve("tarballs"));
        Path pipe = storage.root().resolve("tarballs/pipe.tar");
        Process mkfifo = new ProcessBuilder("mkfifo", pipe.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).as("mkfifo's exit status").isZero();

        assertThatThrownBy(() -> storage.openLocalFile("tarballs/pipe.tar")).isInstanceOf(ObjectNotFoundException.class);
        assertThat(storage.stat("tarballs/pipe.tar")).isEmpty();
    }

    // ---- helpers ----

    private static void assertRefusedAsLink(ThrowingRunnable action, String key) {
        assertThatThrownBy(action::run).as("operation on '%s'", key)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("'" + key + "'")
                .hasMessageContaining("symbolic link");
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private List<String> keys(String prefix) throws IOException {
        try (Stream<ObjectInfo> listing = storage.list(prefix)) {
            return listing.map(ObjectInfo::key).toList();
        }
    }

    private List<String> filesIn(String directory) throws IOException {
        try (Stream<Path> files = Files.list(storage.root().resolve(directory))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String read(Storage storage, String key) throws IOException {
        try (InputStream in = storage.read(key)) {
            return new String(in.readAllBytes(), UTF_8);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }
}
