package io.hexmirror.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.internal.sync.SyncOptions;
import io.hexmirror.storage.ForwardingStorage;
import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.ObjectWrite;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.WriteOptions;
import io.hexmirror.sync.SyncSummary;
import io.hexmirror.testkit.upstream.FakeHexRepository;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sync writes tarballs without waiting for the disk and makes them durable in batch syncs, one per
 * package, shared with the packages finishing at the same time. What vouches for a tarball (the package
 * file listing it, which the next sync trusts without reading the tarball; the resume record; the
 * indexes) must be written only after a batch that covers it, and so must a tarball found in place,
 * which a stopped sync may have renamed there without syncing it.
 */
class TarballBatchSyncTest {
    private static final int PACKAGES = 120;

    @TempDir
    Path dir;

    SyncFixture fixture;

    @BeforeEach
    void upstreamWithManyPackages() throws Exception {
        FakeHexRepository upstream = FakeHexRepository.create();
        for (int i = 0; i < PACKAGES; i++) {
            upstream.publish(name(i), "1.0.0").publish(name(i), "1.1.0");
        }
        fixture = new SyncFixture(dir.resolve("mirror"), upstream);
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void everyTarballIsWrittenWithADeferredSyncAndCoveredByABatchSyncBeforeItsPackageFile() throws Exception {
        Timeline timeline = new Timeline(fixture.storage);

        assertThat(fixture.sync(SyncOptions.all(), timeline).failures()).isEmpty();

        fixture.assertMirrorEqualsUpstream();
        for (int i = 0; i < PACKAGES; i++) {
            for (String version : List.of("1.0.0", "1.1.0")) {
                String tarball = "tarballs/" + name(i) + "-" + version + ".tar";
                assertThat(timeline.deferred).as(tarball + " written with a deferred sync").contains(tarball);
                timeline.assertDurableBefore(tarball, "packages/" + name(i));
            }
        }
    }

    @Test
    void aTarballAStoppedSyncLeftInPlaceIsSyncedBeforeItsPackageFileVouchesForIt() throws Exception {
        // As a sync killed after renaming it into place, before its batch, leaves it: whole in the
        // system's cache, maybe not on disk.
        String leftover = "tarballs/" + name(7) + "-1.1.0.tar";
        Path file = fixture.mirrorDir.resolve(leftover);
        Files.createDirectories(file.getParent());
        Files.write(file, fixture.upstream.file(leftover).orElseThrow());
        Timeline timeline = new Timeline(fixture.storage);

        fixture.server.resetLog();
        assertThat(fixture.sync(SyncOptions.all(), timeline).failures()).isEmpty();

        assertThat(fixture.requestedPaths()).as("found in place, not fetched").doesNotContain("/" + leftover);
        assertThat(timeline.deferred).doesNotContain(leftover);
        timeline.assertDurableBefore(leftover, "packages/" + name(7));
        fixture.assertMirrorEqualsUpstream();
    }

    @Test
    void aPowerLossBeforeATarballBatchIsSyncedLeavesNothingVouchingForItsTarballsAndTheNextSyncFetchesThemAgain()
            throws Exception {
        // Late enough that more than 50 packages were recorded as finished: the resume record has a part.
        PowerLoss power = new PowerLoss(fixture.storage, fixture.mirrorDir, 90);
        assertThatThrownBy(() -> fixture.sync(SyncOptions.all(), power)).isInstanceOf(CrashingStorage.Crash.class);

        Set<String> cut = power.cutShort();
        assertThat(cut).as("tarballs cut short by the power loss").isNotEmpty();
        Set<String> packagesOfCut = new TreeSet<>();
        cut.forEach(key -> packagesOfCut.add(key.substring("tarballs/".length(), key.lastIndexOf('-'))));
        for (String name : packagesOfCut) {
            assertThat(fixture.storage.stat("packages/" + name)).as("package file of " + name).isEmpty();
        }
        assertThat(fixture.storage.stat("names")).isEmpty();
        assertThat(fixture.storage.stat("versions")).isEmpty();
        List<String> recorded = recordedPackages();
        assertThat(recorded).as("packages in the resume record").isNotEmpty().doesNotContainAnyElementsOf(packagesOfCut);

        fixture.server.resetLog();
        SyncSummary next = fixture.sync();

        assertThat(next.failures()).isEmpty();
        assertThat(fixture.requestedPaths()).as("cut tarballs fetched again")
                .containsAll(cut.stream().map(key -> "/" + key).toList());
        fixture.assertMirrorEqualsUpstream();
        assertThat(fixture.verify().problems()).isEmpty();
    }

    /** The package names in the resume record's parts. */
    private List<String> recordedPackages() throws IOException {
        List<String> names = new ArrayList<>();
        List<String> parts;
        try (Stream<ObjectInfo> listing = fixture.storage.list(".hexmirror/sync-progress/")) {
            parts = listing.map(ObjectInfo::key).toList();
        }
        for (String part : parts) {
            List<String> lines = Files.readAllLines(fixture.mirrorDir.resolve(part), UTF_8);
            lines.subList(1, lines.size()).forEach(line -> names.add(line.substring(0, line.indexOf(' '))));
        }
        return names;
    }

    private static String name(int i) {
        return String.format("pkg_%03d", i);
    }

    /**
     * Passes everything on and notes, on one clock, when each write was committed, which were deferred,
     * when each key was handed to {@link #syncWithDeferredWrites}, and when each batch sync started and
     * returned. A batch makes durable what was committed (or handed over) before it started.
     */
    private static final class Timeline extends ForwardingStorage {
        private final AtomicLong clock = new AtomicLong();
        private final Map<String, Long> committed = new ConcurrentHashMap<>();
        private final Map<String, Long> handedOver = new ConcurrentHashMap<>();
        private final Set<String> deferred = ConcurrentHashMap.newKeySet();
        /** Start and end of each batch sync that returned. */
        private final List<long[]> batches = new ArrayList<>();

        Timeline(Storage delegate) {
            super(delegate);
        }

        @Override
        public ObjectWrite write(String key, WriteOptions options) throws IOException {
            return HookedWrite.after(delegate().write(key, options), () -> {
                committed.put(key, clock.incrementAndGet());
                if (options.deferredSync()) {
                    deferred.add(key);
                }
            });
        }

        @Override
        public void syncWithDeferredWrites(String key) throws IOException {
            delegate().syncWithDeferredWrites(key);
            handedOver.put(key, clock.incrementAndGet());
        }

        @Override
        public void syncDeferredWrites() throws IOException {
            long start = clock.incrementAndGet();
            delegate().syncDeferredWrites();
            long end = clock.incrementAndGet();
            synchronized (batches) {
                batches.add(new long[] {start, end});
            }
        }

        /** Asserts that a batch sync that started after {@code object} was written or handed over returned before {@code voucher} was written. */
        void assertDurableBefore(String object, String voucher) {
            Long written = committed.containsKey(object) ? committed.get(object) : handedOver.get(object);
            assertThat(written).as(object + " written or handed to a batch").isNotNull();
            Long vouched = committed.get(voucher);
            assertThat(vouched).as(voucher + " written").isNotNull();
            boolean covered;
            synchronized (batches) {
                covered = batches.stream().anyMatch(b -> b[0] > written && b[1] < vouched);
            }
            assertThat(covered).as("a batch sync between " + object + " and " + voucher).isTrue();
        }
    }

    /**
     * Passes everything to a mirror directory and remembers the deferred writes not synced yet. The
     * {@code failingSync}-th {@link #syncDeferredWrites}, or the first after it with files to sync, is
     * a power loss: each of those files is cut to half its length, and that call and every later
     * change throw {@link CrashingStorage.Crash}.
     */
    private static final class PowerLoss extends ForwardingStorage {
        private final Path root;
        private final int failingSync;
        private final AtomicInteger syncs = new AtomicInteger();
        private final Set<String> unsynced = ConcurrentHashMap.newKeySet();
        private final Set<String> cutShort = ConcurrentHashMap.newKeySet();
        private final AtomicBoolean down = new AtomicBoolean();

        PowerLoss(Storage delegate, Path root, int failingSync) {
            super(delegate);
            this.root = root;
            this.failingSync = failingSync;
        }

        Set<String> cutShort() {
            return Set.copyOf(cutShort);
        }

        @Override
        public ObjectWrite write(String key, WriteOptions options) throws IOException {
            return HookedWrite.around(delegate().write(key, options), this::failIfDown, () -> {
                if (options.deferredSync()) {
                    unsynced.add(key);
                }
            });
        }

        @Override
        public boolean delete(String key) throws IOException {
            failIfDown();
            return delegate().delete(key);
        }

        @Override
        public void syncWithDeferredWrites(String key) throws IOException {
            unsynced.add(key);
            delegate().syncWithDeferredWrites(key);
        }

        /**
         * One batch at a time, so that no other batch makes durable what this one found unsynced between
         * its look and the power loss: otherwise the loss could find nothing left to cut.
         */
        @Override
        public synchronized void syncDeferredWrites() throws IOException {
            failIfDown();
            Set<String> taken = Set.copyOf(unsynced);
            // At the first batch from then on with files to sync.
            if (syncs.incrementAndGet() >= failingSync && !taken.isEmpty() && down.compareAndSet(false, true)) {
                // Down before anything is cut: a writer that has not committed yet never will.
                for (String key : Set.copyOf(unsynced)) {
                    Path file = root.resolve(key);
                    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                        channel.truncate(channel.size() / 2);
                    }
                    cutShort.add(key);
                }
                throw new CrashingStorage.Crash();
            }
            delegate().syncDeferredWrites();
            unsynced.removeAll(taken);
        }

        private void failIfDown() {
            if (down.get()) {
                throw new CrashingStorage.Crash();
            }
        }
    }
}
