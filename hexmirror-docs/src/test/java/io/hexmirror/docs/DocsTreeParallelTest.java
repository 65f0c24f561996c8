package io.hexmirror.docs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.storage.ForwardingStorage;
import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.ObjectWrite;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.WriteOptions;
import io.hexmirror.storage.fs.FileSystemStorage;
import io.hexmirror.testkit.upstream.FakeHexRepository;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trees derived on several threads: the same result as on one, and the same safety. */
class DocsTreeParallelTest {
    private static final int EXTRA_PACKAGES = 12;

    @TempDir
    Path dir;
    private final FakeHexRepository upstream = FakeHexRepository.create();
    private final List<DocsRelease> releases = new ArrayList<>();
    private final Map<DocsRelease, byte[]> tarballs = new ConcurrentHashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        upstream.release("mime", "1.5.0").withDocs().publish();
        upstream.release("mime", "1.6.0").withDocs().publish();
        upstream.release("jason", "1.4.0").publish();
        upstream.release("plug", "1.0.0").dependsOn("mime", "~> 1.0").dependsOn("jason", "~> 1.0").withDocs().publish();
        for (int i = 0; i < EXTRA_PACKAGES; i++) {
            upstream.release("pkg" + i, "1.0.0").dependsOn("mime", "~> 1.0").withDocs().publish();
        }
        add(new DocsRelease("mime", "1.5.0"), upstream.file("docs/mime-1.5.0.tar.gz").orElseThrow());
        // Right after the first version to bring ExDoc's app to _dist: one whose app of that name holds other
        // bytes. One after the other, mime 1.5.0 claims the name and this one keeps its own dist/.
        String app = distApp(tarballs.get(releases.get(0)));
        add(new DocsRelease("clash", "1.0.0"), TestTars.create().file("index.html", "<script src=\"dist/" + app + "\"></script>")
                .file("dist/" + app, "alert('other bytes')").build());
        add(new DocsRelease("mime", "1.6.0"), upstream.file("docs/mime-1.6.0.tar.gz").orElseThrow());
        add(new DocsRelease("plug", "1.0.0"), upstream.file("docs/plug-1.0.0.tar.gz").orElseThrow());
        for (int i = 0; i < EXTRA_PACKAGES; i++) {
            DocsRelease release = new DocsRelease("pkg" + i, "1.0.0");
            add(release, upstream.file(release.tarballKey()).orElseThrow());
        }
    }

    private void add(DocsRelease release, byte[] tarball) {
        releases.add(release);
        tarballs.put(release, tarball);
    }

    private static String distApp(byte[] tarball) throws Exception {
        DocsContents contents = DocsTarballs.check(new DocsRelease("mime", "1.5.0"), new ByteArrayInputStream(tarball),
                DocsLimits.hexdocs());
        return contents.files().stream().map(DocsEntry::path).filter(p -> p.startsWith("dist/app-")).findFirst()
                .orElseThrow().substring("dist/".length());
    }

    private Storage storeAll(String name) throws Exception {
        Storage storage = FileSystemStorage.open(dir.resolve(name), false);
        for (DocsRelease release : releases) {
            storage.write(release.tarballKey(), tarballs.get(release), WriteOptions.defaults());
        }
        return storage;
    }

    /** Every derived file, marker and link record, with its content. */
    private static Map<String, String> derivedFiles(Storage storage) throws IOException {
        Map<String, String> files = new TreeMap<>();
        for (String prefix : List.of("hexdocs/", ".hexmirror/docs/")) {
            List<String> keys;
            try (Stream<ObjectInfo> listing = storage.list(prefix)) {
                keys = listing.map(ObjectInfo::key).toList();
            }
            for (String key : keys) {
                try (InputStream in = storage.read(key)) {
                    files.put(key, new String(in.readAllBytes(), UTF_8));
                }
            }
        }
        return files;
    }

    @Test
    void severalThreadsDeriveTheSameTreesMarkersAndSharedDistAsOne() throws Exception {
        Storage one = storeAll("one");
        HexDocs.TreeUpdate sequential = new HexDocs(one, DocsLimits.hexdocs(), 1).refresh(releases, List.of());
        Map<String, String> expected = derivedFiles(one);
        assertThat(sequential.derived()).hasSize(releases.size());
        assertThat(sequential.derived().get(1).sharedDist()).as("the clashing version keeps its own dist/").isFalse();
        assertThat(expected).containsKey("hexdocs/clash/1.0.0/dist/" + distApp(tarballs.get(releases.get(0))));

        for (int round = 0; round < 5; round++) {
            Storage several = storeAll("several-" + round);
            HexDocs.TreeUpdate parallel = new HexDocs(several, DocsLimits.hexdocs(), 4).refresh(releases, List.of());

            assertThat(parallel.derived()).as("round %d", round).isEqualTo(sequential.derived());
            assertThat(derivedFiles(several)).as("round %d", round).isEqualTo(expected);
        }
    }

    @Test
    void versionsAreDerivedSideBySide() throws Exception {
        ConcurrencyWatchingStorage watched = new ConcurrencyWatchingStorage(storeAll("watched"));

        new HexDocs(watched, DocsLimits.hexdocs(), 2).refresh(releases.subList(0, 2), List.of());

        assertThat(watched.mostTarballReadsAtOnce.get()).as("two tarballs read at once").isEqualTo(2);
    }

    @Test
    void thePagesOfSeveralPackagesAreWrittenSideBySide() throws Exception {
        Storage storage = storeAll("pages");
        HexDocs docs = new HexDocs(storage, DocsLimits.hexdocs(), 2);
        docs.refresh(releases, List.of());
        ConcurrencyWatchingStorage watched = new ConcurrencyWatchingStorage(storage, key -> key.endsWith("/docs_config.js"));

        // Each package's drop-down is read back to be written only when it differs.
        new HexDocs(watched, DocsLimits.hexdocs(), 2).rebuild(false);

        assertThat(watched.mostTarballReadsAtOnce.get()).as("two packages' pages at once").isEqualTo(2);
    }

    @Test
    void aSmallTarballIsReadOnceAndOneWithLargeFilesTwice() throws Exception {
        DocsRelease large = new DocsRelease("large", "1.0.0");
        byte[] big = "x".repeat((int) DocsTree.KEPT_BYTES + 1).getBytes(UTF_8);
        add(large, TestTars.create().file("index.html", "<p>large</p>").file("big.txt", big).build());
        ConcurrencyWatchingStorage watched = new ConcurrencyWatchingStorage(storeAll("reads"));
        DocsRelease plug = new DocsRelease("plug", "1.0.0");

        HexDocs.TreeUpdate update = new HexDocs(watched, DocsLimits.hexdocs(), 2).refresh(List.of(plug, large), List.of());

        assertThat(update.refused()).isEmpty();
        assertThat(watched.tarballReads).containsEntry(plug.tarballKey(), 1).containsEntry(large.tarballKey(), 2);
        try (InputStream in = watched.read("hexdocs/large/1.0.0/big.txt")) {
            assertThat(in.readAllBytes()).isEqualTo(big);
        }
        assertThat(new DocsTree(watched, DocsLimits.hexdocs()).isStale(plug)).isFalse();
        assertThat(new DocsTree(watched, DocsLimits.hexdocs()).isStale(large)).isFalse();
    }

    @Test
    void aRefusedVersionAmongOthersWritesNothingAndTheOthersAreMarked() throws Exception {
        DocsRelease evil = new DocsRelease("evil", "1.0.0");
        releases.add(3, evil);
        tarballs.put(evil, TestTars.create().file("index.html", "ok").file("../../mime/1.6.0/Mime.html", "owned").build());
        Storage storage = storeAll("refused");

        HexDocs.TreeUpdate update = new HexDocs(storage, DocsLimits.hexdocs(), 4).refresh(releases, List.of());

        assertThat(update.refused()).singleElement().extracting(DocsTarballException::release).isEqualTo(evil);
        assertThat(derivedFiles(storage).keySet()).noneMatch(k -> k.contains("evil"));
        DocsTree tree = new DocsTree(storage, DocsLimits.hexdocs());
        for (DocsRelease release : releases) {
            assertThat(tree.isStale(release)).as("%s stale", release).isEqualTo(release.equals(evil));
        }
    }

    @Test
    void aVersionFailingMidwayGetsNoMarkerAndNoFileIsWrittenOnceTheFailureIsThrown() throws Exception {
        DocsRelease failing = releases.get(8);
        FailingStorage storage = new FailingStorage(storeAll("failing"), failing.treePrefix());

        assertThatThrownBy(() -> new HexDocs(storage, DocsLimits.hexdocs(), 4).refresh(releases, List.of()))
                .isInstanceOf(IOException.class).hasMessageContaining("disk full");
        int writesWhenThrown = storage.writes.get();
        Thread.sleep(300);

        assertThat(storage.writes.get()).as("writes after the failure was thrown").isEqualTo(writesWhenThrown);
        DocsTree tree = new DocsTree(storage, DocsLimits.hexdocs());
        assertThat(tree.isStale(failing)).isTrue();
        for (DocsRelease release : releases.subList(8, releases.size())) {
            assertThat(tree.isStale(release)).as("%s after the failing version is vouched for", release).isTrue();
        }
        // Derived again with the failure gone, every tree is complete and vouched for.
        storage.failing = false;
        new HexDocs(storage, DocsLimits.hexdocs(), 4).rebuild(false);
        for (DocsRelease release : releases) {
            assertThat(tree.isStale(release)).as("%s stale", release).isFalse();
        }
    }

    /** Counts the reads of each watched key (by default the tarballs), and the most reads of them in progress at once. */
    private static final class ConcurrencyWatchingStorage extends ForwardingStorage {
        final Map<String, Integer> tarballReads = new ConcurrentHashMap<>();
        final AtomicInteger mostTarballReadsAtOnce = new AtomicInteger();
        private final AtomicInteger readingNow = new AtomicInteger();
        private final Predicate<String> watched;

        ConcurrencyWatchingStorage(Storage delegate) {
            this(delegate, key -> key.startsWith(DocsRelease.TARBALLS_PREFIX));
        }

        ConcurrencyWatchingStorage(Storage delegate, Predicate<String> watched) {
            super(delegate);
            this.watched = watched;
        }

        @Override
        public InputStream read(String key) throws IOException {
            if (!watched.test(key)) {
                return super.read(key);
            }
            tarballReads.merge(key, 1, Integer::sum);
            mostTarballReadsAtOnce.accumulateAndGet(readingNow.incrementAndGet(), Math::max);
            try {
                // Give another thread the time to start its own read, if one is deriving alongside.
                long deadline = System.nanoTime() + 2_000_000_000L;
                while (mostTarballReadsAtOnce.get() < 2 && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException();
            } finally {
                readingNow.decrementAndGet();
            }
            return super.read(key);
        }
    }

    /** Fails every write below a prefix (while {@link #failing}), and counts every write. */
    private static final class FailingStorage extends ForwardingStorage {
        final AtomicInteger writes = new AtomicInteger();
        private final String prefix;
        volatile boolean failing = true;

        FailingStorage(Storage delegate, String prefix) {
            super(delegate);
            this.prefix = prefix;
        }

        @Override
        public ObjectWrite write(String key, WriteOptions options) throws IOException {
            writes.incrementAndGet();
            if (failing && key.startsWith(prefix)) {
                throw new IOException("cannot write '" + key + "': disk full");
            }
            return super.write(key, options);
        }
    }
}
