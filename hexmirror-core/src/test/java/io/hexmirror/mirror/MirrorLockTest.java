package io.hexmirror.mirror;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.storage.StorageCapability;
import io.hexmirror.storage.WriteOptions;
import io.hexmirror.storage.fs.FileSystemStorage;
import io.hexmirror.testkit.storage.FaultInjectingStorage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link MirrorLock} against the real filesystem store (the in-memory one would not show file-level races). */
class MirrorLockTest {
    @TempDir
    Path dir;

    private FileSystemStorage storage;

    @BeforeEach
    void open() throws IOException {
        storage = FileSystemStorage.open(dir.resolve("mirror"), false);
    }

    @Test
    void acquiringWritesWhoHoldsTheLockUnderTheReservedPrefix() throws Exception {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (MirrorLock lock = MirrorLock.acquire(storage, "hexmirror sync")) {
            Instant after = Instant.now();

            assertThat(MirrorLock.KEY).isEqualTo(".hexmirror/lock");
            assertThat(ReservedKeys.isReserved(MirrorLock.KEY)).isTrue();
            String content = read(MirrorLock.KEY);
            MirrorLock.Holder holder = lock.holder();
            assertThat(holder.owner()).isEqualTo("hexmirror sync");
            assertThat(holder.host()).isNotBlank();
            assertThat(holder.pid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(holder.acquiredAt()).isBetween(before, after);
            assertThat(holder.token()).matches("[0-9a-f]{32}");
            assertThat(content).contains(
                    "owner=hexmirror sync\n",
                    "host=" + holder.host() + "\n",
                    "pid=" + holder.pid() + "\n",
                    "acquired-at=" + holder.acquiredAt() + "\n",
                    "token=" + holder.token() + "\n",
                    "break the lock");
            assertThat(lock.isHeld()).isTrue();
        }
    }

    @Test
    void aSecondWriterIsToldWhoHoldsTheLockSinceWhenAndHowToBreakIt() throws Exception {
        try (MirrorLock first = MirrorLock.acquire(storage, "hexmirror sync --all")) {
            MirrorLock.Holder holder = first.holder();

            assertThatThrownBy(() -> MirrorLock.acquire(storage, "hexmirror prune"))
                    .isInstanceOfSatisfying(MirrorLockedException.class,
                            e -> assertThat(e.holder()).contains(holder))
                    .hasMessageContaining(storage.describe())
                    .hasMessageContaining("'hexmirror sync --all'")
                    .hasMessageContaining("host " + holder.host())
                    .hasMessageContaining("pid " + holder.pid())
                    .hasMessageContaining("since " + holder.acquiredAt())
                    .hasMessageContaining("break the lock")
                    .message().doesNotContain(holder.token());
            assertThat(first.isHeld()).isTrue();
        }
    }

    @Test
    void closingReleasesTheLockForTheNextWriter() throws Exception {
        MirrorLock first = MirrorLock.acquire(storage, "first");
        first.close();

        assertThat(storage.stat(MirrorLock.KEY)).isEmpty();
        assertThat(first.isHeld()).isFalse();
        try (MirrorLock second = MirrorLock.acquire(storage, "second")) {
            assertThat(second.isHeld()).isTrue();
            first.close();
            assertThat(second.isHeld()).as("a second close of the first lock leaves the second alone").isTrue();
        }
    }

    @Test
    void closeLeavesALockThatWasBrokenAndTakenByAnotherWriter() throws Exception {
        MirrorLock stale = MirrorLock.acquire(storage, "crashed sync");
        assertThat(MirrorLock.breakLock(storage)).isTrue();

        try (MirrorLock fresh = MirrorLock.acquire(storage, "new sync")) {
            assertThat(stale.isHeld()).isFalse();
            stale.close();

            assertThat(fresh.isHeld()).isTrue();
            assertThat(read(MirrorLock.KEY)).contains("owner=new sync\n");
        }
        assertThat(storage.stat(MirrorLock.KEY)).isEmpty();
    }

    @Test
    void releasingLeavesALockAnotherWriterTookJustBeforeTheDelete() throws Exception {
        FaultInjectingStorage racing = new FaultInjectingStorage(storage);
        MirrorLock slow = MirrorLock.acquire(racing, "slow sync");
        AtomicReference<MirrorLock> fresh = new AtomicReference<>();
        // The slow writer has decided to release; in that instant its lock is broken and taken.
        racing.beforeDeleteOf(MirrorLock.KEY, () -> {
            try {
                assertThat(MirrorLock.breakLock(storage)).isTrue();
                fresh.set(MirrorLock.acquire(storage, "new sync"));
            } catch (MirrorLockedException e) {
                throw new AssertionError(e);
            }
        });

        slow.close();

        assertThat(fresh.get()).as("the other writer took the lock during the release").isNotNull();
        assertThat(read(MirrorLock.KEY)).contains("owner=new sync\n");
        assertThat(fresh.get().isHeld()).isTrue();
        fresh.get().close();
        assertThat(storage.stat(MirrorLock.KEY)).isEmpty();
    }

    @Test
    void takingOverAStaleLockLeavesTheLockOfAWriterThatTookItOverFirst() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        writeLockOf("hexmirror sync (killed)", thisHost(), gone.pid());
        FaultInjectingStorage racing = new FaultInjectingStorage(storage);
        AtomicReference<MirrorLock> first = new AtomicReference<>();
        // Both find the stale lock; the first removes it and takes the lock just before the second removes it.
        racing.beforeDeleteOf(MirrorLock.KEY, () -> {
            try {
                first.set(MirrorLock.acquire(storage, "first sync"));
            } catch (MirrorLockedException e) {
                throw new AssertionError(e);
            }
        });

        assertThatThrownBy(() -> MirrorLock.acquire(racing, "second sync"))
                .isInstanceOfSatisfying(MirrorLockedException.class,
                        e -> assertThat(e.holder()).contains(first.get().holder()));
        assertThat(first.get().isHeld()).isTrue();
        assertThat(read(MirrorLock.KEY)).contains("owner=first sync\n");
        first.get().close();
    }

    @Test
    void aStoreWithoutAtomicConditionalDeleteStillReleasesTheLock() throws Exception {
        FaultInjectingStorage plain = new FaultInjectingStorage(storage).hideCapability(StorageCapability.CONDITIONAL_DELETE);

        MirrorLock lock = MirrorLock.acquire(plain, "hexmirror sync");
        lock.close();

        assertThat(storage.stat(MirrorLock.KEY)).isEmpty();
        assertThat(plain.deletedKeys()).containsExactly(MirrorLock.KEY);
    }

    @Test
    void aLockLeftByAProcessOfThisHostThatIsGoneIsTakenOver() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        writeLockOf("hexmirror sync (killed)", thisHost(), gone.pid());

        try (MirrorLock lock = MirrorLock.acquire(storage, "hexmirror sync")) {
            assertThat(lock.isHeld()).isTrue();
            assertThat(read(MirrorLock.KEY)).contains("owner=hexmirror sync\n");
        }
    }

    @Test
    void aLockOfAProcessStillRunningOnThisHostIsNeitherTakenOverNorBroken() throws Exception {
        Process running = new ProcessBuilder("sleep", "60").start();
        try {
            writeLockOf("hexmirror sync", thisHost(), running.pid());

            assertThatThrownBy(() -> MirrorLock.acquire(storage, "second")).isInstanceOf(MirrorLockedException.class)
                    .hasMessageContaining("pid " + running.pid());
            assertThatThrownBy(() -> MirrorLock.breakLock(storage)).isInstanceOf(MirrorLockedException.class)
                    .hasMessageContaining("pid " + running.pid() + ")").hasMessageContaining("which is still running: stop it first");
            assertThat(storage.stat(MirrorLock.KEY)).isPresent();
        } finally {
            running.destroy();
            running.waitFor();
        }
        assertThat(MirrorLock.breakLock(storage)).as("once the process is gone").isTrue();
    }

    @Test
    void aLockOfAnotherHostIsNotTakenOverButCanBeBroken() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        writeLockOf("hexmirror sync", "elsewhere.example", gone.pid());

        assertThatThrownBy(() -> MirrorLock.acquire(storage, "second")).isInstanceOf(MirrorLockedException.class)
                .hasMessageContaining("on host elsewhere.example");
        assertThat(MirrorLock.breakLock(storage)).isTrue();
    }

    private String thisHost() throws Exception {
        try (MirrorLock probe = MirrorLock.acquire(storage, "probe")) {
            return probe.holder().host();
        }
    }

    private void writeLockOf(String owner, String host, long pid) throws IOException {
        String content = "owner=" + owner + "\nhost=" + host + "\npid=" + pid + "\nacquired-at=2025-01-02T03:04:05Z\n"
                + "token=0123456789abcdef0123456789abcdef\n";
        storage.write(MirrorLock.KEY, content.getBytes(UTF_8), WriteOptions.exclusiveCreate());
    }

    @Test
    void breakingWithoutALockReportsThatThereWasNone() throws Exception {
        assertThat(MirrorLock.breakLock(storage)).isFalse();
    }

    @Test
    void anUnreadableLockStillLocksAndCanBeBroken() throws Exception {
        storage.write(MirrorLock.KEY, "garbage".getBytes(UTF_8), WriteOptions.defaults());

        assertThatThrownBy(() -> MirrorLock.acquire(storage, "hexmirror sync"))
                .isInstanceOfSatisfying(MirrorLockedException.class, e -> assertThat(e.holder()).isEmpty())
                .hasMessageContaining(".hexmirror/lock")
                .hasMessageContaining("cannot be read")
                .hasMessageContaining("break the lock");

        assertThat(MirrorLock.breakLock(storage)).isTrue();
        try (MirrorLock lock = MirrorLock.acquire(storage, "hexmirror sync")) {
            assertThat(lock.isHeld()).isTrue();
        }
    }

    @Test
    void ofWritersRacingForTheLockExactlyOneWins() throws Exception {
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<MirrorLock>> attempts = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        try {
            for (int i = 0; i < writers; i++) {
                String owner = "writer " + i;
                attempts.add(pool.submit(() -> {
                    start.await();
                    try {
                        return MirrorLock.acquire(storage, owner);
                    } catch (MirrorLockedException e) {
                        return null;
                    }
                }));
            }
            start.countDown();
            List<MirrorLock> winners = new ArrayList<>();
            for (Future<MirrorLock> attempt : attempts) {
                MirrorLock lock = attempt.get(60, TimeUnit.SECONDS);
                if (lock != null) {
                    winners.add(lock);
                }
            }

            assertThat(winners).hasSize(1);
            assertThat(read(MirrorLock.KEY)).contains("owner=" + winners.get(0).holder().owner() + "\n");
            winners.get(0).close();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aStoreWithoutExclusiveCreateCannotHoldTheLock() throws Exception {
        FaultInjectingStorage withoutExclusive = new FaultInjectingStorage(storage)
                .hideCapability(StorageCapability.CREATE_EXCLUSIVE);

        assertThatThrownBy(() -> MirrorLock.acquire(withoutExclusive, "hexmirror sync"))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining(storage.describe())
                .hasMessageContaining("CREATE_EXCLUSIVE");
        assertThat(storage.stat(MirrorLock.KEY)).isEmpty();
    }

    @Test
    void theOwnerIsKeptOnOneLineAndMustNotBeBlank() throws Exception {
        try (MirrorLock lock = MirrorLock.acquire(storage, "sync\ntoken=forged\r\n")) {
            assertThat(lock.holder().owner()).isEqualTo("sync token=forged");
            assertThat(read(MirrorLock.KEY)).contains("owner=sync token=forged\n").doesNotContain("\ntoken=forged");
            assertThat(lock.isHeld()).isTrue();
        }
        assertThatThrownBy(() -> MirrorLock.acquire(storage, " \n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("owner is blank");
    }

    @Test
    void closingAfterTheLockObjectVanishedIsQuiet() throws Exception {
        MirrorLock lock = MirrorLock.acquire(storage, "hexmirror sync");
        storage.delete(MirrorLock.KEY);

        assertThat(lock.isHeld()).isFalse();
        lock.close();
        assertThat(storage.stat(MirrorLock.KEY)).isEmpty();
    }

    @Test
    void aLockWhoseCreationAnswerWasLostIsStillTaken() throws Exception {
        FaultInjectingStorage lossy = new FaultInjectingStorage(storage).loseCommitResponse(1);

        try (MirrorLock lock = MirrorLock.acquire(lossy, "hexmirror sync")) {
            assertThat(lock.isHeld()).isTrue();
            assertThat(read(MirrorLock.KEY)).contains("token=" + lock.holder().token() + "\n");
            assertThat(lossy.committedKeys()).as("the lock object was written once").containsExactly(MirrorLock.KEY);
            assertThatThrownBy(() -> MirrorLock.acquire(storage, "another sync"))
                    .isInstanceOfSatisfying(MirrorLockedException.class, e -> assertThat(e.holder()).contains(lock.holder()));
        }
        assertThat(storage.stat(MirrorLock.KEY)).as("released on close").isEmpty();
    }

    @Test
    void anotherWritersLockIsNotMistakenForOurLostAnswer() throws Exception {
        try (MirrorLock first = MirrorLock.acquire(storage, "first sync")) {
            // The exclusive write really finds another writer's object: reading it back shows their token.
            FaultInjectingStorage lossy = new FaultInjectingStorage(storage).loseCommitResponse(1);

            assertThatThrownBy(() -> MirrorLock.acquire(lossy, "second sync"))
                    .isInstanceOfSatisfying(MirrorLockedException.class, e -> assertThat(e.holder()).contains(first.holder()));
            assertThat(first.isHeld()).isTrue();
            assertThat(read(MirrorLock.KEY)).contains("owner=first sync\n");
        }
    }

    private String read(String key) throws IOException {
        try (InputStream in = storage.read(key)) {
            return new String(in.readAllBytes(), UTF_8);
        }
    }
}
